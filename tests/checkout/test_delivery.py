"""Checkout with an address and a shipping method: only the methods that serve the destination, with their prices;
totals computed on the server and frozen on the order; every refusal says why on its field and keeps the cart and
what was typed."""

import html
import re

import pytest

from storefront.cart.models import CartLine
from storefront.extensions import db
from storefront.orders.models import Order
from tests.fixtures.drivers import US_ADDRESS
from tests.fixtures.pages import address_fields, flashes

BERLIN = {
    "name": "Ada Lovelace",
    "company": "Analytical Engines GmbH",
    "line1": "Unter den Linden 1",
    "city": "Berlin",
    "postal_code": "10117",
    "country": "DE",
    "phone": "+49 30 1234567",
}
CALIFORNIA = {**US_ADDRESS, "city": "Mountain View", "postal_code": "94043", "region": "California"}


def orders():
    db.session.expire_all()
    return db.session.execute(db.select(Order)).scalars().all()


def cart_lines():
    db.session.expire_all()
    return db.session.execute(db.select(CartLine)).scalars().all()


def error_of(page, field_id):
    match = re.search(rf'<p class="field-error" id="{re.escape(field_id)}-error">(.*?)</p>', page, re.S)
    return html.unescape(match.group(1).strip()) if match else None


def value_of(page, field_id):
    match = re.search(rf'id="{re.escape(field_id)}"[^>]*value="([^"]*)"', page)
    return match.group(1) if match else None


def test_an_order_abroad_with_express_freezes_its_address_method_and_totals(shopper, shipping):
    shopper.add_plain("ENV-C6-KRAFT-25", quantity=2)  # 2 × 6.50
    _page, fields = shopper.checkout_form()
    fields["shipping_method"] = str(shipping["Express"].id)

    response = shopper.checkout(fields=fields, address=BERLIN, total_cents="1")  # a posted total is never read

    assert response.status_code == 302
    (order,) = orders()
    assert (order.subtotal_cents, order.shipping_cents) == (1300, 1495 + 200)  # per order, plus one extra item
    assert order.tax_cents == 569 and order.total_cents == 1300 + 1695 + 569  # (1300 + 1695) × 19 % = 569.05
    assert order.tax_lines == [{"name": "VAT", "basis_points": 1900, "base": 2995, "amount": 569}]
    assert (order.shipping_method_name, order.delivery_time, order.currency) == ("Express", "1-2 working days", "USD")
    assert order.shipping_address == {**BERLIN, "line2": "", "region": ""}
    assert order.billing_address == order.shipping_address
    page = shopper.client.get(response.location).get_data(as_text=True)
    for shown in ("$13.00", "$16.95", "VAT 19 %", "$5.69", "$35.64", "Unter den Linden 1", "Germany", "Express"):
        assert shown in page, shown


def test_the_methods_offered_are_those_that_serve_the_country(shopper, shipping):
    shopper.add_plain()
    us = shopper.client.get("/checkout/totals.json?country=US").get_json()
    de = shopper.client.get("/checkout/totals.json?country=DE").get_json()
    assert [m["name"] for m in us["methods"]] == ["Standard"]
    assert [(m["name"], m["price_text"]) for m in de["methods"]] == [("Standard", "$5.95"), ("Express", "$16.95")]
    assert shopper.client.get("/checkout/totals.json?country=FR").status_code == 400


def test_a_method_posted_for_a_country_it_does_not_serve_is_refused_and_the_cart_kept(shopper, shipping):
    shopper.add_plain()
    _page, fields = shopper.checkout_form()
    fields["shipping_method"] = str(shipping["Express"].id)  # Express goes to Germany only

    response = shopper.checkout(fields=fields, address=US_ADDRESS)

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "does not deliver to the country you chose" in error_of(page, "shipping_method")
    assert orders() == [] and len(cart_lines()) == 1
    assert value_of(page, "shipping-line1") == "1 Main Street"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"postal_code": "1011"}, "shipping-postal_code", "does not fit the country"),
        ({"city": ""}, "shipping-city", "Enter the city."),
        ({"country": "FR"}, "shipping-country", "Choose a country we ship to."),
        ({"name": ""}, "shipping-name", "Enter the recipient's name."),
        ({"phone": "call me maybe"}, "shipping-phone", "Use digits"),
    ],
)
def test_bad_addresses_get_a_message_on_the_field_and_keep_what_was_typed(shopper, shipping, change, field, message):
    shopper.add_plain()
    response = shopper.checkout(address={**BERLIN, **change})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in (error_of(page, field) or "")
    assert value_of(page, "shipping-line1") == "Unter den Linden 1"
    assert orders() == [] and len(cart_lines()) == 1


def test_a_us_address_needs_its_state_and_a_region_rate_applies(shopper, shipping):
    shopper.add_plain()
    refused = shopper.checkout(address={**CALIFORNIA, "region": ""})
    assert "Choose the state." in error_of(refused.get_data(as_text=True), "shipping-region")

    shopper.checkout(address=CALIFORNIA)

    (order,) = orders()
    assert order.shipping_address["region"] == "CA"  # typed by name, kept as the code
    assert order.tax_lines[0]["name"] == "Sales tax" and order.tax_cents == round((1300 + 595) * 0.0725)


def test_a_billing_address_of_its_own(shopper, shipping):
    shopper.add_plain()
    _page, fields = shopper.checkout_form()
    fields.pop("billing_same")
    billing = address_fields("billing", {**US_ADDRESS, "name": "Accounts Payable"})

    shopper.checkout(fields=fields, address=BERLIN, **billing)

    (order,) = orders()
    assert order.billing_address["name"] == "Accounts Payable"
    assert order.shipping_address["city"] == "Berlin"


def test_update_totals_without_javascript_follows_the_country_and_places_nothing(shopper, shipping):
    shopper.add_plain()
    _page, fields = shopper.checkout_form()

    response = shopper.checkout(fields=fields, address=BERLIN, update_totals="Update totals")

    page = response.get_data(as_text=True)
    assert response.status_code == 200 and orders() == []
    assert "Express" in page and "VAT 19 %" in page
    assert value_of(page, "shipping-city") == "Berlin"
    assert flashes(page) == []


def test_a_customer_starts_from_their_default_address_and_may_save_a_new_one(shopper, shipping):
    from storefront.addresses import book
    from storefront.shoppers.models import User

    shopper.register(email="ada@example.com", name="Ada Lovelace")
    user = db.session.execute(db.select(User)).scalar_one()
    book.add(user, {**BERLIN, "line2": "", "region": ""})
    shopper.add_plain()
    page, fields = shopper.checkout_form()
    assert value_of(page, "shipping-line1") == "Unter den Linden 1"

    shopper.checkout(fields=fields, address=US_ADDRESS, save_address="y")

    assert [address.city for address in book.addresses_of(user)] == ["Berlin", "Springfield"]
    my_orders = shopper.client.get("/orders/").get_data(as_text=True)
    assert "Springfield, United States · Standard" in my_orders
    assert "$13.00 + shipping $5.95" in my_orders and "$18.95" in my_orders
