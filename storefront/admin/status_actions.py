"""The owner's status changes that the Hub follows: shipping completes the order's Hub project, cancelling rejects
it (fulfillment/hub_status.py finds the transitions), at once while the owner waits. When the Hub cannot go there,
the owner is told why and may confirm the change to our order alone; when the Hub cannot be reached, the order
changes now and a job moves the project once the Hub answers. Shipping keeps the carrier and tracking number the
owner gave (orders/shipment.py)."""

import logging

from ..extensions import db
from ..fulfillment.hub_status import HubStatusUnreachable, cancelled_status, move_project_to, shipped_status
from ..hub import HubError, HubUnavailable, get_quick_hub
from ..orders.lifecycle import CANCELLABLE, SHIPPABLE, OrderStatus
from ..orders.shipment import record_shipment
from .actions import NeedsConfirmation, load_order, lock_order, set_status
from .hub_messages import hub_error_message

log = logging.getLogger(__name__)


def _follow_at_hub(order, status_name, action, confirmed):
    """Move the order's project to `status_name` at the Hub; (a sentence for the owner about what the Hub did, True
    when a job is still to move it).

    Without a project there is nothing to do; when the Hub cannot go there and the owner has not confirmed yet,
    NeedsConfirmation says why.
    """
    project = order.hub_project
    if project is None:
        return "", False
    if confirmed:
        return f" Hub project {project.hub_project_id} was left as it is.", False
    try:
        status = move_project_to(get_quick_hub(), project, status_name)
    except HubUnavailable as exc:
        db.session.rollback()
        log.warning("order %s: the Hub could not be reached, its project follows later: %s", order.number, exc)
        return f" The Hub could not be reached: Hub project {project.hub_project_id} follows once it answers.", True
    except HubStatusUnreachable as exc:
        reason = f"The Hub project {project.hub_project_id} cannot become {status_name}: {exc}."
    except HubError as exc:
        reason = hub_error_message(exc)
    else:
        return f" Hub project {project.hub_project_id} is now {status.display_name}.", False
    db.session.rollback()
    raise NeedsConfirmation(f"{reason} Confirm to change order {order.number} here anyway.", action)


def mark_fulfilled(order_id, actor=None, confirmed=False, carrier=None, tracking_number=None):
    """A ready order has been printed and shipped, with this carrier and tracking number (both optional, checked
    by admin/forms.ShipForm); its Hub project is completed. The customer is owed the "on its way" email."""
    order = load_order(order_id)
    lock_order(order, SHIPPABLE, "Mark as shipped")
    db.session.commit()  # the lock is not held while the Hub is called
    hub_note, later = _follow_at_hub(order, shipped_status(), "fulfil", confirmed)
    lock_order(order, SHIPPABLE, "Mark as shipped")
    if set_status(order, OrderStatus.FULFILLED, actor, hub=later):
        record_shipment(order, carrier, tracking_number, actor)
    db.session.commit()
    log.info("order %s: marked fulfilled", order.number)
    return f"Order {order.number} is marked as shipped.{hub_note}"


def cancel_order(order_id, actor=None, confirmed=False):
    """Cancel an order that is not shipped or cancelled; its Hub project is rejected. Jobs leave it alone."""
    order = load_order(order_id)
    lock_order(order, CANCELLABLE, "Cancel")
    db.session.commit()
    hub_note, later = _follow_at_hub(order, cancelled_status(), "cancel", confirmed)
    lock_order(order, CANCELLABLE, "Cancel")
    set_status(order, OrderStatus.CANCELLED, actor, "Cancelled by the store.", hub=later)
    db.session.commit()
    log.info("order %s: cancelled by the owner", order.number)
    return f"Order {order.number} is cancelled.{hub_note}"
