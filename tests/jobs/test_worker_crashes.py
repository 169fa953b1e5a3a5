"""A worker killed in the middle of a job delays the order by seconds: its job is found and run again, once."""

import hashlib
import time

from storefront.jobs.queueing import fetch_job_id, poll_job_prefix, submit_job_id
from storefront.orders.lifecycle import SETTLED
from storefront.orders.models import OrderStatus
from tests.fixtures.jobs import running_job
from tests.fixtures.processes import RECONCILE_INTERVAL
from tests.fixtures.records import reload
from tests.fixtures.storage import on_both_stores
from tests.fixtures.waiting import eventually

# The order must be ready this long after a worker is taking jobs again.
RECOVERY_SECONDS = 2 * RECONCILE_INTERVAL


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
    assert sandbox.projects_for(order)["total"] == 1
    assert sandbox.calls("Projects_CreateWithMultipleItems") == 1


def test_worker_killed_while_the_hub_creates_the_project_leaves_one_project(shopper, place, sandbox, spawn_worker):
    worker = spawn_worker()
    worker.wait_ready()
    shopper.personalize_into_cart("photo-mug")
    sandbox.set_faults(latency_ms=2000)  # every Hub call takes 2 s: time to catch the submission mid-call
    order = place()
    eventually(
        lambda: running_job(submit_job_id(order.id)) and sandbox.calls("Projects_CreateWithMultipleItems") == 1,
        timeout=20,
        what="submission waiting for the Hub to create the project",
    )
    worker.kill()  # the Hub still creates the project: the next run must adopt it, not make a second one
    sandbox.clear_faults()

    replace_and_expect_ready(worker, spawn_worker, order)
    assert_one_project(sandbox, order)
    assert sandbox.calls("Artifacts_GetFile") == 1


def test_worker_killed_while_polling_the_hub_gets_the_order_ready(shopper, place, sandbox, spawn_worker):
    sandbox.configure(pending_seconds=1, processing_seconds=3)
    worker = spawn_worker()
    worker.wait_ready()
    shopper.personalize_into_cart("photo-mug")
    order = place()
    eventually(lambda: reload(order).status == OrderStatus.RENDERING, timeout=20, what="order rendering")
    sandbox.set_faults(latency_ms=2000)
    eventually(lambda: running_job(poll_job_prefix(order.id)), timeout=20, what="a poll in progress")
    worker.kill()
    sandbox.clear_faults()

    order = replace_and_expect_ready(worker, spawn_worker, order)
    assert_one_project(sandbox, order)
    assert sandbox.calls("Artifacts_GetFile") == 1


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
        return running_job(fetch_job_id(order.id)) and first_stored and sandbox.calls("Artifacts_GetFile") == 2

    eventually(second_file_downloading, timeout=30, what="the first print file stored, the second one downloading")
    first = reload(order).artifacts[0]
    stored = (first.fetched_at, first.sha256)
    worker.kill()
    sandbox.clear_faults()

    order = replace_and_expect_ready(worker, spawn_worker, order)
    assert_one_project(sandbox, order)
    assert (order.artifacts[0].fetched_at, order.artifacts[0].sha256) == stored
    # The stored file once, the second file twice: the download the kill cut short, then the whole file.
    assert sandbox.calls("Artifacts_GetFile") == 3
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
