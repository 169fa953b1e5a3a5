"""`python worker.py` is RQ's forking Worker: a job that dies or overruns its timeout ends alone, the worker goes on,
and every work horse of every worker uses one shared Hub access token."""

from rq.job import Job, JobStatus

from storefront.jobs.queueing import JOB_TIMEOUTS, SUBMIT_ORDER, submit_job_id
from storefront.jobs.redis_queue import get_queue
from storefront.orders.lifecycle import SETTLED
from storefront.orders.models import OrderStatus
from tests.fixtures.records import reload
from tests.fixtures.waiting import eventually

WORKERS = 3
ORDERS = 4


def ended(job_id, connection):
    def read():
        job = Job.fetch(job_id, connection=connection)
        return job if job.get_status() in (JobStatus.FINISHED, JobStatus.FAILED) else None

    return read


def test_orders_on_three_workers_share_one_access_token(shopper, place, app, sandbox, spawn_worker):
    workers = [spawn_worker() for _ in range(WORKERS)]
    for worker in workers:
        worker.wait_ready()
    orders = []
    for _ in range(ORDERS):
        shopper.personalize_into_cart("classic-business-card")
        orders.append(place())
    # From here on only the workers talk to the Hub, and none of them has a token yet.
    for key in app.extensions["redis"].scan_iter("printshop:hub-token:*"):
        app.extensions["redis"].delete(key)
    sandbox._call("POST", "/sandbox/stats/reset")

    eventually(lambda: all(reload(o).status in SETTLED for o in orders), timeout=60, what="orders final")
    assert [reload(order).status for order in orders] == [OrderStatus.READY] * ORDERS
    # Each job ran in a work horse of its own: without the token in Redis each would have asked for one.
    assert sandbox.stats().get("Token", 0) == 1
    assert all(worker.alive() for worker in workers)


def test_a_job_that_dies_or_overruns_ends_alone_and_the_worker_goes_on(shopper, place, app, spawn_worker):
    worker = spawn_worker()
    worker.wait_ready()
    queue = get_queue()
    died = queue.enqueue("tests.fixtures.jobs.end_process_abruptly", job_timeout=30)
    overran = queue.enqueue("tests.fixtures.jobs.sleep_for", 60, job_timeout=1)

    died = eventually(ended(died.id, queue.connection), timeout=20, what="the dying job's end")
    overran = eventually(ended(overran.id, queue.connection), timeout=20, what="the overrunning job's end")
    assert died.get_status() == JobStatus.FAILED
    assert "terminated unexpectedly" in died.latest_result().exc_string
    assert overran.get_status() == JobStatus.FAILED
    assert "JobTimeoutException" in overran.latest_result().exc_string

    shopper.personalize_into_cart("classic-business-card")
    order = place()
    eventually(lambda: reload(order).status in SETTLED, timeout=30, what="order after the failed jobs")
    assert reload(order).status == OrderStatus.READY
    assert worker.alive()


def test_each_job_kind_is_queued_with_its_own_timeout(shopper, place):
    shopper.personalize_into_cart("classic-business-card")
    order = place()
    job = get_queue().fetch_job(submit_job_id(order.id))
    assert job.timeout == JOB_TIMEOUTS[SUBMIT_ORDER]
    assert len(set(JOB_TIMEOUTS.values())) > 1
