"""The reconciler: orders saved while Redis was down, lost polls and lost files are picked up again."""

import time
from datetime import timedelta

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from storefront.clock import as_utc, utcnow
from storefront.extensions import db
from storefront.fulfillment.reconciler import reconcile
from storefront.hub import get_hub
from storefront.jobs.queueing import submit_job_id
from storefront.jobs.redis_queue import get_queue
from storefront.orders.lifecycle import SETTLED
from storefront.orders.models import Order, OrderStatus
from tests.fixtures.jobs import AppContextWorker, run_jobs_until
from tests.fixtures.records import reload
from tests.fixtures.storage import on_both_stores
from tests.fixtures.waiting import eventually


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
    run_jobs_until(lambda: reload(order).status in SETTLED)
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
    eventually(lambda: get_hub().get_processing_results(project_id).status == "Completed")
    assert reload(order).status == OrderStatus.RENDERING
    assert reconcile()["poll"] == 0  # the scheduled poll is still in Redis

    get_queue().connection.flushdb()  # Redis lost the scheduled poll, which was due by now
    order = reload(order)
    order.hub_project.next_poll_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert reconcile()["poll"] == 1
    assert reconcile()["poll"] == 0  # put back once
    run_jobs_until(lambda: reload(order).status in SETTLED, timeout=10)
    assert reload(order).status == OrderStatus.READY


def test_a_lost_poll_not_due_yet_comes_back_at_its_time(app, shopper, place):
    app.config["HUB_POLL_INTERVAL"] = 3600
    shopper.personalize_into_cart("photo-mug")
    order = place()
    run_jobs_until(lambda: reload(order).hub_project is not None)
    due = reload(order).hub_project.next_poll_at
    get_queue().connection.flushdb()

    assert reconcile()["poll"] == 1
    (job_id,) = get_queue().scheduled_job_registry.get_job_ids()
    scheduled = get_queue().scheduled_job_registry.get_scheduled_time(job_id)
    assert abs((scheduled - as_utc(due)).total_seconds()) <= 1
    assert as_utc(reload(order).hub_project.next_poll_at) == as_utc(due)


@on_both_stores
def test_a_ready_order_missing_its_file_fetches_it_again(shopper, place, artifacts_store):
    shopper.personalize_into_cart("photo-mug")
    order = place()
    run_jobs_until(lambda: reload(order).status in SETTLED)
    key = reload(order).artifacts[0].path
    original = artifacts_store.read(key)
    artifacts_store.remove(key)
    assert reconcile()["fetch"] == 1
    run_jobs_until(lambda: artifacts_store.exists(key))
    assert artifacts_store.read(key) == original
    assert reconcile()["fetch"] == 0


def job_that_hits_a_database_error():
    """A job whose transaction fails (checkout_key may not be NULL)."""
    db.session.add(Order(checkout_key=None, access_token="x", email="e", name="n"))
    db.session.flush()


def test_a_job_whose_transaction_failed_does_not_break_the_next_job(app, shopper, place):
    shopper.personalize_into_cart("photo-mug")
    order = place()
    queue = get_queue()
    failing = queue.enqueue(job_that_hits_a_database_error)
    submit = queue.fetch_job(submit_job_id(order.id))

    AppContextWorker([queue], connection=queue.connection, app=app).work(burst=True)

    assert failing.get_status() == "failed"
    assert submit.get_status() == "finished"  # the next job in this worker got a working session
    db.session.expire_all()
    assert reload(order).status == OrderStatus.RENDERING


def test_the_reconciler_runs_once_per_interval_whatever_redis_lost(app):
    from storefront.jobs.queueing import RECONCILER_PREFIX, queue_reconcile

    queue = get_queue()
    first = queue_reconcile(queue, 20, now=1000)
    assert first is not None and first.id.startswith(RECONCILER_PREFIX)
    assert queue_reconcile(queue, 20, now=1019) is None  # another worker's tick, same interval
    assert queue.job_ids == [first.id]

    queue.connection.flushdb()  # Redis restarted empty: the run comes back at the next tick
    assert queue_reconcile(queue, 20, now=1019).id == first.id
    nxt = queue_reconcile(queue, 20, now=1020)
    assert nxt is not None and nxt.id != first.id


def test_a_job_whose_worker_died_is_not_counted_as_running(app, shopper, place):
    from rq import SimpleWorker

    from storefront.jobs.redis_queue import pending_job

    shopper.personalize_into_cart("photo-mug")
    order = place()
    queue = get_queue()
    job = queue.dequeue_any([queue], None, connection=queue.connection)[0]
    worker = SimpleWorker([queue], connection=queue.connection)
    worker.register_birth()
    worker.prepare_execution(job)  # a worker took the submission, then was killed before it ended
    worker.prepare_job_execution(job, remove_from_intermediate_queue=True)
    assert pending_job(job.id) is not None  # its heartbeat has not run out yet
    assert reconcile()["submit"] == 0

    queue.started_job_registry.cleanup(timestamp=time.time() + 3600)  # as if its heartbeat had run out
    assert pending_job(job.id) is not None  # ... RQ's clean-up put it back on its retry
    assert job.id in queue.scheduled_job_registry.get_job_ids()
    run_jobs_until(lambda: reload(order).status in SETTLED, timeout=20)
    assert reload(order).status == OrderStatus.READY
