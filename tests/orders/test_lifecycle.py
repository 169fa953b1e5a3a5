"""One order lifecycle: every status change goes through one function that checks the transition table and writes
the timeline row, the emails owed and the Hub follow-up with the change itself, or nothing at all."""

import pytest

from storefront.extensions import db
from storefront.fulfillment.reconciler import reconcile
from storefront.jobs.queueing import hub_follow_up_job_id
from storefront.jobs.redis_queue import get_queue, mail_queue_name
from storefront.mail.models import EmailKind, OutgoingEmail
from storefront.orders import lifecycle
from storefront.orders.lifecycle import PRODUCTION, SETTLED, OrderStatus, TransitionRefused
from storefront.orders.models import Order
from storefront.orders.status_changes import change_status
from storefront.orders.timeline import Source, events_of
from tests.fixtures.jobs import INSTANT_JOBS, run_jobs_until
from tests.fixtures.records import make_order, reload
from tests.fixtures.sandbox import hub_status_name


@pytest.fixture
def app_config(app_config):
    app_config.update(INSTANT_JOBS)
    return app_config


@pytest.fixture
def ready_order(shopper, place):
    shopper.personalize_into_cart("photo-mug", lines=("Lifecycle",))
    order = place()
    run_jobs_until(lambda: reload(order).status in SETTLED)
    order = reload(order)
    assert order.status == OrderStatus.READY
    return order


def email_kinds(order):
    rows = db.session.execute(db.select(OutgoingEmail.kind).filter_by(order_id=order.id).order_by(OutgoingEmail.id))
    return list(rows.scalars())


def test_every_named_set_of_owner_actions_leads_where_its_action_goes():
    assert PRODUCTION.leading_to(OrderStatus.CANCELLED) == lifecycle.CANCELLABLE
    assert PRODUCTION.leading_to(OrderStatus.FULFILLED) == lifecycle.SHIPPABLE
    assert PRODUCTION.leading_to(OrderStatus.RENDERING) >= lifecycle.RESUMABLE
    assert PRODUCTION.leading_to(OrderStatus.RENDERING) | {OrderStatus.RENDERING} >= lifecycle.RESTARTABLE
    assert PRODUCTION.leading_to(OrderStatus.PLACED) | {OrderStatus.PLACED} >= lifecycle.SUBMITTABLE
    assert all(rule.next <= set(PRODUCTION.rules) for rule in PRODUCTION.rules.values())
    assert {kind for rule in PRODUCTION.rules.values() for kind in rule.owes} <= set(map(str, EmailKind))
    # The address may be corrected until the order ships or is cancelled, and not after.
    shipped_or_cancelled = {OrderStatus.FULFILLED, OrderStatus.CANCELLED}
    assert set(lifecycle.ADDRESS_CORRECTABLE) == set(PRODUCTION.rules).difference(shipped_or_cancelled)


def test_a_change_the_table_does_not_allow_is_refused_and_changes_nothing(app):
    order = make_order(status=OrderStatus.FULFILLED)
    with pytest.raises(TransitionRefused):
        change_status(order, OrderStatus.RENDERING)
    db.session.rollback()
    assert reload(order).status == OrderStatus.FULFILLED
    assert events_of(order) == []


def test_a_job_never_undoes_what_the_owner_did_meanwhile(app):
    order = make_order(status=OrderStatus.RENDERING)
    with db.engine.begin() as another_request:  # the owner's cancel, since the job read the order
        another_request.execute(db.update(Order).where(Order.id == order.id).values(status=OrderStatus.CANCELLED))

    assert change_status(order, OrderStatus.READY) is False
    db.session.commit()
    assert reload(order).status == OrderStatus.CANCELLED


def test_the_change_its_timeline_row_and_its_emails_are_written_together_or_not_at_all(app, redis_conn):
    order = make_order(status=OrderStatus.RENDERING)
    assert change_status(order, OrderStatus.RENDER_FAILED, reason="The Hub gave up.")
    db.session.rollback()  # the job failed before its commit
    assert reload(order).status == OrderStatus.RENDERING
    assert events_of(order) == [] and email_kinds(order) == []
    assert get_queue(mail_queue_name(app.config)).job_ids == []

    assert change_status(order, OrderStatus.RENDER_FAILED, reason="The Hub gave up.")
    db.session.commit()
    assert [event.message for event in events_of(order)] == [
        "Preparing print files → Print files failed: The Hub gave up."
    ]
    assert email_kinds(order) == [EmailKind.NEEDS_ATTENTION]


def test_a_cancel_by_a_job_rejects_the_hub_project_through_its_follow_up(app, ready_order):
    assert change_status(ready_order, OrderStatus.CANCELLED, Source.WORKER, reason="Payment expired.")
    assert reload(ready_order).hub_project.hub_status_wanted == "cancelled"
    db.session.commit()
    assert hub_follow_up_job_id(ready_order.id) in get_queue().job_ids

    run_jobs_until(lambda: reload(ready_order).hub_project.hub_status_wanted is None)

    assert hub_status_name(ready_order) == "Rejected"
    assert any("is now Rejected" in event.message for event in events_of(ready_order))


def test_a_follow_up_redis_lost_is_queued_again_by_the_reconciler(app, ready_order, redis_conn):
    assert change_status(ready_order, OrderStatus.FULFILLED, Source.WORKER)
    db.session.commit()
    redis_conn.flushdb()

    counts = reconcile()

    assert counts["hub_follow_up"] == 1
    assert hub_follow_up_job_id(ready_order.id) in get_queue().job_ids


def test_status_json_says_when_the_order_needs_attention(app, client):
    order = make_order(anonymous_id="guest-1", status=OrderStatus.READY)
    with client.session_transaction() as session:
        session["guest_storefront_user"] = "guest-1"
    ready = client.get(f"/orders/{order.number}/status.json").get_json()
    change_status(order, OrderStatus.CANCELLED, Source.ADMIN, hub=False)
    db.session.commit()
    cancelled = client.get(f"/orders/{order.number}/status.json").get_json()

    assert (ready["needs_attention"], ready["steps_stopped"]) == (False, False)
    assert (cancelled["needs_attention"], cancelled["steps_stopped"]) == (True, True)
