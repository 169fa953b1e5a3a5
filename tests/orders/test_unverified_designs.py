"""A cart line the Hub could not check when it was added is checked at checkout, before anything is ordered."""

from storefront.cart.models import CartLine
from storefront.extensions import db
from storefront.hub import get_hub
from storefront.jobs.redis_queue import get_queue
from storefront.orders.models import Order
from storefront.shoppers.models import HubMerge
from tests.fixtures.jobs import run_jobs_until
from tests.fixtures.pages import flashes
from tests.fixtures.records import reload

TRY_AGAIN = (
    "We could not reach our design service to check your designs, so nothing was ordered. "
    "Please try again in a moment; your cart is kept as it is."
)


def cart_lines():
    db.session.expire_all()
    return db.session.execute(db.select(CartLine).order_by(CartLine.id)).scalars().all()


def orders():
    db.session.expire_all()
    return db.session.execute(db.select(Order).order_by(Order.id)).scalars().all()


def add_while_the_hub_is_down(shopper, sandbox, detail):
    """Post an editor output while the Hub's APIs fail (the editor saved the design before); the Hub comes back."""
    sandbox.set_faults(error_rate=1.0, error_status=503)
    assert shopper.add_to_cart(detail).status_code == 201
    sandbox.clear_faults()


def refused_with(shopper, response):
    assert response.status_code == 302 and response.location.endswith("/cart/")
    return flashes(shopper.client.get("/cart/").get_data(as_text=True))


def test_checkout_waits_for_the_hub_to_confirm_an_unverified_design_then_orders_it(shopper, sandbox):
    detail = shopper.design(shopper.open_editor("photo-mug"), lines=("Checked later",))
    shopper.add_plain()
    sandbox.set_faults(error_rate=1.0, error_status=503)
    assert shopper.add_to_cart(detail).status_code == 201
    before = [(line.id, line.design_ids, line.quantity) for line in cart_lines()]

    assert TRY_AGAIN in refused_with(shopper, shopper.checkout())
    assert orders() == []
    assert [(line.id, line.design_ids, line.quantity) for line in cart_lines()] == before
    assert all(line.design_checked_at is None and line.design_missing_at is None for line in cart_lines())

    sandbox.clear_faults()
    asked = sandbox.stats().get("PrivateDesigns_Get", 0)
    response = shopper.checkout()

    assert response.status_code == 302 and "/orders/" in response.location
    (order,) = orders()
    assert [line.design_ids for line in order.personalized_lines] == [detail["properties"]["_stateId"]]
    assert cart_lines() == []
    # One look-up confirmed the design as the shopper's and as still kept.
    assert sandbox.stats()["PrivateDesigns_Get"] == asked + 1


def test_another_shoppers_design_slipped_in_during_an_outage_is_refused_at_checkout_and_never_sent_on(
    app, shopper, sandbox
):
    stranger = type(shopper)(app.test_client(), sandbox)
    theirs = stranger.design(stranger.open_editor("photo-mug"), lines=("Not yours",))
    mine = shopper.personalize_into_cart("classic-business-card", lines=("Mine",))
    forged = shopper.design(shopper.open_editor("photo-mug"))
    forged["key"] = theirs["key"]
    forged["properties"]["_stateId"] = theirs["properties"]["_stateId"]
    add_while_the_hub_is_down(shopper, sandbox, forged)

    messages = refused_with(shopper, shopper.checkout())

    assert any(
        message.startswith("Your design for Personal mug is not among your designs at our design service")
        and "Design it again" in message
        for message in messages
    )
    assert orders() == [] and get_queue().job_ids == []
    card, mug = cart_lines()
    assert card.design_missing_at is None and card.design_checked_at is not None
    assert mug.design_missing_at is not None and mug.design_checked_at is None
    cart = shopper.client.get("/cart/").get_data(as_text=True)
    assert cart.count("data-design-missing") == 1

    # Designing it again opens a new design, not the stranger's, and replaces the line.
    config = shopper.open_editor("photo-mug", line=mug.id)
    assert "designId" not in config["input"]
    remade = shopper.design(config, lines=("Mine too",))
    assert shopper.add_to_cart(remade).status_code == 201
    assert shopper.checkout().status_code == 302
    (order,) = orders()
    run_jobs_until(lambda: reload(order).hub_project is not None)
    project = get_hub().get_project(reload(order).hub_project.hub_project_id)
    sent = {design_id for item in project.items for design_id in item.design_ids}
    assert sent == set(mine["properties"]["_stateId"] + remade["properties"]["_stateId"])
    assert sent.isdisjoint(theirs["properties"]["_stateId"])


def test_a_guests_verified_line_is_ordered_after_login_without_a_second_ownership_check(shopper, sandbox):
    detail = shopper.personalize_into_cart("photo-mug", lines=("Guest work",))
    (line,) = cart_lines()
    verified_at = line.design_checked_at
    assert verified_at is not None

    shopper.register()

    (moved,) = cart_lines()
    assert moved.user_id is not None and moved.design_checked_at == verified_at
    asked = sandbox.stats().get("PrivateDesigns_Get", 0)
    assert shopper.checkout(email="pat@example.com", name="Pat Doe").status_code == 302
    (order,) = orders()
    assert order.lines[0].design_ids == detail["properties"]["_stateId"]
    assert sandbox.stats()["PrivateDesigns_Get"] == asked + 1  # still kept? asked once, as for every design


def test_a_guests_unverified_line_is_checked_against_the_customer_once_merged(shopper, sandbox):
    detail = shopper.design(shopper.open_editor("photo-mug"), lines=("Guest, offline",))
    add_while_the_hub_is_down(shopper, sandbox, detail)

    shopper.register()  # the Hub merges the guest's storage into the customer's

    assert shopper.checkout(email="pat@example.com", name="Pat Doe").status_code == 302
    (order,) = orders()
    assert order.user_id is not None
    assert order.lines[0].design_ids == detail["properties"]["_stateId"]


def test_with_the_guest_merge_still_pending_an_unverified_line_waits(shopper, sandbox):
    detail = shopper.design(shopper.open_editor("photo-mug"), lines=("Guest, offline",))
    sandbox.set_faults(error_rate=1.0, error_status=503)
    assert shopper.add_to_cart(detail).status_code == 201
    shopper.register()  # the Hub merge fails: a job retries it
    sandbox.clear_faults()

    assert TRY_AGAIN in refused_with(shopper, shopper.checkout(email="pat@example.com", name="Pat Doe"))
    assert orders() == [] and len(cart_lines()) == 1

    run_jobs_until(lambda: db.session.execute(db.select(HubMerge)).scalar_one().done)
    assert shopper.checkout(email="pat@example.com", name="Pat Doe").status_code == 302
    assert len(orders()) == 1
