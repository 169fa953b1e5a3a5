"""An order's progress in the customer's words: one sentence, and the steps the order page draws.

The steps are computed here only: the order page renders them and its script redraws what status.json returns.
"""

from .models import OrderStatus

# The steps a customer watches; a failed render stops on the second one.
STEPS = (OrderStatus.PLACED, OrderStatus.RENDERING, OrderStatus.READY, OrderStatus.FULFILLED)
STEP_LABELS = {
    OrderStatus.PLACED: "Order placed",
    OrderStatus.RENDERING: "Preparing print files",
    OrderStatus.READY: "Ready to print",
    OrderStatus.FULFILLED: "Shipped",
}
SHOWS_FILES = {OrderStatus.READY, OrderStatus.FULFILLED}
# What a screen reader says after each step's label.
STATE_WORDS = {"done": "done", "current": "in progress", "failed": "failed", "todo": "not yet"}
MESSAGES = {
    OrderStatus.PLACED: "We have your order and are about to start preparing your print files.",
    OrderStatus.RENDERING: (
        "We are preparing your print files. This page updates by itself; it usually takes a minute or two."
    ),
    OrderStatus.READY: "Your print files are ready. You can download them below.",
    OrderStatus.FULFILLED: "Your order has shipped.",
    OrderStatus.RENDER_FAILED: (
        "We could not prepare your print files. Our team has been told and will contact you by email."
    ),
    OrderStatus.CANCELLED: "This order was cancelled.",
}
NOTHING_TO_RENDER = "Your order needs no print files: it is ready to print and pack."


def is_final(order):
    return order.status in OrderStatus.FINAL


def progress_message(order):
    """One sentence telling the customer where the order stands."""
    if order.status == OrderStatus.READY and not order.personalized_lines:
        return NOTHING_TO_RENDER
    return MESSAGES.get(order.status, order.status_label)


def _current_step(status):
    """The index of the step the order is at; -1 for a cancelled order (no step applies)."""
    if status == OrderStatus.RENDER_FAILED:
        return STEPS.index(OrderStatus.RENDERING)
    return STEPS.index(status) if status in STEPS else -1


def _step_state(index, current, status):
    if index < current or (index == current and status in SHOWS_FILES):
        return "done"
    if index == current:
        return "failed" if status == OrderStatus.RENDER_FAILED else "current"
    return "todo"


def step_states(order):
    """[{step, label, state, words}]: state is done, current, failed or todo; plain-only orders skip rendering."""
    current = _current_step(order.status)
    steps = []
    for index, step in enumerate(STEPS):
        if step == OrderStatus.RENDERING and not order.personalized_lines:
            continue  # plain products only: there are no print files to prepare
        state = _step_state(index, current, order.status)
        steps.append({"step": str(step), "label": STEP_LABELS[step], "state": state, "words": STATE_WORDS[state]})
    return steps
