"""A cart holds at most CART_MAX_LINES lines: the next add says so, and nothing already in it is lost."""

import pytest

from storefront.cart.models import CartLine
from storefront.extensions import db
from tests.fixtures.pages import flashes

FULL = "Your cart is full: it holds at most 2 lines."


@pytest.fixture
def app_config(app_config):
    app_config["CART_MAX_LINES"] = 2
    return app_config


def lines():
    db.session.expire_all()
    return db.session.execute(db.select(CartLine).order_by(CartLine.id)).scalars().all()


def add_plain(shopper, sku):
    data = {"csrf_token": shopper.csrf(), "sku": sku, "quantity": 1}
    return shopper.client.post("/cart/items", data=data, follow_redirects=True)


def test_a_design_past_the_limit_is_refused_with_a_message(shopper):
    shopper.personalize_into_cart("photo-mug", lines=("One",))
    shopper.personalize_into_cart("classic-business-card", lines=("Two",))

    third = shopper.add_to_cart(shopper.design(shopper.open_editor("wedding-invitation"), lines=("Three",)))

    assert third.status_code == 409
    assert FULL in third.get_json()["error"]
    assert len(lines()) == 2


def test_a_plain_product_past_the_limit_is_refused_but_more_of_one_in_the_cart_is_fine(shopper):
    shopper.personalize_into_cart("photo-mug", lines=("One",))
    add_plain(shopper, "ENV-C6-KRAFT-25")

    refused = add_plain(shopper, "ENV-C6-KRAFT-100")
    more = add_plain(shopper, "ENV-C6-KRAFT-25")

    assert any(FULL in message for message in flashes(refused.get_data(as_text=True)))
    assert [(line.variant.sku, line.quantity) for line in lines()] == [
        ("MUG-11OZ-WHITE", 1),
        ("ENV-C6-KRAFT-25", 2),
    ]
    assert "Added" in " ".join(flashes(more.get_data(as_text=True)))


def test_editing_a_line_of_a_full_cart_still_saves_it(shopper):
    shopper.personalize_into_cart("photo-mug", lines=("One",))
    shopper.personalize_into_cart("classic-business-card", lines=("Two",))
    mug = lines()[0]

    edited = shopper.design(shopper.open_editor("photo-mug", line=mug.id), lines=("One, edited",))
    assert shopper.add_to_cart(edited).status_code == 201
    assert len(lines()) == 2


def test_logging_in_with_a_guest_cart_keeps_the_customers_cart_within_the_limit(shopper):
    shopper.register()
    shopper.personalize_into_cart("photo-mug", lines=("Mine",))
    shopper.personalize_into_cart("classic-business-card", lines=("Mine too",))
    shopper.logout()
    shopper.personalize_into_cart("wedding-invitation", lines=("As a guest",))

    page = shopper.login().headers["Location"]
    messages = flashes(shopper.client.get(page).get_data(as_text=True))

    assert len(lines()) == 2
    assert any("1 of the lines you added before logging in did not fit" in message for message in messages)
    designs = shopper.client.get("/account/designs").get_data(as_text=True)
    assert "Wedding invitation" in designs  # the design that did not fit is kept
