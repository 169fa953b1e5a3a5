"""The queueing API: every job id and retry policy, written once; services queue work only through these functions.

Jobs are queued after the database commit and by dotted name (they live in `storefront.jobs.functions`). Each
function returns the job, or None when Redis is not answering: the reconciler queues the step later from our rows.
"""

import time
from datetime import timedelta

from flask import current_app
from rq import Retry
from rq.exceptions import DuplicateJobError
from rq.job import Job

from ..clock import as_utc, utcnow
from ..extensions import db
from ..orders.models import OrderStatus
from .redis_queue import discard_job, enqueue_in_safely, enqueue_once, mail_queue_name

JOBS = "storefront.jobs.functions"
SUBMIT_ORDER = f"{JOBS}.submit_order"
POLL_PROJECT = f"{JOBS}.poll_project"
RESUME_PROJECT = f"{JOBS}.resume_project"
FETCH_PRINT_FILES = f"{JOBS}.fetch_print_files"
MAKE_PROOF = f"{JOBS}.make_proof"
MERGE_GUEST = f"{JOBS}.merge_guest"
KEEP_DESIGNS = f"{JOBS}.keep_designs"
SEND_EMAIL = f"{JOBS}.send_email"
RECONCILE = f"{JOBS}.reconcile"
FOLLOW_AT_HUB = f"{JOBS}.follow_at_hub"

# Soon at first (a Hub blip), then further apart (an outage); the reconciler takes over after the last try.
TRANSIENT_RETRY = Retry(max=6, interval=[2, 10, 30, 120, 600, 1800])
# A guest merge waits for the Hub for hours if it must: the customer's later orders need it.
MERGE_RETRY = Retry(max=8, interval=[10, 30, 60, 300, 900, 1800, 3600, 3600])
# A proof waits for nothing but the store: a few tries, then the reconciler (the job itself stops after three runs).
PROOF_RETRY = Retry(max=3, interval=[5, 60, 300])
RECONCILER_PREFIX = "reconcile-"
# The longest one run of each job may take (seconds); RQ then stops its work horse and the job goes to its retry.
# A run's Hub calls are bounded by HUB_READ_TIMEOUT and the retries (a few minutes at worst); a fetch streams
# files of up to 2 GB, and a proof copies one back out of the store before drawing its first page.
JOB_TIMEOUTS = {
    SUBMIT_ORDER: 300,
    POLL_PROJECT: 180,
    RESUME_PROJECT: 180,
    FETCH_PRINT_FILES: 1800,
    MAKE_PROOF: 600,
    MERGE_GUEST: 180,
    KEEP_DESIGNS: 300,
    # One SMTP conversation, bounded by MAIL_TIMEOUT per step.
    SEND_EMAIL: 120,
    FOLLOW_AT_HUB: 180,
    RECONCILE: 600,
}


# Every job id, one function each: the queueing below, the reconciler and the tests build ids only through these.


def submit_job_id(order_id):
    return f"submit-order-{order_id}"


def fetch_job_id(order_id):
    return f"fetch-order-{order_id}"


def proof_job_id(print_file_id):
    return f"proof-{print_file_id}"


def merge_job_id(merge_id):
    return f"hub-merge-{merge_id}"


def poll_job_prefix(order_id):
    """What the id of every poll of the order starts with, scheduled or immediate."""
    return f"poll-order-{order_id}-"


def poll_job_id(hub_project):
    """The poll chain's next job is named after the moment our row says it is due, so the row tells which job
    Redis should hold (extra polls, such as the webhook's, leave `next_poll_at` alone)."""
    return f"{poll_job_prefix(hub_project.order_id)}at-{int(as_utc(hub_project.next_poll_at).timestamp())}"


def poll_now_job_id(order_id):
    """The immediate poll the Hub's callback asks for (one waiting at a time; the scheduled chain goes on)."""
    return f"{poll_job_prefix(order_id)}now"


def resume_job_id(hub_project):
    """One job per resume attempt of a failed pipeline."""
    return f"resume-order-{hub_project.order_id}-{hub_project.resumes}"


def keep_designs_job_id(user_id):
    return f"keep-designs-{user_id}"


def mail_job_id(email_id):
    return f"mail-{email_id}"


def reconcile_job_id(interval, now=None):
    """The reconciler's run for the interval `now` (a Unix time, by default the present) falls in: every worker's
    tick names the same run."""
    return f"{RECONCILER_PREFIX}{int((now if now is not None else time.time()) // interval)}"


def queue_submission(order):
    """Queue the order's Hub submission and note when; False when it is not placed or Redis is not answering."""
    if order.status != OrderStatus.PLACED:
        return False
    job = enqueue_once(
        SUBMIT_ORDER,
        order.id,
        job_id=submit_job_id(order.id),
        retry=TRANSIENT_RETRY,
        job_timeout=JOB_TIMEOUTS[SUBMIT_ORDER],
    )
    if job is None:
        return False
    order.submit_enqueued_at = utcnow()
    db.session.commit()
    return True


def schedule_poll(hub_project, delay=None):
    """Schedule the next poll of a project, once: a poll already scheduled for later is kept."""
    now = utcnow()
    if hub_project.next_poll_at is not None and as_utc(hub_project.next_poll_at) > now:
        return
    interval = timedelta(seconds=current_app.config["HUB_POLL_INTERVAL"])
    hub_project.next_poll_at = now + (delay if delay is not None else interval)
    db.session.commit()
    queue_poll(hub_project)


def queue_poll(hub_project):
    """Queue the poll our row says comes next (`next_poll_at`): at its time, or at once if that has passed."""
    delay = max(as_utc(hub_project.next_poll_at) - utcnow(), timedelta(0))
    job_id = poll_job_id(hub_project)
    return enqueue_in_safely(
        delay,
        POLL_PROJECT,
        hub_project.order_id,
        True,
        job_id=job_id,
        retry=TRANSIENT_RETRY,
        job_timeout=JOB_TIMEOUTS[POLL_PROJECT],
    )


def queue_poll_now(order_id):
    """An immediate poll (the Hub's callback said processing ended); the scheduled poll stays as a safety net."""
    return enqueue_once(
        POLL_PROJECT,
        order_id,
        job_id=poll_now_job_id(order_id),
        retry=TRANSIENT_RETRY,
        job_timeout=JOB_TIMEOUTS[POLL_PROJECT],
    )


def queue_resume(hub_project):
    """Resume a failed pipeline after HUB_RESUME_DELAY; one job per resume attempt."""
    delay = timedelta(seconds=current_app.config["HUB_RESUME_DELAY"])
    return enqueue_in_safely(
        delay,
        RESUME_PROJECT,
        hub_project.order_id,
        job_id=resume_job_id(hub_project),
        retry=TRANSIENT_RETRY,
        job_timeout=JOB_TIMEOUTS[RESUME_PROJECT],
    )


def queue_fetch(order_id, again=False):
    """Queue the download of the order's print files, once: a run that finished has fetched them, unless `again`
    (files were removed, or lost) says they must be fetched anew."""
    return enqueue_once(
        FETCH_PRINT_FILES,
        order_id,
        job_id=fetch_job_id(order_id),
        keep_finished=not again,
        retry=TRANSIENT_RETRY,
        job_timeout=JOB_TIMEOUTS[FETCH_PRINT_FILES],
    )


def queue_proof(print_file_id):
    """Queue the proof of a print file just stored, once: a run that finished had another copy in hand (the fetch
    queues one per copy), so only a waiting or running one counts."""
    return enqueue_once(
        MAKE_PROOF,
        print_file_id,
        job_id=proof_job_id(print_file_id),
        retry=PROOF_RETRY,
        job_timeout=JOB_TIMEOUTS[MAKE_PROOF],
    )


def forget_fetch(order_id):
    """The order's print files are replaced (rendering restarts): the next completed poll fetches them anew."""
    discard_job(fetch_job_id(order_id))


def queue_merge(merge_id):
    """Queue the retry of a guest-to-customer merge at the Hub, once."""
    job_id = merge_job_id(merge_id)
    return enqueue_once(MERGE_GUEST, merge_id, job_id=job_id, retry=MERGE_RETRY, job_timeout=JOB_TIMEOUTS[MERGE_GUEST])


def queue_keep_designs(user_id):
    """Queue the job that asks the Hub to keep a customer's new saved designs for good, once: a run already
    waiting or running also keeps designs saved since it was queued."""
    return enqueue_once(
        KEEP_DESIGNS,
        user_id,
        job_id=keep_designs_job_id(user_id),
        retry=TRANSIENT_RETRY,
        job_timeout=JOB_TIMEOUTS[KEEP_DESIGNS],
    )


def mail_retry():
    """After a temporary SMTP failure, a try after each MAIL_RETRY interval; the job marks the row failed when
    the last one fails too (sending.py)."""
    intervals = current_app.config["MAIL_RETRY"]
    return Retry(max=len(intervals), interval=intervals) if intervals else None


def queue_email(email_id):
    """Queue the sending of an owed email on the mail queue, once: a waiting or running job sends it."""
    return enqueue_once(
        SEND_EMAIL,
        email_id,
        job_id=mail_job_id(email_id),
        queue=mail_queue_name(current_app.config),
        retry=mail_retry(),
        job_timeout=JOB_TIMEOUTS[SEND_EMAIL],
    )


def hub_follow_up_job_id(order_id):
    return f"hub-status-{order_id}"


def queue_hub_follow_up(order_id):
    """Queue the move of the order's Hub project to the status its order's change asked for, once."""
    return enqueue_once(
        FOLLOW_AT_HUB,
        order_id,
        job_id=hub_follow_up_job_id(order_id),
        retry=TRANSIENT_RETRY,
        job_timeout=JOB_TIMEOUTS[FOLLOW_AT_HUB],
    )


def queue_reconcile(queue, interval, now=None):
    """Queue this interval's run of the reconciler unless one is already there; returns the job or None.

    The id names the interval, so every worker may ask and one run is queued; after Redis lost it, the next tick
    queues it again at once.
    """
    job_id = reconcile_job_id(interval, now)
    if Job.exists(job_id, queue.connection):
        return None
    try:
        return queue.enqueue(
            RECONCILE,
            job_id=job_id,
            unique=True,
            result_ttl=interval * 2,
            failure_ttl=interval * 2,
            job_timeout=JOB_TIMEOUTS[RECONCILE],
        )
    except DuplicateJobError:
        return None
