"""The owner's shipping methods: added for the countries they serve (and offered only there), edited, switched off,
and a method orders were placed with switched off instead of removed; every mistake gets a message on its field."""

import re

import pytest

from storefront.extensions import db
from storefront.shipping.models import ShippingMethod
from storefront.shipping.queries import methods_for, shipping_countries
from tests.fixtures.admin_forms import field_errors, form_page, row, submit
from tests.fixtures.pages import csrf_token_from, flashes
from tests.fixtures.records import make_order

NEW = "/admin/shipping/methods/new"
OVERVIEW = "/admin/shipping"


def method_fields(**fields):
    values = {
        "name": "Courier",
        "delivery_time": "Next working day",
        "countries": ["DE", "FR"],
        "price": "9.90",
        "extra_item": "1.50",
        "free_above": "100",
        "active": "y",
        "position": "3",
    }
    return {**values, **fields}


@pytest.fixture
def courier(owner):
    response = submit(owner, NEW, method_fields())
    assert response.status_code == 302, field_errors(response.get_data(as_text=True))
    return row(ShippingMethod, name="Courier")


def method_row_of(html, method):
    found = re.search(rf'<tr class="admin-row" data-method="{method.id}">(.*?)</tr>', html, re.S)
    assert found, f"no row for {method.name}"
    return re.sub(r"\s+", " ", found.group(1))


def test_the_owner_adds_a_method_for_two_countries_and_checkout_offers_it_only_there(owner, courier):
    assert courier.countries == ["DE", "FR"]
    assert (courier.price_cents, courier.extra_item_cents, courier.free_above_cents) == (990, 150, 10_000)
    assert courier.active and courier.position == 3 and not courier.demo_managed
    listed = method_row_of(form_page(owner, OVERVIEW), courier)
    assert "Courier" in listed and "Next working day" in listed and "France, Germany" in listed
    assert "$9.90" in listed and "$1.50" in listed and "$100.00" in listed
    assert [method.name for method in methods_for("DE")] == ["Courier"]
    assert methods_for("FR") == methods_for("DE")
    assert methods_for("US") == [] and methods_for("AT") == []
    assert shipping_countries() == ["DE", "FR"]


def test_the_edit_form_shows_the_method_and_saves_a_change(owner, courier):
    url = f"/admin/shipping/methods/{courier.id}"
    page = form_page(owner, url)
    assert 'value="Courier"' in page and 'value="9.90"' in page and 'value="100.00"' in page
    assert re.search(r'<input type="checkbox" id="countries-DE" name="countries" value="DE" checked>', page)
    assert not re.search(r'value="US" checked', page)
    response = submit(owner, url, method_fields(countries=["AT"], price="12", extra_item="", free_above=""))
    assert response.status_code == 302
    edited = row(ShippingMethod, id=courier.id)
    assert edited.countries == ["AT"] and edited.price_cents == 1200
    assert edited.extra_item_cents == 0 and edited.free_above_cents is None
    assert methods_for("DE") == [] and [m.name for m in methods_for("AT")] == ["Courier"]


def test_a_method_switched_off_is_no_longer_offered(owner, courier):
    fields = method_fields()
    del fields["active"]  # an unticked checkbox is not posted
    assert submit(owner, f"/admin/shipping/methods/{courier.id}", fields).status_code == 302
    assert row(ShippingMethod, id=courier.id).active is False
    assert methods_for("DE") == [] and shipping_countries() == []
    assert "<td>off</td>" in method_row_of(form_page(owner, OVERVIEW), courier)


def remove(owner, method):
    token = csrf_token_from(form_page(owner, OVERVIEW))
    response = owner.client.post(
        f"/admin/shipping/methods/{method.id}/remove", data={"csrf_token": token}, follow_redirects=True
    )
    assert response.status_code == 200
    return flashes(response.get_data(as_text=True))


def test_removing_a_method_orders_were_placed_with_switches_it_off_instead(owner, courier):
    order = make_order()
    order.shipping_method_id, order.shipping_method_name = courier.id, courier.name
    db.session.commit()
    messages = remove(owner, courier)
    assert any("switched off instead of removed" in message for message in messages), messages
    kept = row(ShippingMethod, id=courier.id)
    assert kept is not None and kept.active is False
    assert methods_for("DE") == []


def test_removing_a_method_no_order_names_deletes_it(owner, courier):
    assert remove(owner, courier) == ["Courier was removed."]
    assert row(ShippingMethod, id=courier.id) is None


def test_a_method_form_with_mistakes_keeps_the_input_and_says_what_is_wrong(owner):
    fields = method_fields(
        name="", delivery_time="Two days", countries=["DE", "XX"], price="a lot", extra_item="1.999", free_above="-5"
    )
    response = submit(owner, NEW, fields)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    errors = field_errors(html)
    assert "Give the method a name, e.g. Standard." in errors
    assert "Not a country an address can be in: XX." in errors
    assert "Type the amount in figures, e.g. 19.99." in errors
    assert "Use at most two decimals." in errors
    assert "Use an amount from 0 to 100000." in errors
    assert 'value="Two days"' in html and 'value="a lot"' in html and 'value="1.999"' in html
    assert 'value="DE" checked' in html, "the ticked country stays ticked"
    assert "Nothing was saved" in html
    assert db.session.scalar(db.select(db.func.count()).select_from(ShippingMethod)) == 0


def test_a_method_needs_a_country_and_an_amount_that_is_a_number(owner):
    fields = method_fields(countries=[], price="Infinity", free_above="1e400", extra_item="NaN")
    response = submit(owner, NEW, fields)
    assert response.status_code == 400
    errors = field_errors(response.get_data(as_text=True))
    assert "Choose at least one country." in errors
    assert errors.count("Type the amount in figures, e.g. 19.99.") == 3


def test_countries_are_offered_by_their_names_and_never_as_groups_of_countries(owner):
    page = form_page(owner, NEW)
    assert re.search(r'value="DE"> Germany</label>', page)
    assert re.search(r'value="US"> United States</label>', page)
    for not_a_country in ("EU", "UN", "ZZ", "001", "150"):
        assert f'value="{not_a_country}"' not in page
    response = submit(owner, NEW, method_fields(countries=["EU"]))
    assert "Not a country an address can be in: EU." in field_errors(response.get_data(as_text=True))


def test_a_post_without_its_csrf_token_changes_nothing(owner, courier):
    response = owner.client.post(f"/admin/shipping/methods/{courier.id}/remove")
    assert response.status_code in (302, 400)
    assert row(ShippingMethod, id=courier.id) is not None
    response = owner.client.post(NEW, data=method_fields(name="Sneaky"))
    assert response.status_code == 400
    assert row(ShippingMethod, name="Sneaky") is None
