"""The order lifecycle, in the spirit of django-oscar's order status pipeline: each status, its words, the statuses
that may follow it, what else follows it (the emails it owes, the Hub project status it moves the project to), and
the named sets of statuses every other module needs. Nothing else in the store lists statuses; a layout test
(tests/foundation/test_lifecycle_layout.py) keeps it so.

An order moves along dimensions, each a `Lifecycle` of its own statuses: today production (placed, rendering, ready
to print, shipped...); payment and shipping are more tables of the same kind, here. One function changes a status:
`orders/status_changes.py`, which checks this table.
"""

from dataclasses import dataclass, field
from enum import StrEnum


class OrderStatus(StrEnum):
    """Where an order stands in production; stored as its value."""

    PLACED = "placed"
    RENDERING = "rendering"
    READY = "ready"
    FULFILLED = "fulfilled"
    RENDER_FAILED = "render_failed"
    CANCELLED = "cancelled"

    @property
    def label(self):
        """The status in the words customers and the store owner read."""
        return PRODUCTION.rule(self).label


# What a Hub project's status follows to (a setting names the Hub's status: fulfillment/hub_status.py).
HUB_SHIPPED = "shipped"
HUB_CANCELLED = "cancelled"


@dataclass(frozen=True)
class StatusRule:
    """One status of a lifecycle.

    `label`: the status in a word or two (the status pill, the admin); `message`: one sentence to the customer.
    `next`: the statuses an order may move to from this one. `settled`: no worker moves an order out of it by itself
    (the order page stops asking). `problem`: the customer is shown that something went wrong. `owes`: the emails
    (mail EmailKind values) an order moved here owes. `hub_follows`: the Hub project status the order's project is
    moved to when an order gets here (HUB_SHIPPED, HUB_CANCELLED), unless the Hub itself moved it.
    """

    label: str
    message: str
    next: frozenset = field(default_factory=frozenset)
    settled: bool = False
    problem: bool = False
    owes: tuple = ()
    hub_follows: str | None = None


class TransitionRefused(Exception):
    """The lifecycle has no way from the order's status to the one asked for (a bug, not a race)."""


@dataclass(frozen=True)
class Lifecycle:
    """The statuses of one dimension and the transitions between them."""

    name: str
    rules: dict

    def rule(self, status):
        return self.rules[status]

    def label(self, status):
        """The status's words; an unknown stored value is shown as it is."""
        rule = self.rules.get(status)
        return rule.label if rule is not None else str(status)

    def may_move(self, old, new):
        return new in self.rules[old].next

    def leading_to(self, new):
        """Every status from which an order may move to `new`."""
        return frozenset(status for status, rule in self.rules.items() if new in rule.next)

    def where(self, **flags):
        """The statuses whose rule has every one of these flags (e.g. settled=True)."""
        return frozenset(s for s, rule in self.rules.items() if all(getattr(rule, k) == v for k, v in flags.items()))


S = OrderStatus
PRODUCTION = Lifecycle(
    "production",
    {
        S.PLACED: StatusRule(
            "Placed",
            "We have your order and are about to start preparing your print files.",
            frozenset({S.RENDERING, S.READY, S.RENDER_FAILED, S.CANCELLED}),
        ),
        S.RENDERING: StatusRule(
            "Preparing print files",
            "We are preparing your print files. This page updates by itself; it usually takes a minute or two.",
            frozenset({S.READY, S.RENDER_FAILED, S.CANCELLED}),
        ),
        S.READY: StatusRule(
            "Ready to print",
            "Your print files are ready. You can download them below.",
            # Back to rendering when the owner restarts it; failed when a print file can no longer be fetched.
            frozenset({S.FULFILLED, S.CANCELLED, S.RENDERING, S.RENDER_FAILED}),
            settled=True,
            owes=("files_ready",),
        ),
        S.FULFILLED: StatusRule(
            "Shipped", "Your order has shipped.", settled=True, owes=("shipped",), hub_follows=HUB_SHIPPED
        ),
        S.RENDER_FAILED: StatusRule(
            "Print files failed",
            "We could not prepare your print files. Our team has been told and will contact you by email.",
            # Resumed or restarted (rendering), submitted again (placed), or given up on (cancelled).
            frozenset({S.RENDERING, S.PLACED, S.CANCELLED}),
            settled=True,
            problem=True,
            owes=("needs_attention", "owner_alert"),
        ),
        S.CANCELLED: StatusRule(
            "Cancelled", "This order was cancelled.", settled=True, problem=True, hub_follows=HUB_CANCELLED
        ),
    },
)

# -- the named sets the rest of the store uses ----------------------------------------------------------------------

# No worker moves an order out of these by itself (but for a ready order whose print file can no longer be fetched).
SETTLED = PRODUCTION.where(settled=True)
# What the customer is shown as having gone wrong.
PROBLEMS = PRODUCTION.where(problem=True)
# Orders a job still owes something (a submission, a poll, a download): the reconciler makes sure each has its job.
AWAITING_JOBS = frozenset({S.PLACED, S.RENDERING, S.READY})
# The order's print files are in our store and shown to the customer, with their proofs.
SHOWS_FILES = frozenset({S.READY, S.FULFILLED})
# Print files may be fetched from the Hub (a ready order's, again).
FETCHES_FILES = frozenset({S.RENDERING, S.READY})
# The store owner may still complete or reject the order's Hub project in BackOffice: the reconciler reads it.
HUB_FOLLOWED = frozenset({S.RENDERING, S.READY, S.RENDER_FAILED})
# The store owner's attention: a failed render (and, found by query, a render past its deadline).
NEEDS_ATTENTION = frozenset({S.RENDER_FAILED})
# The steps a customer watches on the order page, in their words; a failed render stops on the second one.
STEPS = {
    S.PLACED: "Order placed",
    S.RENDERING: "Preparing print files",
    S.READY: "Ready to print",
    S.FULFILLED: "Shipped",
}

# The owner's actions, each from the statuses it makes sense in (tests check each against the transitions).
CANCELLABLE = PRODUCTION.leading_to(S.CANCELLED)
SHIPPABLE = PRODUCTION.leading_to(S.FULFILLED)
RESUMABLE = frozenset({S.RENDER_FAILED})
RESTARTABLE = frozenset({S.RENDERING, S.READY, S.RENDER_FAILED})
SUBMITTABLE = frozenset({S.PLACED, S.RENDER_FAILED})
REDOWNLOADABLE = FETCHES_FILES
# The shipping address may still be corrected: the order has neither shipped nor been cancelled.
ADDRESS_CORRECTABLE = PRODUCTION.leading_to(S.FULFILLED) | PRODUCTION.leading_to(S.CANCELLED)


def initial_status(has_designs):
    """A new order's status: placed, or ready at once when nothing needs rendering."""
    return S.PLACED if has_designs else S.READY


def is_settled(status):
    return status in SETTLED


def shows_problem(status):
    return status in PROBLEMS


def is_cancelled(status):
    return status == S.CANCELLED
