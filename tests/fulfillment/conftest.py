"""Fulfilment fixtures: the store on the sandbox with instant polls, and orders placed the way checkout does."""

import pytest

from storefront.checkout import new_checkout_key, place_order
from storefront.extensions import db
from storefront.models import User
from storefront.shoppers import GUEST_ID_KEY, Shopper, customer_storefront_user_id
from tests.shoppers.conftest import ShopperDriver


@pytest.fixture
def app_config(app_config, sandbox):
    app_config.update(sandbox.hub_config())
    app_config.update(
        {
            "HUB_MAX_RETRIES": 3,
            "HUB_BACKOFF_BASE": 0.01,
            "HUB_BACKOFF_MAX": 0.05,
            "HUB_POLL_INTERVAL": 0,
            "HUB_RESUME_DELAY": 0,
            "HUB_WEBHOOK_SECRET": "test-webhook-secret",
        }
    )
    return app_config


@pytest.fixture
def shopper(client, sandbox, demo_catalog):
    return ShopperDriver(client, sandbox)


@pytest.fixture
def place(shopper):
    """Check out the shopper's cart through the checkout service; returns the order."""

    def place_cart(email="guest@example.com", name="Guest Shopper"):
        with shopper.client.session_transaction() as session:
            guest_id = session.get(GUEST_ID_KEY)
            user_id = session.get("_user_id")
        if user_id:
            user = db.session.get(User, int(user_id))
            who = Shopper(customer_storefront_user_id(user), user=user)
        else:
            who = Shopper(guest_id, anonymous_id=guest_id)
        return place_order(who, email, name, new_checkout_key())

    return place_cart
