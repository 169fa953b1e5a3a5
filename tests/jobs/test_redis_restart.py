"""Redis coming back empty under rendering orders costs seconds: the workers reconnect and the reconciler, reading
our own rows, puts back every poll and download Redis forgot, without running any job twice."""

import time

import pytest
import redis

from storefront.extensions import db
from storefront.jobs.queueing import poll_job_prefix
from storefront.orders.lifecycle import SETTLED
from storefront.orders.models import Order, OrderStatus
from tests.fixtures.jobs import running_job
from tests.fixtures.processes import RECONCILE_INTERVAL, RedisServer
from tests.fixtures.waiting import eventually

SLUGS = ("photo-mug", "classic-business-card", "wedding-invitation")


@pytest.fixture
def private_redis(tmp_path):
    """A redis-server of this test's own, so it may be flushed and restarted without touching anyone else's."""
    server = RedisServer(tmp_path / "redis").start()
    yield server
    server.kill()


@pytest.fixture
def app_config(app_config, private_redis):
    app_config.update(REDIS_URL=private_redis.url, RATELIMIT_STORAGE_URI=private_redis.url)
    return app_config


def statuses(orders):
    db.session.expire_all()
    return [db.session.get(Order, order.id).status for order in orders]


@pytest.mark.parametrize("loss", ["restart", "flushall"])
def test_orders_rendering_when_redis_comes_back_empty_are_ready_soon_after(
    loss, shopper, place, sandbox, spawn_worker, private_redis
):
    sandbox.configure(pending_seconds=1, processing_seconds=3)
    workers = [spawn_worker(private_redis.url), spawn_worker(private_redis.url)]
    for worker in workers:
        worker.wait_ready()
    orders = []
    for slug in SLUGS:
        shopper.personalize_into_cart(slug)
        orders.append(place())
    eventually(lambda: set(statuses(orders)) == {OrderStatus.RENDERING}, timeout=20, what="every order rendering")
    sandbox.set_faults(latency_ms=300)  # so that a job is in the middle of a Hub call when Redis goes
    eventually(
        lambda: any(running_job(poll_job_prefix(order.id)) for order in orders), timeout=10, what="a poll in progress"
    )

    if loss == "restart":
        logged = [len(worker.log_text()) for worker in workers]
        private_redis.kill()
        eventually(
            lambda: all("Redis is not answering" in w.log_text()[n:] for w, n in zip(workers, logged, strict=True)),
            timeout=10,
            what="every worker noticing that Redis is gone",
        )
        private_redis.start()  # empty: nothing is saved
    else:
        with redis.Redis.from_url(private_redis.url) as connection:
            connection.flushall()
    back_at = time.monotonic()
    sandbox.clear_faults()

    eventually(lambda: set(statuses(orders)) <= SETTLED, timeout=2 * RECONCILE_INTERVAL + 5, what="every order final")
    took = time.monotonic() - back_at
    assert statuses(orders) == [OrderStatus.READY] * len(orders)
    assert took <= 2 * RECONCILE_INTERVAL, f"ready {took:.1f} s after Redis came back"
    assert all(worker.alive() for worker in workers)  # nobody restarted anything
    assert sandbox.stats()["Projects_GetAll"] >= len(orders)
    assert sandbox.calls("Projects_CreateWithMultipleItems") == len(orders)
    assert sandbox.calls("Artifacts_GetFile") == len(orders)  # one print file each, fetched once


def test_a_worker_that_quits_on_a_redis_error_is_replaced_in_the_same_process(app, monkeypatch):
    from storefront.jobs import workers

    class QuitsOnce:
        """RQ's work loop quits on some Redis errors (here the first time); the second run ends on SIGTERM."""

        pubsub_thread = pubsub = connection = None

        def __init__(self, runs):
            self.runs, self.stop_requested = runs, False

        def work(self):
            self.runs.append(self)
            if len(self.runs) == 1:
                raise redis.ConnectionError("Redis went away while the job ended")
            self.stop_requested = True

    runs = []
    monkeypatch.setattr(workers, "new_worker", lambda app: QuitsOnce(runs))
    workers.run(app)
    assert len(runs) == 2
