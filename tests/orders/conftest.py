"""Order fixtures: the store wired to the Hub sandbox with a webhook secret, a shopper, and orders made directly."""

import re
import secrets

import pytest

from storefront.extensions import db
from storefront.orders.models import Order, OrderLine, OrderStatus
from tests.conftest import csrf_token_from
from tests.shoppers.conftest import ShopperDriver

WEBHOOK_SECRET = "test-webhook-secret"


@pytest.fixture
def app_config(app_config, sandbox):
    """The store talking to the in-process Hub sandbox, with quick retries and a webhook secret."""
    app_config.update(sandbox.hub_config())
    app_config.update({"HUB_MAX_RETRIES": 3, "HUB_BACKOFF_BASE": 0.01, "HUB_BACKOFF_MAX": 0.05})
    app_config["HUB_WEBHOOK_SECRET"] = WEBHOOK_SECRET
    return app_config


def checkout_key_from(html):
    """The hidden checkout_key a checkout page carries."""
    tag = re.search(r'<input[^>]*name="checkout_key"[^>]*>', html)
    assert tag, "page has no checkout_key field"
    return re.search(r'value="([^"]+)"', tag.group(0)).group(1)


class CheckoutDriver(ShopperDriver):
    """A shopper who can also check out."""

    def checkout_form(self):
        """GET /checkout; returns (page html, form fields a browser would post back)."""
        response = self.client.get("/checkout")
        assert response.status_code == 200, response.status_code
        page = response.get_data(as_text=True)
        return page, {
            "csrf_token": csrf_token_from(page),
            "checkout_key": checkout_key_from(page),
        }

    def checkout(self, email="sam@example.com", name="Sam Guest", fields=None):
        """Fill in and post the checkout form; returns the response (a redirect on success)."""
        if fields is None:
            _page, fields = self.checkout_form()
        return self.client.post("/checkout", data={**fields, "email": email, "name": name})

    def add_plain(self, sku="ENV-C6-KRAFT-25", quantity=2):
        response = self.client.post("/cart/items", data={"csrf_token": self.csrf(), "sku": sku, "quantity": quantity})
        assert response.status_code == 302


@pytest.fixture
def shopper(client, sandbox, demo_catalog):
    return CheckoutDriver(client, sandbox)


def make_order(user=None, anonymous_id=None, status=OrderStatus.RENDERING, number=None):
    """An order with one personalized line, written straight to the database (no Hub, no queue)."""
    order = Order(
        checkout_key=secrets.token_urlsafe(24),
        access_token=secrets.token_urlsafe(24),
        user_id=user.id if user else None,
        anonymous_id=anonymous_id,
        storefront_user_id=f"customer-{user.id}" if user else anonymous_id,
        email=user.email if user else "guest@example.com",
        name=user.name if user else "Guest Shopper",
        status=status,
        total_cents=2900,
    )
    order.lines.append(
        OrderLine(
            line_index=0,
            sku="BC-CLASSIC-100-MATTE",
            product_name="Classic business card",
            variant_name="100 cards, matte",
            product_reference="classic-business-card",
            quantity=1,
            unit_price_cents=2900,
            design_ids=["design-1"],
        )
    )
    db.session.add(order)
    db.session.flush()
    order.number = number or f"PS-{order.id:06d}"
    db.session.commit()
    return order
