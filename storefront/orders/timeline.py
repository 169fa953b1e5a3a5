"""An order's timeline: what happened to it, when, and by whose hand, as rows written with the change itself.

`record` only adds the row to the session: the caller's commit writes it together with the change it tells of.
"""

from enum import StrEnum

from ..extensions import db
from .lifecycle import PRODUCTION
from .models import OrderEvent

MAX_MESSAGE = 500


class EventKind(StrEnum):
    PLACED = "placed"
    SUBMITTED = "submitted"
    PROCESSING = "processing"
    WEBHOOK = "webhook"
    RESUMED = "resumed"
    RESTARTED = "restarted"
    FILE_FETCHED = "file_fetched"
    FILE_REFUSED = "file_refused"
    STATUS_CHANGED = "status_changed"
    HUB_STATUS = "hub_status"
    ADMIN_ACTION = "admin_action"
    EMAIL_SENT = "email_sent"
    EMAIL_FAILED = "email_failed"
    EMAIL_QUEUED = "email_queued"
    SHIPPED = "shipped"
    ADDRESS_CORRECTED = "address_corrected"


class Source(StrEnum):
    CUSTOMER = "customer"
    WORKER = "worker"
    HUB = "hub"
    ADMIN = "admin"


def record(order, kind, message, source, actor=None, **details):
    """Add one event for `order` to the session (it is written by the caller's commit)."""
    event = OrderEvent(kind=kind, source=source, actor=actor, message=message[:MAX_MESSAGE], details=details or None)
    if order.id is None:
        order.events.append(event)
    else:
        event.order_id = order.id
        db.session.add(event)
    return event


def record_status_change(order, old_status, new_status, source, actor=None, reason=None):
    old, new = PRODUCTION.label(old_status), PRODUCTION.label(new_status)
    message = f"{old} → {new}" + (f": {reason}" if reason else "")
    return record(order, EventKind.STATUS_CHANGED, message, source, actor, old=str(old_status), new=str(new_status))


def events_of(order):
    """The order's events, oldest first."""
    return (
        db.session.execute(db.select(OrderEvent).filter_by(order_id=order.id).order_by(OrderEvent.id)).scalars().all()
    )


def latest(kind):
    """The newest event of this kind in the whole shop, or None (the health page's last webhook)."""
    return db.session.execute(
        db.select(OrderEvent).filter_by(kind=kind).order_by(OrderEvent.id.desc()).limit(1)
    ).scalar_one_or_none()
