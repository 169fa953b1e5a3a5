"""Adding a design to the cart asks the Hub whether its design ids are in the shopper's own storage."""

from storefront.cart.models import CartLine
from storefront.extensions import db
from storefront.shoppers.models import SavedDesign


def cart_lines():
    db.session.expire_all()
    return db.session.execute(db.select(CartLine).order_by(CartLine.id)).scalars().all()


def strangers_design(app, shopper, slug="photo-mug"):
    """A real design another visitor made in the editor (a private design in their own storage at the Hub)."""
    stranger = type(shopper)(app.test_client(), shopper.sandbox)
    return stranger.design(stranger.open_editor(slug), lines=("Not yours",))


def with_designs_of(detail, other):
    """My editor's output, carrying another output's design ids (what a forged request posts)."""
    detail["key"] = other["key"]
    detail["properties"]["_stateId"] = list(other["properties"]["_stateId"])
    detail["properties"]["_hidden"]["images"] = list(other["properties"]["_hidden"]["images"])
    return detail


def test_another_shoppers_design_posted_into_my_cart_is_refused_and_nothing_is_added(app, shopper):
    theirs = strangers_design(app, shopper)
    forged = with_designs_of(shopper.design(shopper.open_editor("photo-mug")), theirs)

    response = shopper.add_to_cart(forged)

    assert response.status_code == 403
    assert response.get_json()["error"] == (
        "That design is not one of yours, so it was not added to your cart. Reload the editor and design it again."
    )
    assert cart_lines() == []
    assert db.session.execute(db.select(SavedDesign)).first() is None
    assert "Your cart is empty" in shopper.client.get("/cart/").get_data(as_text=True)


def test_one_foreign_design_id_among_mine_refuses_the_whole_design(app, shopper):
    theirs = strangers_design(app, shopper, "classic-business-card")
    page = shopper.open_editor("classic-business-card")
    front, back = shopper.design(page, lines=("Front",)), shopper.design(page, lines=("Back",))
    front["properties"]["_stateId"] += back["properties"]["_stateId"] + theirs["properties"]["_stateId"]

    assert shopper.add_to_cart(front).status_code == 403
    assert cart_lines() == []


def test_my_own_design_is_added_verified_with_one_look_up_per_design_id(shopper, sandbox):
    page = shopper.open_editor("classic-business-card")
    front, back = shopper.design(page, lines=("Front",)), shopper.design(page, lines=("Back",))
    front["properties"]["_stateId"] += back["properties"]["_stateId"]
    before = sandbox.stats().get("PrivateDesigns_Get", 0)

    assert shopper.add_to_cart(front).status_code == 201

    (line,) = cart_lines()
    assert line.design_ids == front["properties"]["_stateId"] and line.design_checked_at is not None
    assert sandbox.stats()["PrivateDesigns_Get"] == before + 2

    # The Hub's yes is remembered: the same output posted again (a double click) asks nothing more.
    assert shopper.add_to_cart(front).status_code == 201
    assert len(cart_lines()) == 1
    assert sandbox.stats()["PrivateDesigns_Get"] == before + 2


def test_with_the_hub_unreachable_the_design_is_added_unverified(shopper, sandbox):
    detail = shopper.design(shopper.open_editor("photo-mug"), lines=("Offline",))
    sandbox.set_faults(error_rate=1.0, error_status=503)

    response = shopper.add_to_cart(detail)

    assert response.status_code == 201
    (line,) = cart_lines()
    assert line.design_ids == detail["properties"]["_stateId"]
    assert line.design_checked_at is None and line.design_missing_at is None
    assert "Personal mug" in shopper.client.get("/cart/").get_data(as_text=True)
