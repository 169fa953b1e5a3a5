"""Designing as a guest, then signing in: the guest's work moves to the customer, here and at the Hub."""

import requests

from storefront.cart.models import CartLine
from storefront.extensions import db
from storefront.jobs.redis_queue import get_queue
from storefront.shoppers.models import HubMerge, SavedDesign, User
from tests.fixtures.jobs import burst_worker


def hub_design_status(config, design_id):
    """How the sandbox answers the editor's request for a design with this config's user token."""
    user = config["integration"]["user"]
    return requests.get(
        f"{config['integration']['cchubApiGatewayUrl']}/api/sandbox-editor/v1/designs/{design_id}",
        headers={"Authorization": f"Bearer {user['token']}"},
        timeout=10,
    ).status_code


def owned_by(user, model):
    return db.session.execute(db.select(model).filter_by(user_id=user.id)).scalars().all()


def test_guest_designs_two_products_then_registers_and_finds_both(shopper, sandbox):
    mug = shopper.personalize_into_cart("photo-mug", lines=("Best dad",))
    card = shopper.personalize_into_cart("classic-business-card", lines=("Pat Doe",))

    response = shopper.register()
    assert response.status_code == 302

    user = db.session.execute(db.select(User).filter_by(email="pat@example.com")).scalar_one()
    assert sorted(line.key for line in owned_by(user, CartLine)) == sorted([mug["key"], card["key"]])
    assert sorted(d.key for d in owned_by(user, SavedDesign)) == sorted([mug["key"], card["key"]])
    assert db.session.execute(db.select(CartLine).filter(CartLine.anonymous_id.is_not(None))).first() is None
    assert sandbox.stats()["StorefrontUsers_MergeAnonymous"] == 1

    # The customer now owns the guest's designs at the Hub: the editor can reopen them.
    customer_config = shopper.open_editor("photo-mug")
    assert customer_config["integration"]["user"]["id"] == user.storefront_user_id
    assert hub_design_status(customer_config, mug["properties"]["_stateId"][0]) == 200
    page = shopper.client.get("/cart/").get_data(as_text=True)
    assert "Personal mug" in page and "Classic business card" in page


def test_login_after_designing_merges_into_an_existing_customer(shopper, sandbox):
    shopper.register()
    shopper.open_editor("photo-mug")  # the customer exists at the Hub
    shopper.logout()
    guest = shopper.personalize_into_cart("photo-mug", lines=("From a guest",))
    assert shopper.login().status_code == 302
    user = db.session.execute(db.select(User)).scalar_one()
    assert [line.key for line in owned_by(user, CartLine)] == [guest["key"]]
    assert sandbox.stats()["StorefrontUsers_MergeAnonymous"] == 1


def test_logging_in_without_guest_work_makes_no_hub_call(shopper, sandbox):
    shopper.register()
    shopper.logout()
    shopper.client.get("/products/photo-mug")
    shopper.login()
    assert sandbox.stats().get("StorefrontUsers_MergeAnonymous", 0) == 0
    assert sandbox.stats().get("StorefrontUsers_Create", 0) == 0


def test_hub_failure_during_merge_keeps_the_login_and_a_job_finishes_it(app, shopper, sandbox, redis_conn):
    guest = shopper.personalize_into_cart("photo-mug")
    sandbox.set_faults(error_rate=1.0, error_status=503)

    response = shopper.register()
    assert response.status_code == 302
    user = db.session.execute(db.select(User)).scalar_one()
    assert [line.key for line in owned_by(user, CartLine)] == [guest["key"]]
    merge = db.session.execute(db.select(HubMerge)).scalar_one()
    assert not merge.done
    assert merge.last_error
    assert "Pat Doe" in shopper.client.get("/account/").get_data(as_text=True)

    sandbox.clear_faults()
    queue = get_queue()
    assert queue.count == 1
    burst_worker(queue).work(burst=True)
    db.session.expire_all()
    assert db.session.get(HubMerge, merge.id).done
    config = shopper.open_editor("photo-mug")
    assert hub_design_status(config, guest["properties"]["_stateId"][0]) == 200


def test_running_the_merge_twice_does_no_harm(app, shopper, sandbox):
    from storefront.shoppers.guest_merge import merge_at_hub

    shopper.personalize_into_cart("photo-mug")
    shopper.register()
    merge = db.session.execute(db.select(HubMerge)).scalar_one()
    assert merge.done
    merge.done = False
    db.session.commit()
    assert merge_at_hub(merge.id) is True
    assert len(db.session.execute(db.select(CartLine)).scalars().all()) == 1


def test_orders_placed_as_a_guest_belong_to_the_customer_after_login(shopper):
    from storefront.checkout.placing import new_checkout_key, place_order
    from storefront.orders.models import Order
    from storefront.shoppers.identity import GUEST_ID_KEY, Shopper

    shopper.personalize_into_cart("photo-mug")
    with shopper.client.session_transaction() as session:
        guest_id = session[GUEST_ID_KEY]
    order = place_order(Shopper(guest_id, anonymous_id=guest_id), "pat@example.com", "Pat", new_checkout_key())
    shopper.register()
    db.session.expire_all()
    user = db.session.execute(db.select(User)).scalar_one()
    assert db.session.get(Order, order.id).user_id == user.id
    assert order.number in shopper.client.get("/orders/").get_data(as_text=True)


def test_plain_products_from_before_and_after_login_fold_into_one_line(shopper):
    def add_envelopes(quantity):
        return shopper.client.post(
            "/cart/items", data={"csrf_token": shopper.csrf(), "sku": "ENV-C6-KRAFT-25", "quantity": str(quantity)}
        )

    shopper.register()
    add_envelopes(2)
    shopper.logout()
    add_envelopes(3)
    shopper.login()
    db.session.expire_all()
    (line,) = db.session.execute(db.select(CartLine)).scalars().all()
    assert line.quantity == 5
    assert add_envelopes(1).status_code == 302
    db.session.expire_all()
    assert db.session.execute(db.select(CartLine)).scalar_one().quantity == 6
