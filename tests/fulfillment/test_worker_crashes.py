"""A worker killed in the middle of a job delays the order by seconds: its job is found and run again, once."""

import hashlib
import time

from storefront.extensions import db
from storefront.fulfillment.redis_queue import get_queue
from storefront.orders.lifecycle import SETTLED
from storefront.orders.models import Order, OrderStatus
from tests.fixtures.processes import RECONCILE_INTERVAL
from tests.fixtures.storage import on_both_stores
from tests.fixtures.waiting import eventually
from tests.fulfillment.test_worker_flow import hub_projects_for

# The order must be ready this long after a worker is taking jobs again.
RECOVERY_SECONDS = 2 * RECONCILE_INTERVAL


def reload(order):
    db.session.expire_all()
    return db.session.get(Order, order.id)


def running(job_prefix):
    """The id of a job RQ has as started (StartedJobRegistry, left as it is) whose id begins so, else None."""
    ids = get_queue().started_job_registry.get_job_ids(cleanup=False)
    return next((job_id for job_id in ids if job_id.startswith(job_prefix)), None)


def calls(sandbox, operation):
    return sandbox.stats().get(operation, 0)


def replace_and_expect_ready(killed, spawn_worker, order):
    """Start a new worker once the old one is dead; the order must then be ready within RECOVERY_SECONDS."""
    assert not killed.alive()
    alive_at = spawn_worker().wait_ready()
    eventually(lambda: reload(order).status in SETTLED, timeout=RECOVERY_SECONDS + 5, what="order final")
    order = reload(order)
    assert order.status == OrderStatus.READY, order.status_detail
    took = time.monotonic() - alive_at
    assert took <= RECOVERY_SECONDS, f"ready {took:.1f} s after the new worker started"
    return order


def assert_one_project(sandbox, order):
    assert hub_projects_for(sandbox, order)["total"] == 1
    assert calls(sandbox, "Projects_CreateWithMultipleItems") == 1


def test_worker_killed_while_the_hub_creates_the_project_leaves_one_project(shopper, place, sandbox, spawn_worker):
    worker = spawn_worker()
    worker.wait_ready()
    shopper.personalize_into_cart("photo-mug")
    sandbox.set_faults(latency_ms=2000)  # every Hub call takes 2 s: time to catch the submission mid-call
    order = place()
    eventually(
        lambda: running(f"submit-order-{order.id}") and calls(sandbox, "Projects_CreateWithMultipleItems") == 1,
        timeout=20,
        what="submission waiting for the Hub to create the project",
    )
    worker.kill()  # the Hub still creates the project: the next run must adopt it, not make a second one
    sandbox.clear_faults()

    replace_and_expect_ready(worker, spawn_worker, order)
    assert_one_project(sandbox, order)
    assert calls(sandbox, "Artifacts_GetFile") == 1


def test_worker_killed_while_polling_the_hub_gets_the_order_ready(shopper, place, sandbox, spawn_worker):
    sandbox.configure(pending_seconds=1, processing_seconds=3)
    worker = spawn_worker()
    worker.wait_ready()
    shopper.personalize_into_cart("photo-mug")
    order = place()
    eventually(lambda: reload(order).status == OrderStatus.RENDERING, timeout=20, what="order rendering")
    sandbox.set_faults(latency_ms=2000)
    eventually(lambda: running(f"poll-order-{order.id}-"), timeout=20, what="a poll in progress")
    worker.kill()
    sandbox.clear_faults()

    order = replace_and_expect_ready(worker, spawn_worker, order)
    assert_one_project(sandbox, order)
    assert calls(sandbox, "Artifacts_GetFile") == 1


@on_both_stores
def test_worker_killed_while_downloading_fetches_no_stored_file_again(
    shopper, place, sandbox, spawn_worker, artifacts_store
):
    worker = spawn_worker()
    worker.wait_ready()
    shopper.personalize_into_cart("photo-mug")
    shopper.personalize_into_cart("classic-business-card")
    order = place()
    eventually(lambda: reload(order).hub_project is not None, timeout=20, what="hub project recorded")
    sandbox.set_faults(latency_ms=1500)

    def second_file_downloading():
        files = reload(order).artifacts
        first_stored = len(files) == 2 and files[0].ready and not files[1].ready
        # ... and the second file's request has reached the Hub (it counts a call before its latency)
        return running(f"fetch-order-{order.id}") and first_stored and calls(sandbox, "Artifacts_GetFile") == 2

    eventually(second_file_downloading, timeout=30, what="the first print file stored, the second one downloading")
    first = reload(order).artifacts[0]
    stored = (first.fetched_at, first.sha256)
    worker.kill()
    sandbox.clear_faults()

    order = replace_and_expect_ready(worker, spawn_worker, order)
    assert_one_project(sandbox, order)
    assert (order.artifacts[0].fetched_at, order.artifacts[0].sha256) == stored
    # The stored file once, the second file twice: the download the kill cut short, then the whole file.
    assert calls(sandbox, "Artifacts_GetFile") == 3
    for artifact in order.artifacts:
        assert hashlib.sha256(artifacts_store.read(artifact.path)).hexdigest() == artifact.sha256


def test_a_job_running_longer_than_its_heartbeat_ttl_on_a_live_worker_is_left_alone(
    shopper, place, sandbox, spawn_worker
):
    worker = spawn_worker()
    worker.wait_ready()
    shopper.personalize_into_cart("photo-mug")
    sandbox.set_faults(latency_ms=1500)  # the submission's Hub calls take longer than JOB_HEARTBEAT_TTL (3 s)
    order = place()
    eventually(lambda: reload(order).status == OrderStatus.RENDERING, timeout=30, what="order submitted")
    sandbox.clear_faults()
    eventually(lambda: reload(order).status in SETTLED, timeout=20, what="order final")
    assert reload(order).status == OrderStatus.READY
    assert "scheduled for retry" not in worker.log_text()
    assert_one_project(sandbox, order)
