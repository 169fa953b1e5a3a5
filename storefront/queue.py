"""The RQ queue: enqueue after the database commit, and survive a Redis outage (the reconciler catches up)."""

import logging
from functools import wraps

from flask import current_app, has_app_context
from redis.exceptions import RedisError
from rq import Queue
from rq.job import JobStatus

log = logging.getLogger(__name__)
_worker_app = None
PENDING_STATUSES = {JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.STARTED, JobStatus.DEFERRED}


def get_queue():
    app = current_app
    return Queue(app.config["RQ_QUEUE"], connection=app.extensions["redis"])


def enqueue_safely(func, *args, job_id=None, **options):
    """Enqueue `func(*args)`; on a Redis outage log it and return None instead of failing the request."""
    try:
        return get_queue().enqueue(func, *args, job_id=job_id, **options)
    except RedisError as exc:
        log.warning("could not enqueue %s (job %s): %s", func.__name__, job_id, exc.__class__.__name__)
        return None


def enqueue_once(func, *args, job_id, **options):
    """Enqueue unless a job with this id is already waiting or running; None when Redis is unavailable."""
    try:
        queue = get_queue()
        existing = queue.fetch_job(job_id)
        if existing is not None and existing.get_status(refresh=False) in PENDING_STATUSES:
            return existing
        return queue.enqueue(func, *args, job_id=job_id, **options)
    except RedisError as exc:
        log.warning("could not enqueue %s (job %s): %s", func.__name__, job_id, exc.__class__.__name__)
        return None


def enqueue_in_safely(delay, func, *args, job_id=None, **options):
    """Schedule `func(*args)` after `delay` (a timedelta); None when Redis is unavailable."""
    try:
        return get_queue().enqueue_in(delay, func, *args, job_id=job_id, **options)
    except RedisError as exc:
        log.warning("could not schedule %s (job %s): %s", func.__name__, job_id, exc.__class__.__name__)
        return None


def in_app_context(job):
    """Run an RQ job in an app context of its own, so each job gets a fresh database session.

    The app is the caller's when there is one (tests, the CLI), else one app built per worker process; a new
    context per job means a failed transaction in one job can never poison the next one.
    """

    @wraps(job)
    def run(*args, **kwargs):
        with _job_app().app_context():
            return job(*args, **kwargs)

    return run


def _job_app():
    global _worker_app
    if has_app_context():
        return current_app._get_current_object()
    if _worker_app is None:
        from . import create_app

        _worker_app = create_app()
    return _worker_app
