"""Address book fixtures: a store that ships to a few countries, a signed-in customer and another customer."""

import pytest

from storefront.extensions import db
from storefront.shipping.models import ShippingMethod
from tests.fixtures.pages import csrf_token_from
from tests.fixtures.records import CUSTOMER, make_user

STRANGER = {"email": "mallory@example.com", "name": "Mallory Stranger", "password": "not-your-book-1"}
# The countries the fixture's methods serve; Brazil is served by a method that is switched off.
SHIPS_TO = ("CA", "DE", "GB", "US")

# A valid address in each of two countries, as the form posts it (fields prefixed `address-`).
IN_US = {
    "name": "Ada Lovelace",
    "company": "",
    "line1": "1600 Amphitheatre Pkwy",
    "line2": "",
    "city": "Mountain View",
    "postal_code": "94043",
    "region": "CA",
    "country": "US",
    "phone": "+1 650 253 0000",
}
IN_DE = {
    "name": "Ada Lovelace",
    "company": "Analytical GmbH",
    "line1": "Unter den Linden 1",
    "line2": "",
    "city": "Berlin",
    "postal_code": "10117",
    "region": "",
    "country": "DE",
    "phone": "",
}


@pytest.fixture
def shipping(app):
    """Two active methods serving SHIPS_TO, and an inactive one for Brazil."""
    db.session.add_all(
        [
            ShippingMethod(name="Standard", countries=["US", "CA", "DE"], price_cents=500, position=1),
            ShippingMethod(name="Express", countries=["GB", "US"], price_cents=1500, position=2),
            ShippingMethod(name="Samba", countries=["BR"], price_cents=900, active=False, position=3),
        ]
    )
    db.session.commit()


@pytest.fixture
def customer(app):
    return make_user(**CUSTOMER)


@pytest.fixture
def stranger(app):
    return make_user(**STRANGER)


def log_in(client, who):
    token = csrf_token_from(client.get("/account/login").get_data(as_text=True))
    response = client.post(
        "/account/login", data={"email": who["email"], "password": who["password"], "csrf_token": token}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


@pytest.fixture
def signed_in(client, customer, shipping):
    """A client signed in as `customer`, in a store that ships to SHIPS_TO."""
    return log_in(client, CUSTOMER)
