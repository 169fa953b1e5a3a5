"""Scheduling lives in every worker: killing any one of them leaves the scheduled polls running."""

import threading
from datetime import timedelta

from storefront.jobs.redis_queue import get_queue
from storefront.jobs.scheduling import enqueue_due_jobs
from storefront.orders.lifecycle import SETTLED
from storefront.orders.models import OrderStatus
from tests.fixtures.records import reload
from tests.fixtures.waiting import eventually


def test_a_due_job_is_queued_once_however_many_ticks_move_it(app):
    queue = get_queue()
    job = queue.enqueue_in(timedelta(0), print, "hello", job_id="due-once")
    moved = []
    ticks = [threading.Thread(target=lambda: moved.extend(enqueue_due_jobs(queue))) for _ in range(8)]
    for thread in ticks:
        thread.start()
    for thread in ticks:
        thread.join()
    assert moved == [job.id]
    assert queue.job_ids == [job.id]
    assert queue.scheduled_job_registry.count == 0


def test_killing_the_first_worker_leaves_the_scheduled_polls_running(shopper, place, sandbox, spawn_worker):
    # No webhook: only the poll chain, scheduled with enqueue_in, can bring this order to ready.
    sandbox.configure(pending_seconds=2, processing_seconds=3)
    first, second = spawn_worker(), spawn_worker()
    first.wait_ready()  # with RQ's own scheduler, the first worker started would hold the scheduler lock
    second.wait_ready()
    shopper.personalize_into_cart("photo-mug")
    order = place()
    eventually(
        lambda: reload(order).hub_project and reload(order).hub_project.polls >= 1, timeout=20, what="the first poll"
    )
    first.kill()
    polls_before = reload(order).hub_project.polls

    eventually(lambda: reload(order).status in SETTLED, timeout=20, what="order final")
    order = reload(order)
    assert order.status == OrderStatus.READY
    assert order.hub_project.polls > polls_before  # a scheduled poll ran after the kill (there is no webhook)
    assert second.alive() and not first.alive()
    assert sandbox.calls("Projects_CreateWithMultipleItems") == 1
    assert sandbox.calls("Artifacts_GetFile") == 1
