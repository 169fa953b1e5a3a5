"""Project statuses and transitions of the Projects API.

The lists of all statuses and transitions, a project's available transitions, changing its status by a transition
and forcing it to any status code.
"""

import time

from flask import Blueprint

from . import status_table, store
from .projects import load
from .responses import ApiError, fail, ok, paged
from .stats import operation

bp = Blueprint("project_statuses", __name__, url_prefix="/api/storefront/v1/projects")


@bp.get("/statuses")
@operation("Projects_GetAllStatuses")
def all_statuses():
    return ok(paged([status_table.status_dto(code) for code in status_table.STATUSES]))


@bp.get("/transitions")
@operation("Projects_GetAllTransitions")
def all_transitions():
    return ok(paged([status_table.transition_dto(t) for t in status_table.TRANSITIONS]))


@bp.get("/<int:project_id>/transitions")
@operation("Projects_GetAvailableTransitions")
def available_transitions(project_id):
    row = load(project_id)
    return ok(paged([status_table.transition_dto(t) for t in status_table.available_from(row["status"])]))


def _set_status(project_id: int, code: int):
    conn = store.get_db()
    with store.write(conn):
        conn.execute("UPDATE projects SET status = ?, last_modified = ? WHERE id = ?", (code, time.time(), project_id))
    return ok(status_table.status_dto(code))


@bp.post("/<int:project_id>/transitions/<transition>")
@operation("Projects_ChangeStatus")
def change_status(project_id, transition):
    """200 ProjectStatusDto; 400 for an unknown transition; 409 with the available ones when not allowed now."""
    row = load(project_id)
    if transition.lower() not in status_table.TRANSITION_NAMES:
        fail(400, f"There is no transition called '{transition}'.")
    found = status_table.find(transition, row["status"])
    if found is None:
        current = status_table.STATUSES[row["status"]][0]
        body = {
            "availableTransitions": [
                status_table.transition_dto(t) for t in status_table.available_from(row["status"])
            ],
            "description": f"Transition '{transition}' is not available for a project in status '{current}'.",
            "type": "GeneralConflict",
        }
        raise ApiError(ok(body, 409))
    return _set_status(project_id, found.result)


@bp.post("/<int:project_id>/statuses/<status>")
@operation("Projects_ForceStatus")
def force_status(project_id, status):
    """Set any status by its code: 200 ProjectStatusDto; 400 for an unknown code."""
    load(project_id)
    if not status.isdigit() or int(status) not in status_table.STATUSES:
        fail(400, f"Unknown project status code '{status}'.")
    return _set_status(project_id, int(status))
