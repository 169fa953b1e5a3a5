"""Admin fixtures: the store on the sandbox with instant polls, orders placed through checkout, a logged-in owner."""

import re

import pytest

from storefront.extensions import db
from storefront.orders.models import Order, OrderStatus
from storefront.shoppers import accounts
from tests.conftest import csrf_token_from
from tests.fixtures.jobs import run_jobs_until
from tests.fulfillment import conftest as fulfillment

# The fulfilment suite's fixtures: the sandbox with instant polls, a shopper, and checkout through place_order.
app_config = fulfillment.app_config
shopper = fulfillment.shopper
place = fulfillment.place

OWNER = {"email": "owner@example.com", "name": "Olive Owner", "password": "print-it-all-1"}
CUSTOMER = {"email": "carl@example.com", "name": "Carl Customer", "password": "just-buying-1"}


def reload(order):
    db.session.expire_all()
    return db.session.get(Order, order.id)


def flashes(html):
    """The flash messages a page shows, as text."""
    found = re.findall(r'<p class="flash[^"]*"[^>]*>(.*?)</p>', html, re.S)
    return [re.sub(r"\s+", " ", text).strip() for text in found]


class AdminDriver:
    """A browser session of the store owner (or of whoever logs in with it)."""

    def __init__(self, client):
        self.client = client

    def login(self, email, password):
        page = self.client.get("/account/login").get_data(as_text=True)
        response = self.client.post(
            "/account/login", data={"csrf_token": csrf_token_from(page), "email": email, "password": password}
        )
        assert response.status_code == 302, response.status_code
        return response

    def page(self, order):
        response = self.client.get(f"/admin/orders/{order.id}")
        assert response.status_code == 200, response.status_code
        return response.get_data(as_text=True)

    def post(self, order, action, csrf=True, **data):
        """POST an action from the order page; returns (response after the redirect, its flash messages)."""
        if csrf:
            data["csrf_token"] = csrf_token_from(self.page(order))
        response = self.client.post(f"/admin/orders/{order.id}/{action}", data=data, follow_redirects=True)
        return response, flashes(response.get_data(as_text=True))


def make_user(is_admin=False, **who):
    user = accounts.register_customer(who["email"], who["name"], who["password"])
    user.is_admin = is_admin
    db.session.commit()
    return user


@pytest.fixture
def owner_user(app):
    return make_user(is_admin=True, **OWNER)


@pytest.fixture
def owner(app, owner_user):
    """The store owner, logged in on a client of their own (the shopper keeps the `client` fixture)."""
    driver = AdminDriver(app.test_client())
    driver.login(OWNER["email"], OWNER["password"])
    return driver


@pytest.fixture
def ready_order(shopper, place):
    """A personalized order placed through checkout and worked by the real worker until its print files are ready."""
    shopper.personalize_into_cart("photo-mug", lines=("Admin test",))
    order = place()
    run_jobs_until(lambda: reload(order).status in OrderStatus.FINAL)
    order = reload(order)
    assert order.status == OrderStatus.READY
    return order
