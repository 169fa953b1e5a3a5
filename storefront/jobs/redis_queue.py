"""RQ on the app's Redis: enqueue after the database commit, and survive a Redis outage (the reconciler catches up).

Jobs are named by their dotted path (`storefront.jobs.functions.submit_order`), so the code that queues a job
never imports the code that runs it.
"""

import logging
import uuid

from flask import current_app
from redis.exceptions import RedisError
from rq import Queue
from rq.exceptions import DuplicateJobError
from rq.job import JobStatus
from rq.scripts import release_lock

log = logging.getLogger(__name__)
PENDING_STATUSES = {JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.STARTED, JobStatus.DEFERRED}
# Long enough for one clean-up pass; short, so a process killed while holding it delays the next pass by seconds.
REAPER_LOCK_TTL = 10


# Mail waits behind the order steps: a worker takes from this queue only when the store's own queue is empty.
MAIL_QUEUE_SUFFIX = "-mail"


def mail_queue_name(config):
    return config["RQ_QUEUE"] + MAIL_QUEUE_SUFFIX


def queue_names(config):
    """Every queue the workers take jobs from, the most urgent first: RQ_QUEUE, then its mail queue."""
    return [config["RQ_QUEUE"], mail_queue_name(config)]


def get_queue(name=None):
    """The named queue, by default the store's own (RQ_QUEUE)."""
    app = current_app
    return Queue(name or app.config["RQ_QUEUE"], connection=app.extensions["redis"])


def enqueue_once(job, *args, job_id, keep_finished=False, queue=None, **options):
    """Enqueue unless a job with this id is waiting or running on a live worker (or, with `keep_finished`, has
    finished: its work is done); None when Redis is unavailable. `queue` names a queue other than RQ_QUEUE."""
    try:
        queue = get_queue(queue)
        existing = queue.fetch_job(job_id)
        if existing is not None:
            if _pending(existing, queue):
                return existing
            if keep_finished and existing.get_status(refresh=False) == JobStatus.FINISHED:
                return existing
            existing.delete()  # a finished, failed or abandoned run: make room for the new one
        try:
            # Atomic: of two processes queueing the same id at once, one wins and the other gets its job.
            return queue.enqueue(job, *args, job_id=job_id, unique=True, **options)
        except DuplicateJobError:
            return queue.fetch_job(job_id)
    except RedisError as exc:
        log.warning("could not enqueue %s (job %s): %s", job, job_id, exc.__class__.__name__)
        return None


def enqueue_in_safely(delay, job, *args, job_id, **options):
    """Schedule `job(*args)` after `delay` (a timedelta); None when Redis is unavailable."""
    try:
        return get_queue().enqueue_in(delay, job, *args, job_id=job_id, **options)
    except RedisError as exc:
        log.warning("could not schedule %s (job %s): %s", job, job_id, exc.__class__.__name__)
        return None


def discard_job(job_id):
    """Forget a job that is not running (its finished run no longer stands for the work); Redis errors are logged."""
    try:
        job = get_queue().fetch_job(job_id)
        if job is not None and job.get_status(refresh=False) != JobStatus.STARTED:
            job.delete()
    except RedisError as exc:
        log.warning("could not discard job %s: %s", job_id, exc.__class__.__name__)


def pending_job(job_id, queue=None):
    """The job with this id if it is waiting or running on a live worker, else None (Redis errors propagate)."""
    queue = get_queue(queue)
    job = queue.fetch_job(job_id)
    return job if job is not None and _pending(job, queue) else None


def _pending(job, queue):
    status = job.get_status(refresh=False)
    if status == JobStatus.STARTED and reap_abandoned(queue):
        job = queue.fetch_job(job.id)  # its worker may have died: the clean-up retried or failed it
        status = job.get_status(refresh=False) if job is not None else None
    return status in PENDING_STATUSES


def reap_abandoned(queue=None):
    """Send started jobs whose worker stopped heartbeating to their retry, or to failed: RQ's own clean-up.

    One process at a time (two clean-ups could retry one job twice); False when another process holds the turn.
    """
    queue = queue or get_queue()
    connection, key, token = queue.connection, f"printshop:reaper:{queue.name}", uuid.uuid4().hex
    if not connection.set(key, token, nx=True, ex=REAPER_LOCK_TTL):
        return False
    try:
        queue.started_job_registry.cleanup()
    finally:
        release_lock(connection, key, token)
    return True
