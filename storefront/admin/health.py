"""The health page's checks: the Hub and our token, Redis, the job queue and its registries, the workers, order
emails, the last pipeline callback and the reconciler's last run. Each check answers in words and never raises
for what it checks.
"""

import logging
import time
from contextlib import suppress
from dataclasses import dataclass, field

from flask import current_app
from redis.exceptions import RedisError
from rq import Worker
from rq.exceptions import InvalidJobOperation, NoSuchJobError
from rq.job import Job

from ..hub import HubAuthError, HubError, HubUnavailable, get_quick_hub
from ..jobs.queueing import RECONCILER_PREFIX
from ..jobs.redis_queue import get_queue, mail_queue_name
from ..mail.order_emails import status_counts
from ..orders.timeline import EventKind, latest

log = logging.getLogger(__name__)


@dataclass
class Check:
    """One line of the health page: ok or not, and what to tell the owner."""

    name: str
    ok: bool
    summary: str
    facts: dict = field(default_factory=dict)


def hub_check():
    """An authenticated Hub call made now (statuses are never cached), with its latency."""
    started = time.monotonic()
    try:
        get_quick_hub().get_project_statuses()
    except HubAuthError:
        return Check("Hub", False, "The Hub refused our credentials: check CCHUB_CLIENT_ID and CCHUB_CLIENT_SECRET.")
    except HubUnavailable as exc:
        return Check("Hub", False, f"The Hub could not be reached ({exc}).")
    except HubError as exc:
        return Check("Hub", False, f"The Hub answered with an error ({exc}).")
    latency = (time.monotonic() - started) * 1000
    return Check("Hub", True, f"Reachable, our token accepted, in {latency:.0f} ms.", {"latency_ms": round(latency)})


def queue_check():
    """Redis, the queue's length and RQ's registries, and the workers RQ knows with their last heartbeat."""
    try:
        queue = get_queue()
        queue.connection.ping()
        facts = {
            "queued": queue.count,
            "scheduled": queue.scheduled_job_registry.count,
            "started": queue.started_job_registry.count,
            "failed": queue.failed_job_registry.count,
        }
        workers = Worker.all(queue=queue)
    except RedisError as exc:
        return Check("Redis", False, f"Redis is not answering ({type(exc).__name__}): no job can be queued now."), None
    redis_ok = Check("Redis", True, "Reachable.", facts)
    beats = [worker.last_heartbeat for worker in workers if worker.last_heartbeat]
    if not workers:
        return redis_ok, Check("Workers", False, "No worker is running: orders will wait. Start `python worker.py`.")
    newest = max(beats).strftime("%Y-%m-%d %H:%M:%S UTC") if beats else "never"
    summary = f"{len(workers)} worker(s) alive; last heartbeat {newest}."
    return redis_ok, Check("Workers", True, summary, {"workers": len(workers)})


def mail_check():
    """Order emails still to send or failed for good (our rows), and the send jobs waiting in the mail queue."""
    counts = status_counts()
    facts = {"pending": counts["pending"], "failed": counts["failed"]}
    with suppress(RedisError):  # the Redis check says so
        facts["queued"] = get_queue(mail_queue_name(current_app.config)).count
    server = current_app.config.get("MAIL_SERVER")
    where = f"the SMTP server {server}" if server else "the outbox folder (MAIL_SERVER is unset)"
    if counts["failed"]:
        return Check("Emails", False, f"{counts['failed']} email(s) failed: see the orders' Emails tables.", facts)
    return Check("Emails", True, f"No email failed; messages go to {where}.", facts)


def webhook_check():
    event = latest(EventKind.WEBHOOK)
    if event is None:
        return Check("Pipeline callback", True, "No callback received yet (orders are polled meanwhile).")
    when = event.created_at.strftime("%Y-%m-%d %H:%M:%S UTC")
    return Check("Pipeline callback", True, f"Last received {when} for order #{event.order_id}.")


def reconciler_check():
    """The newest reconciler run RQ still remembers (results are kept for two intervals)."""
    try:
        queue = get_queue()
        ids = [job_id for job_id in queue.finished_job_registry.get_job_ids() if job_id.startswith(RECONCILER_PREFIX)]
        jobs = [job for job in Job.fetch_many(ids, connection=queue.connection) if job is not None and job.ended_at]
    except RedisError:
        return Check("Reconciler", False, "Unknown: Redis is not answering.")
    if not jobs:
        return Check("Reconciler", False, "No finished run in the last two intervals: is a worker running?")
    last = max(jobs, key=lambda job: job.ended_at)
    counts = last.return_value() or {}
    queued = ", ".join(f"{name} {count}" for name, count in counts.items()) or "nothing"
    return Check("Reconciler", True, f"Last run {last.ended_at:%Y-%m-%d %H:%M:%S} UTC; queued: {queued}.")


def all_checks():
    redis_check, workers_check = queue_check()
    checks = [hub_check(), redis_check]
    if workers_check is not None:
        checks.append(workers_check)
    return [*checks, mail_check(), webhook_check(), reconciler_check()]


def requeue_failed():
    """Put every failed job back on the queue; returns how many (RQ's own requeue)."""
    registry = get_queue().failed_job_registry
    requeued = 0
    for job_id in registry.get_job_ids():
        try:
            registry.requeue(job_id)
        except (InvalidJobOperation, NoSuchJobError):
            continue  # another admin, or the job's own retry, took it first
        requeued += 1
    return requeued
