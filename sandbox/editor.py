"""The stand-in Handy Editor: its scripts at the CDN's relative path and its private design API (with CORS)."""

import time
from pathlib import Path

from flask import Blueprint, Response, current_app, render_template, request, send_from_directory

from . import designs, store
from .auth import bearer_token, issue_user_token, verify_user_token
from .products import workflow_content
from .responses import fail, json_body, not_found, ok
from .stats import operation

bp = Blueprint("editor", __name__, template_folder="templates")

API = "/api/sandbox-editor/v1"
ASSETS = Path(__file__).resolve().parent / "static" / "handy-editor"
ASSET_TYPES = {"index.js": "text/javascript", "styles.css": "text/css"}


@bp.after_request
def cors(response: Response) -> Response:
    """The editor runs on the store's origin, so its scripts and API answer cross-origin calls."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    if request.path.startswith(API):
        response.headers["Access-Control-Allow-Headers"] = "Authorization, Content-Type"
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response.headers["Access-Control-Max-Age"] = "600"
    return response


@bp.get("/libs/<env>/workflow-elements/handy-editor/<filename>")
def asset(env, filename):
    """index.js (the au-handy-editor element) and styles.css, for any region (us, eu, au)."""
    if filename not in ASSET_TYPES:
        return Response("Not found", status=404, mimetype="text/plain")
    response = send_from_directory(ASSETS, filename, mimetype=ASSET_TYPES[filename], max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response


def _user() -> str:
    """The storefront user of the bearer JWT; 401 ProblemDetails when missing, invalid or expired."""
    user_id = verify_user_token(bearer_token())
    if user_id is None:
        fail(401, "The storefront user token is missing, invalid or expired.")
    return user_id


@bp.get(f"{API}/me")
@operation("Editor_GetMe")
def me():
    """Who the token belongs to: {userId, isAnonymous, storefrontId, tenantId}."""
    user_id = _user()
    row = store.get_db().execute("SELECT is_anonymous FROM users WHERE user_id = ?", (user_id,)).fetchone()
    config = current_app.config
    return ok(
        {
            "userId": user_id,
            "isAnonymous": bool(row["is_anonymous"]),
            "storefrontId": config["SANDBOX_STOREFRONT_ID"],
            "tenantId": config["SANDBOX_TENANT_ID"],
        }
    )


@bp.post(f"{API}/designs")
@operation("Editor_SaveDesign")
def save_design():
    """Save a new design state owned by the token's user: 201 {id, previewUrl, ...design}."""
    user_id = _user()
    reference, sku, content = designs.validate(json_body(), current_app.extensions["sandbox"].catalog)
    conn = store.get_db()
    with store.write(conn):
        design_id = designs.create(conn, user_id, reference, sku, content)
    return ok(designs.dto(current_app.config, designs.find(conn, design_id)), 201)


@bp.get(f"{API}/designs/<design_id>")
@operation("Editor_GetDesign")
def get_design(design_id):
    """The design, for its owner only (404 for anybody else: ids are not confirmed to strangers)."""
    user_id = _user()
    row = designs.find(store.get_db(), design_id)
    if row is None or row["owner_id"] != user_id:
        not_found(f"Design '{design_id}' was not found for this user.")
    return ok(designs.dto(current_app.config, row))


@bp.get(f"{API}/designs/<design_id>/preview.svg")
@operation("Editor_GetDesignPreview")
def design_preview(design_id):
    """Public SVG preview; the unguessable design id is the key."""
    svg = designs.preview_svg(store.get_db(), design_id)
    if svg is None:
        not_found(f"Design '{design_id}' was not found.")
    return Response(svg, mimetype="image/svg+xml", headers={"Cache-Control": "public, max-age=31536000, immutable"})


@bp.get("/sandbox/editor-demo")
def demo():
    """A page mounting the editor for a demo product and a throwaway anonymous user (for people and browser tests)."""
    catalog = current_app.extensions["sandbox"].catalog
    reference = request.args.get("productReference") or catalog.products[0].reference
    product = catalog.by_reference(reference)
    if product is None:
        not_found(f"Product reference '{reference}' was not found.")
    user_id = request.args.get("userId") or f"demo-{int(time.time() * 1000)}"
    conn = store.get_db()
    with store.write(conn):
        conn.execute(
            "INSERT OR IGNORE INTO users (user_id, storefront_id, is_anonymous, created) VALUES (?, ?, 1, ?)",
            (user_id, current_app.config["SANDBOX_STOREFRONT_ID"], time.time()),
        )
    return render_template(
        "editor_demo.html",
        product=product,
        user_id=user_id,
        token=issue_user_token(user_id),
        workflow=workflow_content(product),
        design_id=request.args.get("designId"),
    )
