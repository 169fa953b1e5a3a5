"""The registry of the store owner's order actions: each button's name, words, when it shows, the form it posts
and what it runs.

The order page draws its buttons (and their forms' fields) from `available_actions`, and the view runs the action it
names: one list.
"""

from collections.abc import Callable
from dataclasses import dataclass

from ..fulfillment.models import ProcessingStatus
from ..orders.lifecycle import CANCELLABLE, RESTARTABLE, RESUMABLE, SHIPPABLE, SUBMITTABLE, OrderStatus
from .actions import (
    redownload_files,
    rendering_completed,
    restart_processing,
    resume_processing,
    submit_again,
)
from .forms import ActionForm, ShipForm
from .status_actions import cancel_order, mark_fulfilled


def _can_resume(order):
    project = order.hub_project
    return project is not None and order.status in RESUMABLE and project.processing_status == ProcessingStatus.FAILED


def _can_restart(order):
    return order.hub_project is not None and order.status in RESTARTABLE


def _can_submit(order):
    return order.hub_project is None and order.status in SUBMITTABLE and bool(order.personalized_lines)


def _can_redownload(order):
    return bool(order.artifacts) and (order.status == OrderStatus.READY or rendering_completed(order))


@dataclass(frozen=True)
class AdminAction:
    """One button of the order page: its URL name, words, rule for when it shows, and what it runs.

    `confirm` (the confirming button's words) puts the button behind a second click. `form` is what the button
    posts: its fields beside the button, checked before `run` is given `form.details()`.
    """

    name: str
    label: str
    hint: str
    available: Callable
    run: Callable
    primary: bool = False
    confirm: str | None = None
    form: type = ActionForm


ACTIONS = (
    AdminAction(
        "resume",
        "Resume processing",
        "The Hub continues the failed pipeline; the worker watches it again.",
        _can_resume,
        resume_processing,
        primary=True,
    ),
    AdminAction(
        "submit",
        "Submit again",
        "Queue the order for the Hub again: it has no project there.",
        _can_submit,
        submit_again,
        primary=True,
    ),
    AdminAction(
        "fulfil",
        "Mark as shipped",
        "The order is printed and on its way; the customer is emailed (with the tracking link when there is one).",
        lambda order: order.status in SHIPPABLE,
        mark_fulfilled,
        primary=True,
        form=ShipForm,
    ),
    AdminAction(
        "redownload",
        "Download print files again",
        "Delete our copies and fetch every file from the Hub again.",
        _can_redownload,
        redownload_files,
    ),
    AdminAction(
        "restart",
        "Restart processing",
        "The Hub runs the whole pipeline again. Our current print files are deleted; new ones arrive when rendering "
        "completes.",
        _can_restart,
        restart_processing,
        confirm="Yes, restart processing",
    ),
    AdminAction(
        "cancel",
        "Cancel order",
        "Stops all work on this order. The customer sees it as cancelled; the Hub project is rejected.",
        lambda order: order.status in CANCELLABLE,
        cancel_order,
        confirm="Yes, cancel the order",
    ),
)
ACTIONS_BY_NAME = {action.name: action for action in ACTIONS}


def available_actions(order):
    """The actions that make sense for the order now (the page shows only these buttons)."""
    return [action for action in ACTIONS if action.available(order)]
