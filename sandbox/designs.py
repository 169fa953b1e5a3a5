"""Private designs saved by the stand-in editor: validation, storage, ownership and SVG previews."""

import json
import re
import secrets
import time

from .config import public_url
from .render import design_svg
from .responses import invalid

COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
MAX_LINES, MAX_LINE_CHARS = 12, 200
FONT_SIZES = (6, 96)
SIZES_MM = (10, 1000)


def _number(body, name, low, high, default):
    value = body.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        invalid(name, f"{name} must be a number from {low} to {high}.")
    return value


def validate(body: dict, catalog) -> tuple[str, str | None, dict]:
    """(productReference, sku, design content) from a save request; 400 ProblemDetails when invalid."""
    reference = body.get("productReference")
    product = catalog.by_reference(reference) if isinstance(reference, str) else None
    if product is None:
        invalid("productReference", f"Product reference {reference!r} is not linked to a Hub product.")
    sku = body.get("sku")
    if sku is not None and (not isinstance(sku, str) or product.variant(sku=sku) is None):
        invalid("sku", f"SKU {sku!r} is not a variant of '{reference}'.")
    lines = body.get("lines")
    if not isinstance(lines, list) or len(lines) > MAX_LINES or not all(isinstance(line, str) for line in lines):
        invalid("lines", f"lines must be a list of at most {MAX_LINES} strings.")
    if any(len(line) > MAX_LINE_CHARS for line in lines):
        invalid("lines", f"A line may have at most {MAX_LINE_CHARS} characters.")
    colors = {}
    for name in ("text_color", "background_color"):
        value = body.get(name, product.design[name])
        if not isinstance(value, str) or not COLOR.match(value):
            invalid(name, f"{name} must be a colour like #1f2933.")
        colors[name] = value.lower()
    content = {
        "lines": lines,
        "font_size": _number(body, "font_size", *FONT_SIZES, product.design["font_size"]),
        **colors,
        "width_mm": _number(body, "width_mm", *SIZES_MM, product.design["width_mm"]),
        "height_mm": _number(body, "height_mm", *SIZES_MM, product.design["height_mm"]),
    }
    return reference, sku, content


def create(conn, owner_id: str, reference: str, sku: str | None, content: dict) -> str:
    """Store a new immutable design state; its long random id is also what makes its preview URL private."""
    design_id = secrets.token_urlsafe(24)
    conn.execute(
        "INSERT INTO designs (id, owner_id, product_reference, sku, content, created) VALUES (?, ?, ?, ?, ?, ?)",
        (design_id, owner_id, reference, sku, json.dumps(content), time.time()),
    )
    return design_id


def find(conn, design_id: str):
    return conn.execute("SELECT * FROM designs WHERE id = ?", (design_id,)).fetchone()


def copy(conn, row) -> str:
    """A new design with the same owner, product and content (a new asset: the Default retention policy)."""
    return create(conn, row["owner_id"], row["product_reference"], row["sku"], json.loads(row["content"]))


def touch(conn, design_id: str):
    """Record an access: the retention clean-up counts a design's age from its last access."""
    conn.execute("UPDATE designs SET last_access = ? WHERE id = ?", (time.time(), design_id))


def preview_url(config, design_id: str) -> str:
    return f"{public_url(config)}/api/sandbox-editor/v1/designs/{design_id}/preview.svg"


def dto(config, row) -> dict:
    return {
        "id": row["id"],
        "userId": row["owner_id"],
        "productReference": row["product_reference"],
        "sku": row["sku"],
        **json.loads(row["content"]),
        "previewUrl": preview_url(config, row["id"]),
    }


def preview_svg(conn, design_id: str) -> str | None:
    row = find(conn, design_id)
    return None if row is None else design_svg(json.loads(row["content"]))
