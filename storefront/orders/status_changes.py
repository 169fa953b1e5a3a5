"""The one way an order's status changes: checked against the lifecycle (orders/lifecycle.py), written with its
timeline row, the emails it owes and the Hub follow-up it needs, all in the caller's transaction; what must be queued
is queued once that transaction commits (storefront/after_commit.py).

The caller commits. A job and the store owner may move one order at the same moment: the change is written only if
the order is still in a status that may lead to the new one (and, when the caller names them, one of `expected`),
so nobody undoes what the other did.
"""

import logging

from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value

from ..after_commit import after_commit
from ..clock import utcnow
from ..extensions import db
from ..jobs.queueing import queue_email, queue_hub_follow_up
from ..mail.models import EmailKind
from ..mail.order_emails import owe
from .lifecycle import PRODUCTION, OrderStatus, TransitionRefused
from .models import Order
from .timeline import Source, record_status_change

log = logging.getLogger(__name__)
MAX_DETAIL = 500


def change_status(order, new_status, source=Source.WORKER, *, actor=None, reason=None, expected=None, hub=True):
    """Move `order` to `new_status`; True when it moved, False when it was no longer where it could (a race).

    Raises TransitionRefused when the lifecycle has no way from the order's status to the new one. `expected`
    narrows the statuses it may move from. `hub=False` when the Hub needs no follow-up: it made the change itself,
    or the store owner's action already moved (or chose to leave) the project.
    """
    old_status = order.status
    if old_status == new_status:
        return False
    if not PRODUCTION.may_move(old_status, new_status):
        raise TransitionRefused(f"order {order.number}: no way from {old_status} to {new_status}")
    allowed = PRODUCTION.leading_to(new_status) & set(expected if expected is not None else PRODUCTION.rules)
    detail = reason[:MAX_DETAIL] if reason else None
    moved = db.session.execute(
        update(Order)
        .where(Order.id == order.id, Order.status.in_(allowed))
        .values(status=new_status, status_detail=detail, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        db.session.refresh(order)
        log.info("order %s: is %s now, not moving it to %s", order.number, order.status, new_status)
        return False
    set_committed_value(order, "status", new_status)
    set_committed_value(order, "status_detail", detail)
    record_status_change(order, old_status, new_status, source, actor, reason=detail)
    _follow_up(order, new_status, hub)
    return True


def _follow_up(order, new_status, hub):
    rule = PRODUCTION.rule(new_status)
    emails = owe(order, *map(EmailKind, rule.owes))
    project = order.hub_project
    wants_hub = hub and rule.hub_follows is not None and project is not None
    if wants_hub:
        project.hub_status_wanted = rule.hub_follows
    if emails or wants_hub:
        db.session.flush()  # the rows' ids, for what is queued after the commit
    for email in emails:
        after_commit(queue_email, email.id)
    if wants_hub:
        after_commit(queue_hub_follow_up, order.id)


def fail_order(order, reason, expected=None):
    """A problem no retry will fix (a job's verdict): the order waits for the store owner as render failed, if it
    is still in a status that may fail (and one of `expected` when given). Commits; True when it moved."""
    moved = PRODUCTION.may_move(order.status, OrderStatus.RENDER_FAILED) and change_status(
        order, OrderStatus.RENDER_FAILED, reason=reason, expected=expected
    )
    db.session.commit()
    if moved:
        log.error("order %s: %s", order.number, reason)
    return moved
