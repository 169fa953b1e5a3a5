"""Checkout checks every design in the cart at the Hub: a forgotten one is named, its line marked, nothing lost."""

import requests

from storefront.cart.models import CartLine
from storefront.extensions import db
from storefront.orders.models import Order
from tests.fixtures.pages import flashes


def forget_design(sandbox, owner, design_id):
    """What the Hub's retention clean-up does to a design: it is gone from the owner's storage."""
    response = requests.delete(
        f"{sandbox.url}/api/storage/v1/private-designs/{design_id}",
        params={"ownerId": owner},
        headers={"Authorization": f"Bearer {sandbox.access_token()}"},
        timeout=10,
    )
    response.raise_for_status()


def cart_lines():
    db.session.expire_all()
    return db.session.execute(db.select(CartLine).order_by(CartLine.id)).scalars().all()


def orders():
    return db.session.execute(db.select(Order)).scalars().all()


def test_checkout_with_a_forgotten_design_is_refused_with_the_cart_intact(shopper, sandbox):
    forgotten = shopper.personalize_into_cart("photo-mug", lines=("Gone",))
    shopper.personalize_into_cart("classic-business-card", lines=("Still here",))
    shopper.add_plain()
    forget_design(sandbox, forgotten["properties"]["_userId"], forgotten["key"])

    response = shopper.checkout()

    assert response.status_code == 302 and response.location.endswith("/cart/")
    assert orders() == []
    lines = cart_lines()
    assert len(lines) == 3
    assert [bool(line.design_missing_at) for line in lines] == [True, False, False]
    cart = shopper.client.get("/cart/").get_data(as_text=True)
    assert any(
        "no longer has your design for Personal mug" in message and "Design it again" in message
        for message in flashes(cart)
    )
    assert cart.count("data-design-missing") == 1 and "Design it again" in cart

    # Designing it again from the cart replaces that line; then the order goes through.
    config = shopper.open_editor("photo-mug", line=lines[0].id)
    assert "designId" not in config["input"]
    assert shopper.add_to_cart(shopper.design(config, lines=("Made anew",))).status_code == 201
    assert [bool(line.design_missing_at) for line in cart_lines()] == [False, False, False]
    assert shopper.checkout().status_code == 302
    (order,) = orders()
    assert len(order.lines) == 3


def test_checkout_asks_the_hub_once_per_design(shopper, sandbox):
    shopper.personalize_into_cart("photo-mug")
    shopper.personalize_into_cart("classic-business-card")
    before = sandbox.stats().get("PrivateDesigns_Get", 0)
    assert shopper.checkout().status_code == 302
    assert sandbox.stats()["PrivateDesigns_Get"] == before + 2
    assert len(orders()) == 1


def test_a_hub_outage_does_not_block_checkout(shopper, sandbox):
    shopper.personalize_into_cart("photo-mug")
    sandbox.set_faults(error_rate=1.0, error_status=503)

    response = shopper.checkout()

    assert response.status_code == 302 and "/orders/" in response.location
    assert len(orders()) == 1 and cart_lines() == []
