"""The owner's tax rates: a rate per country and per region where the country has regions, one per destination, typed
as a percentage with at most two decimals; the two tax settings shown; the pages are the owner's alone."""

import re

import pytest

from storefront.extensions import db
from storefront.shipping.models import TaxRate
from storefront.shipping.pricing import Rate
from storefront.shipping.queries import rate_for
from tests.fixtures.admin_forms import field_errors, form_page, row, submit
from tests.fixtures.drivers import AdminDriver
from tests.fixtures.pages import csrf_token_from, flashes
from tests.fixtures.records import CUSTOMER, make_user

NEW = "/admin/shipping/rates/new"
OVERVIEW = "/admin/shipping"


def add_rate(owner, **fields):
    return submit(owner, NEW, {"country": "DE", "region": "", "name": "VAT", "rate": "19", **fields})


@pytest.fixture
def german_vat(owner):
    assert add_rate(owner).status_code == 302
    return row(TaxRate, country="DE")


def rate_row(html, key):
    found = re.search(rf'<tr class="admin-row" data-rate="{key}">(.*?)</tr>', html, re.S)
    assert found, f"no row for {key}"
    return re.sub(r"\s+", " ", found.group(1))


def test_the_owner_sets_a_country_rate_and_a_state_rate_that_checkout_applies(owner, german_vat):
    assert (german_vat.region, german_vat.name, german_vat.basis_points) == (None, "VAT", 1900)
    assert not german_vat.demo_managed
    response = add_rate(owner, country="US", region="california", name="Sales tax", rate="7.25")
    assert response.status_code == 302, field_errors(response.get_data(as_text=True))
    assert row(TaxRate, country="US").region == "CA", "a region is kept as its code"
    page = form_page(owner, OVERVIEW)
    assert "Germany" in rate_row(page, "DE") and "VAT" in rate_row(page, "DE") and "19%" in rate_row(page, "DE")
    assert "California, United States" in rate_row(page, "US-CA") and "7.25%" in rate_row(page, "US-CA")
    assert rate_for("DE") == Rate("VAT", 1900)
    assert rate_for("US", "CA") == Rate("Sales tax", 725)
    assert rate_for("US", "NY") is None


def test_editing_a_rate_shows_the_percentage_typed_and_saves_a_new_one(owner, german_vat):
    url = f"/admin/shipping/rates/{german_vat.id}"
    page = form_page(owner, url)
    assert 'value="19"' in page and 'value="VAT"' in page
    assert re.search(r'<option selected value="DE">Germany</option>', page)
    assert submit(owner, url, {"country": "DE", "region": "", "name": "MwSt.", "rate": "7"}).status_code == 302
    db.session.expire_all()
    assert rate_for("DE") == Rate("MwSt.", 700)


def test_a_region_for_a_country_without_regions_is_refused_and_the_input_kept(owner):
    response = add_rate(owner, region="Bavaria", name="Local VAT", rate="19.5")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert (
        "Germany has no regions in Google's address data: leave this empty for a rate for the whole country."
        in field_errors(html)
    )
    assert 'value="Bavaria"' in html and 'value="Local VAT"' in html and 'value="19.5"' in html
    assert re.search(r'<option selected value="DE">Germany</option>', html)
    assert row(TaxRate, country="DE") is None


def test_a_region_the_country_does_not_have_is_refused_with_examples(owner):
    response = add_rate(owner, country="US", region="Narnia", name="Sales tax", rate="5")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    errors = field_errors(html)
    assert any(e.startswith("Narnia is not a state of United States: use one of its codes or names") for e in errors)
    assert "The regions of United States" in html and "<code>CA</code> California" in html


def test_a_second_rate_for_the_same_destination_is_refused(owner, german_vat):
    response = add_rate(owner, name="VAT again", rate="20")
    assert response.status_code == 400
    assert "Germany has a tax rate already: edit that one instead." in field_errors(response.get_data(as_text=True))
    assert add_rate(owner, country="US", region="NY", name="Sales tax", rate="4").status_code == 302
    response = add_rate(owner, country="US", region="New York", name="Sales tax", rate="8.875")
    assert "New York, United States has a tax rate already: edit that one instead." in field_errors(
        response.get_data(as_text=True)
    )
    assert add_rate(owner, country="US", region="", name="Sales tax", rate="1").status_code == 302, (
        "the whole country's rate is another destination than its state's"
    )


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("7.255", "Use at most two decimals, e.g. 7.25."),
        ("120", "Use a rate from 0 to 100."),
        ("-1", "Use a rate from 0 to 100."),
        ("NaN", "Use a rate from 0 to 100."),
        ("nineteen", "Type the rate as a number, e.g. 19 or 7.25."),
        ("", "Give the rate as a percentage, e.g. 19 or 7.25."),
    ],
)
def test_a_rate_that_is_not_a_percentage_with_two_decimals_is_refused(owner, typed, message):
    response = add_rate(owner, rate=typed)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert field_errors(html) == [message]
    assert re.search(rf'<input [^>]*name="rate"[^>]*value="{typed}">', html), "what was typed is kept"
    assert row(TaxRate, country="DE") is None


def test_a_rate_without_a_country_or_words_is_refused(owner):
    response = add_rate(owner, country="EU", name="")
    assert response.status_code == 400
    errors = field_errors(response.get_data(as_text=True))
    assert errors == ["Choose a country.", "Give the tax its name, e.g. VAT or Sales tax."]


def test_removing_a_rate_says_so(owner, german_vat):
    token = csrf_token_from(form_page(owner, OVERVIEW))
    response = owner.client.post(
        f"/admin/shipping/rates/{german_vat.id}/remove", data={"csrf_token": token}, follow_redirects=True
    )
    assert flashes(response.get_data(as_text=True)) == ["The VAT rate for Germany was removed."]
    assert rate_for("DE") is None


def test_the_page_shows_both_tax_settings_and_where_to_change_them(owner, app):
    page = form_page(owner, OVERVIEW)
    assert re.search(r'data-setting="PRICES_INCLUDE_TAX"><strong>no</strong>', page)
    assert re.search(r'data-setting="SHIPPING_TAXED"><strong>yes</strong>', page)
    assert "in the environment or the <code>.env</code> file and restart" in page
    app.config["PRICES_INCLUDE_TAX"] = True
    assert re.search(r'data-setting="PRICES_INCLUDE_TAX"><strong>yes</strong>', form_page(owner, OVERVIEW))
    assert 'href="/admin/shipping" aria-current="page"' in page, "the admin menu names the section"


SHIPPING_URLS = [
    OVERVIEW,
    "/admin/shipping/methods/new",
    "/admin/shipping/methods/1",
    "/admin/shipping/rates/new",
    "/admin/shipping/rates/1",
    "/admin/shipping/rates/1/remove",
]


def test_the_pages_are_the_owners_alone(app, client):
    for url in SHIPPING_URLS:
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"].startswith("/account/login?next="), url
    make_user(**CUSTOMER)
    customer = AdminDriver(app.test_client())
    customer.login(CUSTOMER["email"], CUSTOMER["password"])
    for url in SHIPPING_URLS:
        assert customer.client.get(url).status_code == 404, url
    token = csrf_token_from(customer.client.get("/").get_data(as_text=True))
    fields = {"csrf_token": token, "country": "DE", "name": "VAT", "rate": "19"}
    assert customer.client.post(NEW, data=fields).status_code == 404
    assert row(TaxRate, country="DE") is None
