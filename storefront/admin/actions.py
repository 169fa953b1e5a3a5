"""The store owner's actions on an order, and the registry of them that the order page and its view both use.

Each action checks the order's state, calls the Hub, commits one change and queues the work.

Each action returns a message for the owner, or raises ActionError (refused, or the Hub failed) with nothing
changed in our database. The Hub is called before our transaction is written; the order is then read again
(locked where the database can) so a worker that moved it meanwhile is not overwritten.
"""

import logging
from datetime import timedelta

from flask import current_app

from ..clock import utcnow
from ..extensions import db
from ..fulfillment.models import ProcessingStatus
from ..fulfillment.polling import mark_resumed
from ..hub import HubConflict, HubError, get_hub
from ..jobs.queueing import forget_fetch, queue_fetch, queue_submission, schedule_poll
from ..mail.order_emails import ResendRefused, resend
from ..orders import stored_print_files
from ..orders.lifecycle import REDOWNLOADABLE, RESTARTABLE, RESUMABLE, SUBMITTABLE, OrderStatus
from ..orders.models import Order
from ..orders.status_changes import change_status
from ..orders.timeline import EventKind, Source, record
from .hub_messages import conflict_message, hub_error_message

log = logging.getLogger(__name__)

MAX_TRANSITION_NAME = 100


class ActionError(Exception):
    """The action did not happen; the message says why. `category` is the flash category."""

    category = "warning"


class ActionRefused(ActionError):
    """The action makes no sense for the order as it stands."""


class NeedsConfirmation(ActionError):
    """The Hub would not follow; the owner may confirm to change our order anyway (`action` names the button)."""

    def __init__(self, message, action):
        super().__init__(message)
        self.action = action


class HubActionFailed(ActionError):
    """The Hub refused the call or could not be reached."""

    category = "error"


def rendering_completed(order):
    project = order.hub_project
    return (
        order.status == OrderStatus.RENDERING
        and project is not None
        and project.processing_status == ProcessingStatus.COMPLETED
    )


# -- the actions ----------------------------------------------------------------------------------------------------


def resume_processing(order_id, actor=None, confirmed=False):
    """Resume the failed pipeline of a render-failed order at the Hub; the order renders again and is polled."""
    order = load_order(order_id)
    project = _project(order, "Resume")
    require_status(order, RESUMABLE, "Resume processing")
    if project.processing_status != ProcessingStatus.FAILED:
        raise ActionRefused(
            f"The Hub's pipeline for order {order.number} is {project.processing_status}, not failed, so there is "
            "nothing to resume. Restart processing runs it again from the start."
        )
    _call_hub(get_hub().resume_processing, project.hub_project_id)
    lock_order(order, RESUMABLE, "Resume processing")
    mark_resumed(project)
    project.status_description = None
    _back_to_rendering(order, actor)
    record(order, EventKind.RESUMED, f"Resumed by the store (resume {project.resumes})", Source.ADMIN, actor)
    db.session.commit()
    schedule_poll(project)
    log.info("order %s: owner resumed hub project %s", order.number, project.hub_project_id)
    return f"Order {order.number}: the Hub resumes rendering; the worker watches it again."


def restart_processing(order_id, actor=None, confirmed=False):
    """Run the Hub pipeline again from the start: drop our print files and their rows, render and poll again.

    The automatic resume budget starts afresh, as for a new pipeline run.
    """
    order = load_order(order_id)
    project = _project(order, "Restart")
    require_status(order, RESTARTABLE, "Restart processing")
    _call_hub(get_hub().restart_processing, project.hub_project_id)
    lock_order(order, RESTARTABLE, "Restart processing")
    old_paths = stored_print_files.stored_keys(order.artifacts)
    dropped = len(order.artifacts)
    for print_file in order.artifacts:
        db.session.delete(print_file)
    project.processing_status = ProcessingStatus.PENDING
    project.status_description = None
    project.resumes = 0
    _back_to_rendering(order, actor)
    message = f"Restarted by the store; {dropped} old print file(s) removed"
    record(order, EventKind.RESTARTED, message, Source.ADMIN, actor)
    db.session.commit()
    stored_print_files.remove_files(old_paths)
    forget_fetch(order.id)
    schedule_poll(project)
    log.info("order %s: owner restarted hub project %s", order.number, project.hub_project_id)
    return (
        f"Order {order.number}: the Hub renders it again from the start; {dropped} old print file(s) removed. "
        "New files arrive when rendering completes."
    )


def submit_again(order_id, actor=None, confirmed=False):
    """Queue the Hub submission again for an order that has no Hub project (e.g. the Hub refused it)."""
    order = load_order(order_id)
    if order.hub_project is not None:
        raise ActionRefused(
            f"Order {order.number} already has Hub project {order.hub_project.hub_project_id}; "
            "resume or restart its processing instead."
        )
    if not order.personalized_lines:
        raise ActionRefused(f"Order {order.number} has no personalized lines: there is nothing to send to the Hub.")
    lock_order(order, SUBMITTABLE, "Submit again")
    set_status(order, OrderStatus.PLACED, actor)
    record(order, EventKind.ADMIN_ACTION, "Submission to the Hub queued again", Source.ADMIN, actor)
    db.session.commit()
    if queue_submission(order):
        log.info("order %s: owner queued the hub submission again", order.number)
        return f"Order {order.number}: queued for submission to the Hub."
    return (
        f"Order {order.number} is placed again, but the job queue is not answering; "
        "the reconciler submits it when the queue is back."
    )


def apply_transition(order_id, transition_name, actor=None):
    """Apply a project status transition by name at the Hub; nothing changes in our database."""
    order = load_order(order_id)
    project = _project(order, "A status transition")
    name = (transition_name or "").strip()
    if not name or len(name) > MAX_TRANSITION_NAME:
        raise ActionRefused("Choose a transition from the list.")
    try:
        status = get_hub().apply_transition(project.hub_project_id, name)
    except HubConflict as exc:
        raise HubActionFailed(conflict_message(name, exc)) from exc
    except HubError as exc:
        raise HubActionFailed(hub_error_message(exc)) from exc
    log.info("order %s: owner applied transition %s to hub project %s", order.number, name, project.hub_project_id)
    shown = status.display_name or f"status {status.code}"
    project.hub_status_code, project.hub_status_name = status.code, status.display_name
    record(order, EventKind.HUB_STATUS, f"Transition “{name}” applied: Hub project {shown}", Source.ADMIN, actor)
    db.session.commit()
    return f"Hub project {project.hub_project_id} is now {shown} (transition “{name}”)."


def redownload_files(order_id, actor=None, confirmed=False):
    """Forget our copies of the order's print files (deleting them) and fetch them from the Hub again."""
    order = load_order(order_id)
    if not (order.status == OrderStatus.READY or rendering_completed(order)):
        raise ActionRefused(
            f"Print files can be downloaded again once rendering has completed; order {order.number} is "
            f"{order.status_label.lower()}."
        )
    if not order.artifacts:
        raise ActionRefused(f"Order {order.number} has no print files to download again.")
    lock_order(order, REDOWNLOADABLE, "Downloading the print files again")
    old_paths = stored_print_files.stored_keys(order.artifacts)
    for print_file in order.artifacts:
        stored_print_files.forget_copy(print_file)
    count = len(order.artifacts)
    record(order, EventKind.ADMIN_ACTION, f"{count} print file(s) to be downloaded again", Source.ADMIN, actor)
    db.session.commit()
    stored_print_files.remove_files(old_paths)
    job = queue_fetch(order.id, again=True)
    log.info("order %s: owner asked for the print files again", order.number)
    if job is None:
        return (
            f"Order {order.number}: {count} print file(s) removed here, but the job queue is not answering; "
            "the reconciler fetches them when it is back."
        )
    return f"Order {order.number}: {count} print file(s) are being downloaded again from the Hub."


# -- helpers ---------------------------------------------------------------------------------------------------------


def load_order(order_id):
    order = db.session.get(Order, order_id)
    if order is None:
        raise ActionRefused("There is no such order.")
    return order


def _project(order, what):
    if order.hub_project is None:
        raise ActionRefused(f"{what} needs a Hub project, and order {order.number} has none yet.")
    return order.hub_project


def require_status(order, allowed, what):
    if order.status not in allowed:
        raise ActionRefused(f"{what} is not possible: order {order.number} is {order.status_label.lower()}.")


def lock_order(order, allowed, what):
    """Read the order again, locked until the commit (PostgreSQL), and check it still allows the action."""
    db.session.refresh(order, with_for_update=True)
    if order.status not in allowed:
        db.session.rollback()
        raise ActionRefused(f"{what} is not possible: order {order.number} is {order.status_label.lower()}.")


def set_status(order, status, actor, detail=None, hub=False):
    """The owner's own change of the order's status (orders/status_changes.py), on the timeline with the owner's
    email; True when it moved. The caller commits. `hub`: the Hub project still has to follow (the action did not
    move it itself)."""
    return change_status(order, status, Source.ADMIN, actor=actor, reason=detail, hub=hub)


def _back_to_rendering(order, actor):
    project = order.hub_project
    set_status(order, OrderStatus.RENDERING, actor)
    project.next_poll_at = None
    project.poll_deadline_at = utcnow() + timedelta(seconds=current_app.config["HUB_POLL_DEADLINE"])


def _call_hub(method, *args):
    try:
        return method(*args)
    except HubError as exc:
        db.session.rollback()
        raise HubActionFailed(hub_error_message(exc)) from exc


def resend_email(order_id, email_id, actor):
    """Send a failed email of the order again (the Emails table's button)."""
    try:
        return resend(db.session.get(Order, order_id), email_id, actor)
    except ResendRefused as exc:
        raise ActionRefused(str(exc)) from None
