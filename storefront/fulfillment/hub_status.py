"""The Hub project's own status (its BackOffice workflow: New, Completed, Rejected...) in step with our order.

Our way: an order's status that the lifecycle says the Hub follows (orders/lifecycle.py `hub_follows`: shipped,
cancelled) moves its project to HUB_SHIPPED_STATUS or HUB_CANCELLED_STATUS, along the shortest chain of the Hub's
named transitions: at once when the store owner is waiting for it (admin/status_actions.py), else by the
`follow_at_hub` job, which the order's change asked for in its own transaction. The Hub's way: a project completed
or rejected in BackOffice ships or cancels the order when its status is next read (the admin's order page, the
reconciler's pass).
"""

import logging
from collections import deque

from flask import current_app

from ..extensions import db
from ..hub import HubConflict, get_hub
from ..orders.lifecycle import HUB_CANCELLED, HUB_SHIPPED, PRODUCTION, OrderStatus
from ..orders.models import Order
from ..orders.status_changes import change_status
from ..orders.timeline import EventKind, Source, record

log = logging.getLogger(__name__)


DEFAULT_SHIPPED_STATUS = "Completed"
DEFAULT_CANCELLED_STATUS = "Rejected"


def shipped_status():
    """The Hub project status that means shipped (HUB_SHIPPED_STATUS; the Hub's default workflow: Completed)."""
    return current_app.config.get("HUB_SHIPPED_STATUS") or DEFAULT_SHIPPED_STATUS


def cancelled_status():
    """The Hub project status that means cancelled (HUB_CANCELLED_STATUS; the default workflow: Rejected)."""
    return current_app.config.get("HUB_CANCELLED_STATUS") or DEFAULT_CANCELLED_STATUS


def hub_status_for(follows):
    """The Hub's name of the project status a lifecycle follow-up (HUB_SHIPPED, HUB_CANCELLED) means."""
    return {HUB_SHIPPED: shipped_status, HUB_CANCELLED: cancelled_status}[follows]()


class HubStatusUnreachable(Exception):
    """The Hub cannot move the project to the status asked for; the message says why, for the store owner."""


def status_named(statuses, name):
    """The status whose display name is `name` (case-insensitive), or None."""
    wanted = (name or "").strip().lower()
    return next((s for s in statuses if (s.display_name or "").strip().lower() == wanted), None)


def transition_path(transitions, start, goal):
    """The shortest list of transitions leading from status code `start` to `goal` ([] when already there)."""
    paths, seen = deque([(start, [])]), {start}
    while paths:
        code, path = paths.popleft()
        if code == goal:
            return path
        for transition in transitions:
            if transition.start_status == code and transition.result_status not in seen:
                seen.add(transition.result_status)
                paths.append((transition.result_status, [*path, transition]))
    return None


def move_project_to(hub, hub_project, status_name):
    """Apply the Hub's transitions that take the project to the status called `status_name`; returns that status.

    Raises HubStatusUnreachable when the Hub has no such status, no chain of transitions reaches it, or it refuses
    one of them (409); other Hub errors propagate.
    """
    statuses = hub.get_project_statuses().items
    target = status_named(statuses, status_name)
    if target is None:
        raise HubStatusUnreachable(f"the Hub has no project status called “{status_name}”")
    current = hub.get_project(hub_project.hub_project_id).status
    path = transition_path(hub.get_all_transitions().items, current, target.code)
    if path is None:
        known = status_named_code(statuses, current)
        shown = known.display_name if known is not None and known.display_name else f"status {current}"
        raise HubStatusUnreachable(f"no transition leads from {shown} to {target.display_name}")
    for transition in path:
        try:
            hub.apply_transition(hub_project.hub_project_id, transition.name)
        except HubConflict as exc:
            reason = (exc.detail or exc.title or "not allowed now").rstrip(".")
            raise HubStatusUnreachable(f"the Hub refused the transition “{transition.name}”: {reason}") from exc
    hub_project.hub_status_code, hub_project.hub_status_name = target.code, target.display_name
    return target


def status_named_code(statuses, code):
    return next((s for s in statuses if s.code == code), None)


def follow_hub_status(order, code, name):
    """Record the project's Hub status as read now; a shipped or cancelled status there moves our order too.

    Returns True when something changed (the caller commits).
    """
    project = order.hub_project
    if project is None or code is None or code == project.hub_status_code:
        return False
    project.hub_status_code, project.hub_status_name = code, name
    shown = name or f"status {code}"
    record(order, EventKind.HUB_STATUS, f"Hub project status: {shown}", Source.HUB, code=code)
    followed = {shipped_status().lower(): OrderStatus.FULFILLED, cancelled_status().lower(): OrderStatus.CANCELLED}
    new_status = followed.get((name or "").strip().lower())
    if new_status is not None and PRODUCTION.may_move(order.status, new_status):
        change_status(order, new_status, Source.HUB, reason=f"{shown} at the Hub", hub=False)
    return True


def apply_wanted_status(order_id):
    """Move the order's project to the status its order's change asked for (the follow_at_hub job).

    A status the Hub cannot reach is told on the timeline and asked for no more; an outage reaches RQ's retry.
    """
    order = db.session.get(Order, order_id)
    project = order.hub_project if order is not None else None
    if project is None or project.hub_status_wanted is None:
        return
    name = hub_status_for(project.hub_status_wanted)
    try:
        status = move_project_to(get_hub(), project, name)
    except HubStatusUnreachable as exc:
        message = f"Hub project {project.hub_project_id} could not follow the order to {name}: {exc}"
        log.warning("order %s: %s", order.number, message)
    else:
        message = f"Hub project {project.hub_project_id} is now {status.display_name}"
    project.hub_status_wanted = None
    record(order, EventKind.HUB_STATUS, message, Source.WORKER)
    db.session.commit()


def read_hub_status(hub, order, statuses=None):
    """Read the project's status from the Hub and follow it (the reconciler's pass); True when it changed."""
    project = hub.get_project(order.hub_project.hub_project_id)
    statuses = statuses if statuses is not None else hub.get_project_statuses().items
    status = status_named_code(statuses, project.status)
    return follow_hub_status(order, project.status, status.display_name if status else None)
