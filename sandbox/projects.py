"""The Projects API: create, list (with its filters), get, delete, processing results, resume and restart, previews.

Statuses and transitions are served by sandbox.project_statuses.
"""

import json
import time

from flask import Blueprint, Response, current_app, request

from . import artifacts, designs, pipeline, store
from .project_data import insert, load_items, parse_create, project_dto
from .responses import (
    check_storefront,
    compact,
    conflict,
    empty,
    fail,
    json_body,
    not_found,
    ok,
    paged,
    paging,
    query_int,
    string_response,
)
from .stats import operation

bp = Blueprint("projects", __name__, url_prefix="/api/storefront/v1/projects")

DATE_PERIODS = {"All": None, "Today": 1, "Last7Days": 7, "Last30Days": 30}
PROCESSING_STATUSES = (pipeline.PENDING, pipeline.IN_PROGRESS, pipeline.COMPLETED, pipeline.FAILED)
# (column, query argument) of the exact-match filters of Projects_GetAll.
STRING_FILTERS = (("owner_id", "ownerId"), ("order_id", "orderId"), ("product_reference", "productReference"))
INTEGER_FILTERS = (("storefront_id", "storefrontId"), ("status", "status"))


def _app():
    return current_app._get_current_object()


def _sandbox():
    return current_app.extensions["sandbox"]


def load(project_id: int):
    """The project's row after advancing its pipeline; 404 ProblemDetails when unknown."""
    conn = store.get_db()
    pipeline.advance(_app(), conn, project_id)
    row = conn.execute("SELECT * FROM projects WHERE id = ?", (project_id,)).fetchone()
    if row is None:
        not_found(f"Project {project_id} was not found.")
    return row


def _item_id(project_id: int) -> int | None:
    """The itemId query, which must name an item of the project (404 otherwise)."""
    item_id = query_int("itemId")
    if item_id is not None and item_id not in {item["id"] for item in load_items(store.get_db(), project_id)}:
        not_found(f"Project {project_id} has no item {item_id}.")
    return item_id


def _create(kind: str):
    storefront_id = check_storefront()
    project, items, anonymous_access = parse_create(kind, json_body(), _sandbox().catalog)
    if anonymous_access is None:
        anonymous_access = _sandbox().settings["anonymous_access"]
    conn = store.get_db()
    with store.write(conn):
        project_id = insert(
            conn, storefront_id, project, items, anonymous_access, _sandbox().faults.pipeline_run_fails()
        )
    row = conn.execute("SELECT * FROM projects WHERE id = ?", (project_id,)).fetchone()
    return ok(project_dto(row, load_items(conn, project_id)), 201)


@bp.post("/with-multiple-items")
@operation("Projects_CreateWithMultipleItems")
def create_with_multiple_items():
    return _create("multiple")


@bp.post("/with-single-item")
@operation("Projects_CreateWithSingleItem")
def create_with_single_item():
    return _create("single")


@bp.post("/by-scenario/render-hires")
@operation("Projects_CreateByRenderHiResScenario")
def create_by_render_hires():
    return _create("render-hires")


@bp.post("/by-scenario/specific-pipeline")
@operation("Projects_CreateBySpecificPipelineScenario")
def create_by_specific_pipeline():
    return _create("specific-pipeline")


def _exact_filters(args) -> list[tuple[str, list]]:
    """column = ? for ownerId, orderId, productReference (when non-empty), storefrontId and status (integers)."""
    filters = [(f"{column} = ?", [args[arg]]) for column, arg in STRING_FILTERS if args.get(arg)]
    for column, arg in INTEGER_FILTERS:
        value = query_int(arg)
        if value is not None:
            filters.append((f"{column} = ?", [value]))
    return filters


def _processing_status_filter(args) -> list[tuple[str, list]]:
    value = args.get("processingStatus")
    if not value:
        return []
    if value not in PROCESSING_STATUSES:
        fail(400, f"Unknown processingStatus '{value}'.")
    return [("processing_status = ?", [value])]


def _date_period_filter(args) -> list[tuple[str, list]]:
    period = args.get("datePeriod")
    if not period:
        return []
    if period not in DATE_PERIODS:
        fail(400, f"Unknown datePeriod '{period}'.")
    days = DATE_PERIODS[period]
    return [("created >= ?", [time.time() - days * 86400])] if days else []


def _search_filter(args) -> list[tuple[str, list]]:
    search = args.get("search")
    if not search:
        return []
    return [("(instr(lower(data), lower(?)) > 0 OR instr(lower(COALESCE(order_id, '')), lower(?)) > 0)", [search] * 2)]


# Each takes the query arguments and returns its (SQL condition, parameters) pairs, or 400s on a bad value.
LIST_FILTERS = (_exact_filters, _processing_status_filter, _date_period_filter, _search_filter)


def _list_query(args) -> tuple[str, list]:
    """The SELECT of Projects_GetAll, newest first, with the conditions of every filter given."""
    sql, params = "SELECT * FROM projects WHERE 1 = 1", []
    for build in LIST_FILTERS:
        for condition, values in build(args):
            sql += f" AND {condition}"
            params += values
    return sql + " ORDER BY id DESC", params


@bp.get("")
@operation("Projects_GetAll")
def list_projects():
    """PagedOfProjectDto, newest first, filtered by owner, order, storefront, status, processing status, period."""
    conn = store.get_db()
    pipeline.advance_all(_app(), conn)
    rows = conn.execute(*_list_query(request.args)).fetchall()
    skip, take = paging()
    page = paged(rows, skip, take)
    page["items"] = [project_dto(row, load_items(conn, row["id"])) for row in page["items"]]
    return ok(page)


@bp.delete("/batch-delete")
@operation("Projects_BatchDelete")
def batch_delete():
    """Delete the projects named by {"ids": [...]}; 404 (and nothing deleted) when one is unknown."""
    ids = json_body().get("ids")
    if not isinstance(ids, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        fail(400, "ids must be a list of project ids.")
    conn = store.get_db()
    with store.write(conn):
        for project_id in ids:
            if conn.execute("SELECT 1 FROM projects WHERE id = ?", (project_id,)).fetchone() is None:
                not_found(f"Project {project_id} was not found.")
        for project_id in ids:
            _delete(conn, project_id)
    return ok(paged([]))


def _delete(conn, project_id: int):
    conn.execute("DELETE FROM project_items WHERE project_id = ?", (project_id,))
    conn.execute("DELETE FROM projects WHERE id = ?", (project_id,))


@bp.get("/<int:project_id>")
@operation("Projects_Get")
def get(project_id):
    row = load(project_id)
    return ok(project_dto(row, load_items(store.get_db(), project_id)))


@bp.delete("/<int:project_id>")
@operation("Projects_Delete")
def delete(project_id):
    """200 without a body; the project's print files stay in Asset Storage."""
    load(project_id)
    conn = store.get_db()
    with store.write(conn):
        _delete(conn, project_id)
    return empty(200)


@bp.get("/<int:project_id>/processing-results")
@operation("Projects_GetProcessingResults")
def processing_results(project_id):
    """{status, statusDescription, outputFileDetails}; itemId narrows the files to one item."""
    row = load(project_id)
    item_id = _item_id(project_id)
    outputs = json.loads(row["outputs"] or "[]")
    if item_id is not None:
        outputs = [output for output in outputs if output["projectItemId"] == item_id]
    config = current_app.config
    for output in outputs:
        output["url"] = artifacts.artifact_url(
            config, output["artifactId"], output["anonymousAccess"], output["name"], output["format"]
        )
    return ok(
        compact(
            status=row["processing_status"],
            statusDescription=row["status_description"],
            outputFileDetails=[compact(**output) for output in outputs],
        )
    )


def _rerun(project_id: int, row, processing_status: str):
    """Start a new pipeline run in `processing_status` from now (a new fault decision, old outputs dropped)."""
    conn = store.get_db()
    fails = _sandbox().faults.pipeline_run_fails()
    old = [output["artifactId"] for output in json.loads(row["outputs"] or "[]")]
    with store.write(conn):
        artifacts.delete_rows(conn, old)
        conn.execute(
            "UPDATE projects SET processing_status = ?, status_description = NULL, phase_started = ?,"
            " fail_planned = ?, run = run + 1, outputs = NULL, last_modified = ? WHERE id = ?",
            (processing_status, time.time(), int(fails), time.time(), project_id),
        )
    return empty(204)


@bp.post("/<int:project_id>/resume-processing")
@operation("Projects_ResumeProcessing")
def resume_processing(project_id):
    """204: a Failed pipeline continues (InProgress, then Completed if nothing fails again); 409 when not failed."""
    with _sandbox().locks(project_id):
        row = load(project_id)
        _item_id(project_id)
        if row["processing_status"] != pipeline.FAILED:
            conflict(f"Project {project_id} processing is {row['processing_status']}, not Failed; nothing to resume.")
        return _rerun(project_id, row, pipeline.IN_PROGRESS)


@bp.post("/<int:project_id>/restart-processing")
@operation("Projects_RestartProcessing")
def restart_processing(project_id):
    """204: the pipeline runs again from Pending, whatever its state."""
    with _sandbox().locks(project_id):
        row = load(project_id)
        _item_id(project_id)
        return _rerun(project_id, row, pipeline.PENDING)


def _first_design_id(project_id: int) -> str:
    for item in load_items(store.get_db(), project_id):
        if item.get("designIds"):
            return item["designIds"][0]
    conflict(f"Project {project_id} has no designs to preview.")


@bp.get("/<int:project_id>/preview-url")
@operation("Projects_GetPreviewUrl")
def preview_url(project_id):
    """A string: the SVG preview URL of the project's first design."""
    load(project_id)
    return string_response(designs.preview_url(current_app.config, _first_design_id(project_id)))


@bp.get("/<int:project_id>/preview")
@operation("Projects_GetPreview")
def preview(project_id):
    """The SVG preview bytes of the project's first design."""
    load(project_id)
    svg = designs.preview_svg(store.get_db(), _first_design_id(project_id))
    if svg is None:
        conflict(f"Project {project_id}'s design is not available.")
    return Response(svg, mimetype="image/svg+xml")
