"""An order's progress in the customer's words: one sentence, and the steps the order page draws.

The steps are computed here only: the order page renders them and its script redraws what status.json returns.
"""

from .lifecycle import PRODUCTION, SHOWS_FILES, STEPS, OrderStatus, is_cancelled, is_settled, shows_problem

# What a screen reader says after each step's label.
STATE_WORDS = {"done": "done", "current": "in progress", "failed": "failed", "todo": "not yet"}
NOTHING_TO_RENDER = "Your order needs no print files: it is ready to print and pack."


def is_final(order):
    """No worker moves the order on by itself: the page may stop asking."""
    return is_settled(order.status)


def needs_attention(order):
    """Something went wrong that the customer is shown (a failed render, a cancelled order)."""
    return shows_problem(order.status)


def steps_stopped(order):
    """The order left the steps (cancelled): the page draws them struck through."""
    return is_cancelled(order.status)


def progress_message(order):
    """One sentence telling the customer where the order stands."""
    if order.status == OrderStatus.READY and not order.personalized_lines:
        return NOTHING_TO_RENDER
    return PRODUCTION.rule(order.status).message if order.status in PRODUCTION.rules else order.status_label


def _current_step(status):
    """The index of the step the order is at; -1 for a cancelled order (no step applies)."""
    steps = list(STEPS)
    if status == OrderStatus.RENDER_FAILED:
        return steps.index(OrderStatus.RENDERING)
    return steps.index(status) if status in STEPS else -1


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
        steps.append({"step": str(step), "label": STEPS[step], "state": state, "words": STATE_WORDS[state]})
    return steps
