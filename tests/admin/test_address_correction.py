"""The owner corrects an order's shipping address before it ships: checked as checkout checks it (a message on the
field, what was typed kept), the change and who made it on the timeline; refused once the order has shipped or was
cancelled. An order placed before the store took addresses shows that it has none."""

import re

import pytest

from storefront.extensions import db
from storefront.orders.models import OrderStatus
from storefront.shipping.models import ShippingMethod
from tests.fixtures.pages import csrf_token_from, flashes
from tests.fixtures.records import make_order, reload

PLACED_TO = {
    "name": "Ada Lovelace",
    "company": "",
    "line1": "1600 Amphitheatre Pkwy",
    "line2": "",
    "city": "Mountan View",
    "postal_code": "94043",
    "region": "CA",
    "country": "US",
    "phone": "",
}


def order_to(address=PLACED_TO, status=OrderStatus.READY):
    order = make_order(status=status)
    order.shipping_address = dict(address) if address else None
    db.session.commit()
    return order


def post_address(owner, order, **changes):
    """Post the order page's address form with the order's address and these changes; the response, not followed."""
    fields = {f"address-{name}": value for name, value in {**(order.shipping_address or {}), **changes}.items()}
    token = csrf_token_from(owner.page(order))
    return owner.client.post(f"/admin/orders/{order.id}/address", data={"csrf_token": token, **fields})


def address_events(order):
    db.session.expire_all()
    return [(e.source, e.actor, e.message) for e in reload(order).events if e.kind == "address_corrected"]


def test_the_order_page_shows_the_address_and_a_form_filled_with_it(owner):
    page = owner.page(order_to())
    shown = re.search(r"<address[^>]*data-shipping-address>(.*?)</address>", page, re.S).group(1)
    assert shown.split("<br>")[:3] == ["Ada Lovelace", "1600 Amphitheatre Pkwy", "MOUNTAN VIEW, CA 94043"]
    form = re.search(r"<form[^>]*data-address-form>.*?</form>", page, re.S).group(0)
    assert 'name="address-city"' in form and 'value="Mountan View"' in form
    assert re.findall(r'<option[^>]*value="([A-Z]{2})"', form) == ["US"]  # the country stays the order's


def test_a_valid_correction_is_saved_and_on_the_timeline_with_who_made_it(owner):
    order = order_to()
    response = post_address(owner, order, city="Mountain View", postal_code="94041", line2="Building 40")
    assert response.status_code == 302
    page = owner.client.get(response.location).get_data(as_text=True)
    assert any(m.startswith(f"Order {order.number}: shipping address corrected: ") for m in flashes(page))

    corrected = reload(order).shipping_address
    assert (corrected["city"], corrected["postal_code"], corrected["line2"]) == (
        "Mountain View",
        "94041",
        "Building 40",
    )
    assert corrected["name"] == "Ada Lovelace" and corrected["country"] == "US"
    (event,) = address_events(order)
    assert event == (
        "admin",
        "owner@example.com",
        "Shipping address corrected: address line 2 (empty) → “Building 40”; city “Mountan View” → “Mountain View”; "
        "postal code “94043” → “94041”",
    )
    assert "data-shipping-address>Ada Lovelace<br>1600 Amphitheatre Pkwy<br>Building 40<br>MOUNTAIN VIEW" in page


def test_saving_the_same_address_changes_nothing(owner):
    order = order_to()
    response = post_address(owner, order)
    page = owner.client.get(response.location).get_data(as_text=True)
    assert f"Order {order.number}: the shipping address is unchanged." in flashes(page)
    assert address_events(order) == []


def test_a_postal_code_that_does_not_fit_is_refused_on_its_field_and_what_was_typed_is_kept(owner):
    order = order_to()
    response = post_address(owner, order, postal_code="9404X", line1="1601 Amphitheatre Pkwy")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    error = re.search(r'<p class="field-error" id="address-postal_code-error">(.*?)</p>', html)
    assert error and error.group(1) == "This postal code does not fit the country (for example 95014)."
    assert 'value="9404X"' in html and 'value="1601 Amphitheatre Pkwy"' in html
    assert re.search(r'<details class="admin-address" open>', html)
    assert reload(order).shipping_address == PLACED_TO
    assert address_events(order) == []


def test_another_country_posted_by_hand_is_refused(owner):
    order = order_to()
    response = post_address(owner, order, country="DE", postal_code="10115", city="Berlin", region="")
    assert response.status_code == 400
    assert "Choose a country we ship to." in response.get_data(as_text=True)
    assert reload(order).shipping_address == PLACED_TO


@pytest.mark.parametrize("status", [OrderStatus.FULFILLED, OrderStatus.CANCELLED])
def test_the_address_of_a_shipped_or_cancelled_order_stays_as_it_is(owner, status):
    order = order_to(status=status)
    page = owner.page(order)
    assert "data-address-form" not in page and "data-shipping-address" in page
    response = post_address(owner, order, city="Mountain View")
    assert response.status_code == 302
    message = f"Correcting the shipping address is not possible: order {order.number} is {status.label.lower()}."
    assert message in flashes(owner.client.get(response.location).get_data(as_text=True))
    assert reload(order).shipping_address == PLACED_TO
    assert address_events(order) == []


def test_an_order_that_ships_while_the_owner_types_keeps_its_address(owner):
    order = order_to()
    token = csrf_token_from(owner.page(order))
    order.status = OrderStatus.FULFILLED  # shipped from another tab meanwhile (written here as a test row)
    db.session.commit()
    fields = {f"address-{name}": value for name, value in {**PLACED_TO, "city": "Mountain View"}.items()}
    response = owner.client.post(f"/admin/orders/{order.id}/address", data={"csrf_token": token, **fields})
    assert "is shipped" in " ".join(flashes(owner.client.get(response.location).get_data(as_text=True)))
    assert reload(order).shipping_address == PLACED_TO


def test_an_order_placed_before_addresses_shows_none_and_may_be_given_one(owner):
    db.session.add(ShippingMethod(name="Standard", countries=["US", "GB"], price_cents=500))
    db.session.commit()
    order = order_to(address=None)
    page = owner.page(order)
    assert "No address (placed before the store took addresses)." in page
    assert "Add an address" in page
    response = post_address(owner, order, **{**PLACED_TO, "city": "Mountain View"})
    assert response.status_code == 302
    assert reload(order).shipping_address["city"] == "Mountain View"
    ((source, actor, message),) = address_events(order)
    assert message.startswith("Shipping address added: Ada Lovelace, 1600 Amphitheatre Pkwy, MOUNTAIN VIEW, CA 94043")
