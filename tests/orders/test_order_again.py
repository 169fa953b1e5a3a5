"""Order again: a past order's designs go back into the cart as new copies at the Hub, at today's prices."""

import re

import requests

from storefront.cart.models import CartLine
from storefront.catalog.models import ProductGroup, ProductVariant
from storefront.extensions import db
from storefront.orders.models import Order
from tests.fixtures.pages import csrf_token_from, flashes, open_order_link

DESIGNS = "/api/storage/v1/private-designs"


def placed_order(shopper, *products):
    for slug, lines in products:
        shopper.personalize_into_cart(slug, lines=lines)
    response = shopper.checkout()
    assert response.status_code == 302, response.status_code
    return db.session.execute(db.select(Order).order_by(Order.id.desc())).scalars().first()


def order_again(shopper, order, page=None):
    """Press Order again on a page (the order page by default); returns the cart page after the redirect."""
    page = page or shopper.client.get(f"/orders/{order.number}").get_data(as_text=True)
    assert f"/orders/{order.number}/order-again" in page, "the page offers no Order again"
    response = shopper.client.post(
        f"/orders/{order.number}/order-again", data={"csrf_token": csrf_token_from(page)}, follow_redirects=True
    )
    assert response.status_code == 200
    return response.get_data(as_text=True)


def cart_lines():
    db.session.expire_all()
    return db.session.execute(db.select(CartLine).order_by(CartLine.id)).scalars().all()


def design_lines(sandbox, owner, design_id):
    """The text of a design as the Hub keeps it (None when the Hub has no such design for this owner)."""
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {sandbox.access_token()}"
    found = api.get(f"{sandbox.url}{DESIGNS}/{design_id}", params={"ownerId": owner}, timeout=10)
    if found.status_code == 404:
        return None
    token = api.get(
        f"{sandbox.url}/api/storefront/v1/storefront-users/token",
        params={"storefrontId": sandbox.storefront_id, "storefrontUserId": owner},
        headers={"Accept": "application/json"},
        timeout=10,
    ).json()
    design = requests.get(
        f"{sandbox.url}/api/sandbox-editor/v1/designs/{design_id}",
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    return design.json()["lines"]


def test_order_again_from_my_orders_copies_the_designs_at_todays_price(shopper, sandbox):
    shopper.register()
    order = placed_order(shopper, ("classic-business-card", ("Ada Lovelace",)))
    (ordered,) = order.lines
    owner = order.storefront_user_id
    variant = db.session.execute(db.select(ProductVariant).filter_by(sku=ordered.sku)).scalar_one()
    variant.price_cents = 3300
    db.session.commit()

    cart = order_again(shopper, order, page=shopper.client.get("/orders/").get_data(as_text=True))

    (line,) = cart_lines()
    assert line.variant.sku == ordered.sku and line.quantity == ordered.quantity
    assert line.design_ids and set(line.design_ids).isdisjoint(ordered.design_ids)
    assert design_lines(sandbox, owner, line.design_ids[0]) == ["Ada Lovelace"]
    assert design_lines(sandbox, owner, ordered.design_ids[0]) == ["Ada Lovelace"]
    assert "$33.00" in cart and "$29.00" not in cart
    assert any("Added 1 design(s) from order" in message for message in flashes(cart))

    # The copy opens in the editor like any cart line; saving it leaves the old order's design as it was.
    config = shopper.open_editor("classic-business-card", line=line.id)
    assert config["input"]["designId"] == line.design_ids[0]
    response = shopper.add_to_cart(shopper.design(config, lines=("Grace Hopper",)))
    assert response.status_code == 201
    (edited,) = cart_lines()
    assert design_lines(sandbox, owner, edited.design_ids[0]) == ["Grace Hopper"]
    db.session.refresh(ordered)
    assert design_lines(sandbox, owner, ordered.design_ids[0]) == ["Ada Lovelace"]


def test_a_line_ordered_again_is_its_shoppers_own_and_checks_out_while_the_hub_is_down(shopper, sandbox):
    order = placed_order(shopper, ("photo-mug", ("Best dad",)))
    order_again(shopper, order)
    (line,) = cart_lines()
    assert line.design_checked_at is not None  # our server made the copy in the shopper's storage

    sandbox.set_faults(error_rate=1.0, error_status=503)
    response = shopper.checkout()

    assert response.status_code == 302 and "/orders/" in response.location
    placed = db.session.execute(db.select(Order).order_by(Order.id.desc())).scalars().first()
    assert placed.lines[0].design_ids == line.design_ids


def test_a_line_no_longer_sold_is_named_and_the_rest_goes_to_the_cart(shopper):
    order = placed_order(shopper, ("photo-mug", ("Best dad",)), ("classic-business-card", ("Ada",)))
    mug = db.session.execute(db.select(ProductVariant).filter_by(sku="MUG-11OZ-WHITE")).scalar_one()
    mug.active = False
    db.session.commit()

    cart = order_again(shopper, order)

    assert [line.variant.sku for line in cart_lines()] == ["BC-CLASSIC-100-MATTE"]
    assert "Not added: Personal mug (11 oz, white) is no longer sold." in flashes(cart)


def test_a_design_the_hub_no_longer_has_is_named(shopper, sandbox):
    order = placed_order(shopper, ("photo-mug", ("Best dad",)))
    requests.post(f"{sandbox.url}/sandbox/reset", timeout=10).raise_for_status()

    cart = order_again(shopper, order)

    assert cart_lines() == []
    assert "Not added: Your design for Personal mug is no longer kept." in flashes(cart)


def test_only_the_orders_owner_may_order_it_again_and_only_with_csrf(shopper, app):
    order = placed_order(shopper, ("photo-mug", ("Best dad",)))
    page = shopper.client.get(f"/orders/{order.number}").get_data(as_text=True)
    assert shopper.client.post(f"/orders/{order.number}/order-again").status_code == 400

    stranger = app.test_client()
    secret_page = open_order_link(stranger, order).get_data(as_text=True)
    assert "order-again" not in secret_page
    token = csrf_token_from(secret_page)
    refused = stranger.post(f"/orders/{order.number}/order-again", data={"csrf_token": token})
    assert refused.status_code == 404
    assert cart_lines() == []
    assert re.search(r"Order again", page)


def test_a_product_the_hub_no_longer_links_is_named(shopper):
    order = placed_order(shopper, ("photo-mug", ("Best dad",)), ("classic-business-card", ("Ada",)))
    mug = db.session.execute(db.select(ProductGroup).filter_by(slug="photo-mug")).scalar_one()
    mug.hub_reference = "printshop-retired-mug"  # the owner linked it to a reference the Hub no longer holds
    order.lines[0].product_reference = "printshop-retired-mug"
    db.session.commit()

    cart = order_again(shopper, order)

    assert [line.variant.sku for line in cart_lines()] == ["BC-CLASSIC-100-MATTE"]
    assert "Not added: Personal mug can no longer be personalized." in flashes(cart)
