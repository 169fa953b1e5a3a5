"""The reconciler: queue every order step our own rows say is due and Redis does not hold, whatever Redis lost."""

import logging
import time
from datetime import timedelta

from flask import current_app

from ..clock import as_utc, utcnow
from ..extensions import db
from ..hub import HubError, get_hub
from ..jobs.queueing import (
    fetch_job_id,
    hub_follow_up_job_id,
    mail_job_id,
    poll_job_id,
    queue_email,
    queue_fetch,
    queue_hub_follow_up,
    queue_keep_designs,
    queue_merge,
    queue_poll,
    queue_proof,
    queue_submission,
    schedule_poll,
    submit_job_id,
)
from ..jobs.redis_queue import get_queue, mail_queue_name, pending_job, reap_abandoned
from ..mail.order_emails import pending_email_ids
from ..orders import stored_print_files
from ..orders.lifecycle import AWAITING_JOBS, HUB_FOLLOWED, SHOWS_FILES, OrderStatus
from ..orders.models import Order
from ..shoppers.design_retention import customers_with_designs_to_keep
from ..shoppers.guest_merge import pending_merge_ids
from ..storage import StoreUnavailable
from .hub_status import read_hub_status
from .models import HubProject, PrintFile, ProcessingStatus

log = logging.getLogger(__name__)
# At most this many proofs are queued per run (a first run after the upgrade that added proofs makes them for older
# orders a batch at a time).
PROOFS_PER_RUN = 200
HUB_STATUS_CURSOR = "printshop:reconcile:hub-status-after"


def _seconds(name):
    return timedelta(seconds=current_app.config[name])


def reconcile():
    """Queue what is missing: submissions, lost polls, print files not fetched, proofs, unconfirmed Hub merges,
    customers' designs not yet kept at the Hub, emails not sent, Hub projects still to follow their order.

    The database says what each order waits for; Redis is only asked whether that job is still there.
    """
    reap_abandoned()  # a started job whose worker died is retried or failed first: it no longer counts as running
    counts = {"submit": 0, "poll": 0, "fetch": 0, "proof": 0, "merge": 0}
    wanted = _missing_steps(counts)
    if wanted:
        # Redis may have restarted under a running job; its worker writes the job back at its next heartbeat
        # (a third of JOB_HEARTBEAT_TTL). Look again after that, so a running job is never queued twice.
        db.session.commit()  # no transaction stays open while we wait (SQLite writers would be locked out)
        time.sleep(current_app.config["JOB_HEARTBEAT_TTL"] / 2)
    for job_id, order_id in wanted:
        if pending_job(job_id) is not None:
            continue
        if job_id == submit_job_id(order_id):
            counts["submit"] += queue_submission(db.session.get(Order, order_id))
        else:
            counts["fetch"] += queue_fetch(order_id, again=True) is not None
    counts["proof"] = queue_missing_proofs()
    for merge_id in pending_merge_ids():
        queue_merge(merge_id)
        counts["merge"] += 1
    # A customer's designs whose keep job Redis lost (enqueue_once leaves a waiting or running one alone).
    counts["keep"] = sum(queue_keep_designs(user_id) is not None for user_id in customers_with_designs_to_keep())
    counts["mail"] = queue_unsent_emails()
    counts["hub_follow_up"] = queue_hub_follow_ups()
    counts["hub_status"] = follow_hub_statuses()
    log.info("reconcile: %s", counts)
    return counts


def _missing_steps(counts):
    """[(job id, order id)] of submissions and downloads Redis does not hold; lost polls are put back at once."""
    wanted = []
    for order in db.session.execute(db.select(Order).where(Order.status.in_(AWAITING_JOBS))).scalars().all():
        if order.status == OrderStatus.PLACED:
            job_id = submit_job_id(order.id)
        elif _download_left(order):
            job_id = fetch_job_id(order.id)
        else:
            if order.status == OrderStatus.RENDERING:
                counts["poll"] += _restore_poll_chain(order.hub_project)
            continue
        if pending_job(job_id) is None:
            wanted.append((job_id, order.id))
    return wanted


def queue_missing_proofs():
    """Queue the proof of each stored PDF of a ready or shipped order that has none yet (a proof job is harmless
    twice, so no second look is needed); returns how many were queued."""
    rows = db.session.execute(
        db.select(PrintFile)
        .join(Order)
        .where(Order.status.in_(SHOWS_FILES), PrintFile.fetched_at.is_not(None), PrintFile.proof_done_at.is_(None))
        .where(stored_print_files.pdf_rows())
        .order_by(PrintFile.id)
        .limit(PROOFS_PER_RUN)
    ).scalars()
    return sum(queue_proof(row.id) is not None for row in rows if stored_print_files.wants_proof(row))


def queue_unsent_emails():
    """Queue each pending email whose send job Redis does not hold (lost, or never queued while Redis was down).

    No second look is needed: a send job claims its row, so a second job of one email finds nothing to send.
    """
    name = mail_queue_name(current_app.config)
    reap_abandoned(get_queue(name))
    unsent = [email_id for email_id in pending_email_ids() if pending_job(mail_job_id(email_id), name) is None]
    return sum(queue_email(email_id) is not None for email_id in unsent)


def queue_hub_follow_ups():
    """Queue the follow-up of each Hub project whose order asked for one and whose job Redis does not hold."""
    waiting = db.select(HubProject.order_id).where(HubProject.hub_status_wanted.is_not(None)).order_by(HubProject.id)
    lost = [
        order_id
        for order_id in db.session.execute(waiting).scalars()
        if pending_job(hub_follow_up_job_id(order_id)) is None
    ]
    return sum(queue_hub_follow_up(order_id) is not None for order_id in lost)


def follow_hub_statuses(limit=None):
    """Read the Hub status of open orders with a project, so BackOffice changes reach our orders.

    Each run reads at most HUB_STATUS_PER_RUN projects, taking up where the last run stopped (the cursor is in
    Redis; losing it only starts the round again): the Hub's load stays the same however many orders wait to be
    shipped.
    """
    orders = orders_to_follow(limit or current_app.config["HUB_STATUS_PER_RUN"])
    if not orders:
        return 0
    hub = get_hub()
    try:
        statuses = hub.get_project_statuses().items
        changed = sum(read_hub_status(hub, order, statuses) for order in orders)
    except HubError as exc:
        log.warning("reconcile: could not read Hub project statuses: %s", exc)
        db.session.rollback()
        return 0
    db.session.commit()
    current_app.extensions["redis"].set(HUB_STATUS_CURSOR, orders[-1].id)
    return changed


def orders_to_follow(limit):
    """The next `limit` followed orders after the cursor, starting again from the oldest at the end."""
    raw = current_app.extensions["redis"].get(HUB_STATUS_CURSOR)
    after = int(raw) if raw and raw.isdigit() else 0
    followed = db.select(Order).join(HubProject).where(Order.status.in_(HUB_FOLLOWED)).order_by(Order.id)
    orders = db.session.execute(followed.where(Order.id > after).limit(limit)).scalars().all()
    if len(orders) < limit and after:
        orders += db.session.execute(followed.where(Order.id <= after).limit(limit - len(orders))).scalars().all()
    return orders


def _download_left(order):
    """A ready order missing a file in the store, or a rendering order whose last poll recorded its print files."""
    if order.status == OrderStatus.READY:
        try:
            return not all(stored_print_files.file_present(print_file) for print_file in order.artifacts)
        except StoreUnavailable as exc:
            log.warning("reconcile: order %s: cannot tell which print files are stored: %s", order.number, exc)
            return False  # fetching again would fail the same way; the next round looks again
    project = order.hub_project
    return project is not None and project.processing_status == ProcessingStatus.COMPLETED and bool(order.artifacts)


def _restore_poll_chain(project):
    """Put a rendering order's poll chain back when Redis lost it; 1 when a poll was scheduled."""
    if project is None:
        return 0
    if project.next_poll_at is not None:
        if pending_job(poll_job_id(project)) is not None:
            return 0
        queue_poll(project)  # the lost poll, at the time it was due
        return 1
    # No poll scheduled: one is running, or one died before scheduling the next; give it time to finish.
    since = as_utc(project.last_polled_at or project.created_at)
    if since > utcnow() - _seconds("HUB_POLL_INTERVAL") - _seconds("JOB_HEARTBEAT_TTL"):
        return 0
    schedule_poll(project, delay=timedelta(0))
    return 1
