"""Project statuses (New, Confirmed, Active, Completed, Rejected) and the named transitions between them."""

from dataclasses import dataclass

NEW, CONFIRMED, ACTIVE, COMPLETED, REJECTED = 1, 2, 3, 4, 5

# code -> (display name, colour)
STATUSES = {
    NEW: ("New", "#1c7ed6"),
    CONFIRMED: ("Confirmed", "#7048e8"),
    ACTIVE: ("Active", "#f59f00"),
    COMPLETED: ("Completed", "#2f9e44"),
    REJECTED: ("Rejected", "#e03131"),
}


@dataclass(frozen=True)
class Transition:
    id: int
    name: str
    display_name: str
    start: int
    result: int


TRANSITIONS = [
    Transition(1, "Confirm", "Confirm", NEW, CONFIRMED),
    Transition(2, "Activate", "Activate", CONFIRMED, ACTIVE),
    Transition(3, "Complete", "Complete", ACTIVE, COMPLETED),
    Transition(4, "Reject", "Reject", NEW, REJECTED),
    Transition(5, "Reject", "Reject", CONFIRMED, REJECTED),
    Transition(6, "Reject", "Reject", ACTIVE, REJECTED),
    Transition(7, "Reopen", "Reopen", REJECTED, NEW),
    Transition(8, "Reopen", "Reopen", COMPLETED, ACTIVE),
]
TRANSITION_NAMES = {transition.name.lower() for transition in TRANSITIONS}


def status_dto(code: int) -> dict:
    name, color = STATUSES[code]
    return {"id": code, "code": code, "color": color, "displayName": name}


def transition_dto(transition: Transition) -> dict:
    return {
        "id": transition.id,
        "name": transition.name,
        "displayName": transition.display_name,
        "startStatus": transition.start,
        "resultStatus": transition.result,
    }


def available_from(code: int) -> list[Transition]:
    return [transition for transition in TRANSITIONS if transition.start == code]


def find(name: str, code: int) -> Transition | None:
    """The transition called `name` (case-insensitive) that starts at status `code`."""
    for transition in available_from(code):
        if transition.name.lower() == name.lower():
            return transition
    return None
