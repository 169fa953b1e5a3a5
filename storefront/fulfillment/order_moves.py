"""Moving an order between statuses from a job, without undoing what the store owner did meanwhile."""

import logging

from sqlalchemy import update

from ..clock import utcnow
from ..extensions import db
from ..mail.order_emails import owe_on_status, queue_sending
from ..orders.models import Order, OrderStatus
from ..orders.timeline import Source, record_status_change

log = logging.getLogger(__name__)


def move_order(order, new_status, expected, detail=None, source=Source.WORKER):
    """Change the order's status only if it still is one of `expected`, committing pending changes with it.

    The store owner may cancel or change an order while a job talks to the Hub; the job must not undo that. The
    change goes on the order's timeline in the same transaction, with the emails it owes (queued after the commit).
    """
    old_status = order.status
    result = db.session.execute(
        update(Order)
        .where(Order.id == order.id, Order.status.in_(expected))
        .values(status=new_status, status_detail=detail, updated_at=utcnow())
    )
    moved = result.rowcount == 1
    emails = []
    if moved:
        record_status_change(order, old_status, new_status, source, reason=detail)
        emails = owe_on_status(order, new_status)
    db.session.commit()
    db.session.refresh(order)
    queue_sending(emails)
    if not moved:
        log.info("order %s: is %s now, not moving it to %s", order.number, order.status, new_status)
    return moved


def fail_order(order, reason, expected=(OrderStatus.PLACED, OrderStatus.RENDERING)):
    """A problem no retry will fix: the order waits for the store owner as render failed (if still `expected`)."""
    if move_order(order, OrderStatus.RENDER_FAILED, expected, reason[:500]):
        log.error("order %s: %s", order.number, reason)
