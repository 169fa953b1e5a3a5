"""Every worker's scheduler tick: due jobs into the queue, dead workers' jobs to their retry, the reconciler on time.

Each worker process runs the tick in a thread, so scheduling needs no single process and no job already in Redis:
any number of ticks may run at once (each due job is claimed by removing it from RQ's ScheduledJobRegistry, and
the reconciler's run for an interval is queued with a unique id), and a Redis that restarts empty is fine.
"""

import logging
import threading

from redis.exceptions import RedisError
from rq.utils import current_timestamp

from .queueing import queue_reconcile
from .redis_queue import get_queue, queue_names, reap_abandoned

log = logging.getLogger(__name__)
TICK_SECONDS = 1.0  # as RQ's own scheduler
MAX_PAUSE = 5.0  # the longest wait between ticks while Redis is down


def enqueue_due_jobs(queue, timestamp=None):
    """Move scheduled jobs that are due into the queue; returns their ids.

    A job is moved by whoever removes it from the registry (ZREM answers 1 only once), so two ticks never queue
    one job twice. A tick that dies between the two steps loses the job; the reconciler queues the order's step.
    """
    registry = queue.scheduled_job_registry
    moved = []
    for job_id in registry.get_jobs_to_schedule(timestamp if timestamp is not None else current_timestamp()):
        if not registry.remove(job_id):
            continue
        job = queue.fetch_job(job_id)
        if job is not None:
            queue.enqueue_job(job)
            moved.append(job_id)
    return moved


def tick(app):
    """One pass over every queue: due jobs, abandoned jobs; then the reconciler."""
    with app.app_context():
        for name in queue_names(app.config):
            queue = get_queue(name)
            enqueue_due_jobs(queue)
            reap_abandoned(queue)
        queue_reconcile(get_queue(), app.config["RECONCILE_INTERVAL"])


class Ticker(threading.Thread):
    """Runs `tick` every second for the life of the process; a Redis outage only slows it down (with backoff)."""

    def __init__(self, app):
        super().__init__(name="scheduler-tick", daemon=True)
        self.app = app
        self.stopped = threading.Event()

    def run(self):
        pause, failing = TICK_SECONDS, False
        while not self.stopped.is_set():
            try:
                tick(self.app)
            except RedisError as exc:
                if not failing:
                    log.warning("scheduler tick: Redis is not answering (%s); trying again", type(exc).__name__)
                failing, pause = True, min(pause * 2, MAX_PAUSE)
            except Exception:
                log.exception("scheduler tick failed")
                pause = TICK_SECONDS
            else:
                if failing:
                    log.info("scheduler tick: Redis is back")
                failing, pause = False, TICK_SECONDS
            self.stopped.wait(pause)

    def stop(self):
        self.stopped.set()
