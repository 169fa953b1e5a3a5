"""Projects as data: validating the create bodies, storing projects and items, and their DTOs."""

import json
import time

from flask import current_app

from . import status_table
from .responses import compact, invalid, iso

ORDER_FIELDS = {
    "orderId": str,
    "orderUrl": str,
    "orderNumber": int,
    "orderName": str,
    "orderLineItemIndex": int,
    "orderLineItemId": str,
    "customerId": str,
    "customerName": str,
}
PROJECT_FIELDS = {"ownerId": str, "name": str, "description": str, "productReference": str, **ORDER_FIELDS}
ITEM_FIELDS = {
    "name": str,
    "groupId": str,
    "quantity": int,
    "orderLineItemIndex": int,
    "orderLineItemId": str,
    "productReference": str,
    "fields": dict,
    "hidden": object,
    "designIds": list,
    "sku": str,
    "resources": list,
    "productSpecifier": dict,
}
KIND_NAMES = {str: "a string", int: "an integer", list: "a list", dict: "an object"}
RENDER_FORMATS = {"Pdf", "Jpeg", "Png", "Tiff", "Bmp"}
BY_SCENARIO_KINDS = ("render-hires", "specific-pipeline")
# Project-level keys kept in the `data` JSON column (the rest are columns).
DATA_KEYS = ("name", "description", "orderUrl", "orderNumber", "orderName", "orderLineItemId", "orderLineItemIndex")
DATA_KEYS += ("customerId", "customerName")


def _check(body, spec: dict, where: str, required=()) -> dict:
    """Type-check the known fields of a JSON object the way the Hub's model binding does; returns it."""
    if not isinstance(body, dict):
        invalid(where or "body", f"{where or 'The body'} must be a JSON object.")
    for name in required:
        if body.get(name) in (None, ""):
            invalid(f"{where}{name}", f"The {name} field is required.")
    for name, kind in spec.items():
        value = body.get(name)
        if value is None or kind is object:
            continue
        wrong = (kind is int and (isinstance(value, bool) or not isinstance(value, int))) or not isinstance(value, kind)
        if wrong:
            invalid(f"{where}{name}", f"The {name} field must be {KIND_NAMES[kind]}.")
    return body


def _check_item(item, where: str, catalog) -> dict:
    _check(item, ITEM_FIELDS, where)
    design_ids = item.get("designIds") or []
    if not all(isinstance(design_id, str) and design_id for design_id in design_ids):
        invalid(f"{where}designIds", "designIds must be a list of non-empty strings.")
    quantity = item.get("quantity")
    if quantity is not None and quantity < 1:
        invalid(f"{where}quantity", "The quantity must be at least 1.")
    reference = item.get("productReference")
    if reference is not None:
        product = catalog.by_reference(reference)
        if product is None:
            invalid(f"{where}productReference", f"Product reference '{reference}' is not linked to a Hub product.")
        if item.get("sku") and product.variant(sku=item["sku"]) is None:
            invalid(f"{where}sku", f"SKU '{item['sku']}' is not a variant of '{reference}'.")
    return item


def _merge_order_details(body: dict, project: dict):
    """A by-scenario body's orderDetails and line keys, over the project fields; its scenario must be an object."""
    details = _check(body.get("orderDetails") or {}, ORDER_FIELDS, "orderDetails.")
    project.update({key: value for key, value in details.items() if key in ORDER_FIELDS and value is not None})
    for key in ("orderLineItemIndex", "orderLineItemId"):
        if body.get(key) is not None:
            project[key] = body[key]
    if not isinstance(body.get("scenario"), dict):
        invalid("scenario", "The scenario field is required.")


def _check_render_scenario(scenario: dict) -> dict:
    """The render-hires scenario: a design id, PDF output, anonymousAccess true, false or null."""
    _check(scenario, {"designId": str, "name": str, "dpi": int}, "scenario.", ("designId",))
    if scenario.get("format") not in (None, "Pdf"):
        if scenario["format"] not in RENDER_FORMATS:
            invalid("scenario.format", f"Unknown format '{scenario['format']}'.")
        invalid("scenario.format", "The sandbox renders PDF only (format Pdf).")
    if scenario.get("anonymousAccess") is not None and not isinstance(scenario["anonymousAccess"], bool):
        invalid("scenario.anonymousAccess", "anonymousAccess must be true, false or null.")
    return scenario


def _render_hires_items(body: dict, project: dict) -> tuple[list[dict], bool | None]:
    """The one item of a render-hires project (its scenario's design) and the scenario's anonymousAccess."""
    scenario = _check_render_scenario(body["scenario"])
    item = {
        "name": scenario.get("name"),
        "designIds": [scenario["designId"]],
        "quantity": 1,
        "orderLineItemIndex": project.get("orderLineItemIndex"),
        "orderLineItemId": project.get("orderLineItemId"),
    }
    return [item], scenario.get("anonymousAccess")


def _checked_items(raw, name: str, catalog) -> list[dict]:
    """The items of a list, each checked; errors name them `{name}[index].field`."""
    if not isinstance(raw, list):
        invalid("items", "The items field must be a list.")
    return [_check_item(item, f"{name}[{index}].", catalog) for index, item in enumerate(raw)]


def _single_items(body: dict, project: dict, catalog) -> list[dict]:
    """The items of a with-single-item body (`item`, else `items`), with the project's line data as defaults."""
    raw = [body["item"]] if body.get("item") is not None else body.get("items") or []
    items = _checked_items(raw, "item", catalog)
    for item in items:  # the project-level line data applies to an item that has none of its own
        for key in ("productReference", "orderLineItemIndex", "orderLineItemId"):
            if item.get(key) is None:
                item[key] = project.get(key)
    if project.get("productReference"):
        _check_item({"productReference": project["productReference"]}, "", catalog)
    return items


def parse_create(kind: str, body: dict, catalog) -> tuple[dict, list[dict], bool | None]:
    """(project fields, item dicts, anonymous-access override) from a create body; 400 ProblemDetails when invalid.

    kind is one of: multiple, single, render-hires, specific-pipeline.
    """
    _check(body, PROJECT_FIELDS, "", required=("ownerId",))
    project = {key: body.get(key) for key in PROJECT_FIELDS}
    anonymous_access = None
    if kind in BY_SCENARIO_KINDS:
        _merge_order_details(body, project)
    if kind == "render-hires":
        items, anonymous_access = _render_hires_items(body, project)
    elif kind == "single":
        items = _single_items(body, project, catalog)
    else:
        items = _checked_items(body.get("items") or [], "items", catalog)
    return project, items, anonymous_access


def insert(conn, storefront_id: int, project: dict, items: list[dict], anonymous_access: bool, fails: bool) -> int:
    """Store a new project (status New, processing Pending from now) and its items; returns its id."""
    now = time.time()
    data = {key: project.get(key) for key in DATA_KEYS}
    cursor = conn.execute(
        "INSERT INTO projects (storefront_id, owner_id, product_reference, order_id, status, data, created,"
        " last_modified, processing_status, phase_started, fail_planned, anonymous_access)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'Pending', ?, ?, ?)",
        (
            storefront_id,
            project["ownerId"],
            project.get("productReference"),
            project.get("orderId"),
            status_table.NEW,
            json.dumps(data),
            now,
            now,
            now,
            int(fails),
            int(anonymous_access),
        ),
    )
    project_id = cursor.lastrowid
    for position, item in enumerate(items):
        stored = {key: item.get(key) for key in ITEM_FIELDS if key != "productSpecifier"}
        stored["resources"] = [
            compact(resourceId=r.get("resourceId"), name=r.get("name"), type=r.get("type"))
            for r in stored.get("resources") or []
            if isinstance(r, dict)
        ] or None
        conn.execute(
            "INSERT INTO project_items (project_id, position, data) VALUES (?, ?, ?)",
            (project_id, position, json.dumps(stored)),
        )
    return project_id


def load_items(conn, project_id: int) -> list[dict]:
    """The project's items as dicts with their integer `id`, in order."""
    rows = conn.execute(
        "SELECT id, data FROM project_items WHERE project_id = ? ORDER BY position", (project_id,)
    ).fetchall()
    return [{"id": row["id"], **json.loads(row["data"])} for row in rows]


def item_dto(item: dict) -> dict:
    return compact(**item)


def project_dto(row, items: list[dict]) -> dict:
    data = json.loads(row["data"])
    return compact(
        id=row["id"],
        productReference=row["product_reference"],
        storefrontId=row["storefront_id"],
        tenantId=current_app.config["SANDBOX_TENANT_ID"],
        orderId=row["order_id"],
        ownerId=row["owner_id"],
        items=[item_dto(item) for item in items],
        status=row["status"],
        created=iso(row["created"]),
        lastModified=iso(row["last_modified"]),
        processingStatus=row["processing_status"],
        **{key: data.get(key) for key in DATA_KEYS},
    )
