"""The reconciler: orders saved while Redis was down, lost polls and lost files are picked up again."""

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from storefront import artifacts
from storefront.extensions import db
from storefront.fulfillment import reconcile
from storefront.hub import get_hub
from storefront.models import Order, OrderStatus
from storefront.queue import get_queue
from tests.fixtures.jobs import run_jobs_until, wait_until


def reload(order):
    db.session.expire_all()
    return db.session.get(Order, order.id)


def test_order_placed_while_redis_is_down_is_saved_then_completed_by_reconcile(app, shopper, place, runner):
    shopper.personalize_into_cart("photo-mug")
    working_redis = app.extensions["redis"]
    app.extensions["redis"] = redis.Redis(port=1, socket_connect_timeout=0.2, retry=Retry(NoBackoff(), 0))
    try:
        order = place()
    finally:
        app.extensions["redis"] = working_redis

    order = reload(order)
    assert order.status == OrderStatus.PLACED
    assert order.submit_enqueued_at is None
    assert order.lines and order.lines[0].design_ids
    assert get_queue().count == 0

    result = runner.invoke(args=["reconcile"])
    assert result.exit_code == 0, result.output
    assert "submit: 1" in result.output
    run_jobs_until(lambda: reload(order).status in OrderStatus.FINAL)
    assert reload(order).status == OrderStatus.READY


def test_reconcile_leaves_queued_work_alone(shopper, place):
    shopper.personalize_into_cart("photo-mug")
    place()
    assert reconcile()["submit"] == 0
    assert get_queue().count == 1


def test_a_lost_poll_is_rescheduled(app, shopper, place):
    app.config["HUB_POLL_INTERVAL"] = 3600  # the scheduled poll would come far too late for this test
    shopper.personalize_into_cart("photo-mug")
    order = place()
    run_jobs_until(lambda: reload(order).hub_project is not None)
    project_id = reload(order).hub_project.hub_project_id
    wait_until(lambda: get_hub().get_processing_results(project_id).status == "Completed")
    assert reload(order).status == OrderStatus.RENDERING

    get_queue().connection.flushdb()  # Redis lost the scheduled poll
    order = reload(order)
    order.hub_project.next_poll_at = None
    db.session.commit()
    assert reconcile()["poll"] == 1
    run_jobs_until(lambda: reload(order).status in OrderStatus.FINAL, timeout=10)
    assert reload(order).status == OrderStatus.READY


def test_a_ready_order_missing_its_file_fetches_it_again(shopper, place):
    shopper.personalize_into_cart("photo-mug")
    order = place()
    run_jobs_until(lambda: reload(order).status in OrderStatus.FINAL)
    artifact = reload(order).artifacts[0]
    path = artifacts.absolute_path(artifact.path)
    original = path.read_bytes()
    path.unlink()
    assert reconcile()["fetch"] == 1
    run_jobs_until(lambda: path.exists())
    assert path.read_bytes() == original


def test_a_job_whose_transaction_failed_does_not_break_the_next_job(app, shopper, place):
    import pytest
    from sqlalchemy.exc import IntegrityError

    from storefront.queue import in_app_context

    shopper.personalize_into_cart("photo-mug")
    place()

    @in_app_context
    def job_that_hits_a_database_error():
        db.session.add(Order(checkout_key=None, access_token="x", email="e", name="n"))
        db.session.flush()

    with pytest.raises(IntegrityError):
        job_that_hits_a_database_error()
    assert reconcile()["submit"] == 0  # the next job in this process gets a working session


def test_the_periodic_reconciler_keeps_one_run_waiting(app):
    from rq import SimpleWorker
    from rq.job import Job

    from storefront.fulfillment import RECONCILER_PREFIX, ensure_reconciler

    app.config["RECONCILE_INTERVAL"] = 900  # longer than RQ keeps a finished job's record
    queue = get_queue()
    first = ensure_reconciler()
    assert first is not None
    assert ensure_reconciler() is None  # a second worker starting does not start a second chain
    SimpleWorker([queue], connection=queue.connection).work(burst=True)

    (waiting,) = queue.scheduled_job_registry.get_job_ids()
    assert waiting.startswith(RECONCILER_PREFIX) and waiting != first.id
    assert queue.connection.ttl(Job.fetch(waiting, connection=queue.connection).key) == -1
    assert ensure_reconciler() is None
