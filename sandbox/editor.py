"""The stand-in editors' API (/api/sandbox-editor/v1): the user, private designs, the products to open (CORS *)."""

from flask import Blueprint, Response, current_app, request

from . import designs, store
from .auth import bearer_token, verify_user_token
from .responses import fail, invalid, json_body, not_found, ok, query_int
from .stats import operation

bp = Blueprint("editor", __name__)

API = "/api/sandbox-editor/v1"


def cors(response: Response) -> Response:
    """The editor runs on the store's origin, so its scripts and API answer cross-origin calls."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    if request.path.startswith(API):
        response.headers["Access-Control-Allow-Headers"] = "Authorization, Content-Type"
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response.headers["Access-Control-Max-Age"] = "600"
    return response


bp.after_request(cors)


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
    conn = store.get_db()
    with store.write(conn):
        row = designs.find(conn, design_id)
        if row is None or row["owner_id"] != user_id:
            not_found(f"Design '{design_id}' was not found for this user.")
        designs.touch(conn, design_id)
    return ok(designs.dto(current_app.config, row))


@bp.get(f"{API}/designs/<design_id>/preview.svg")
@operation("Editor_GetDesignPreview")
def design_preview(design_id):
    """Public SVG preview; the unguessable design id is the key."""
    svg = designs.preview_svg(store.get_db(), design_id)
    if svg is None:
        not_found(f"Design '{design_id}' was not found.")
    return Response(svg, mimetype="image/svg+xml", headers={"Cache-Control": "public, max-age=31536000, immutable"})


def product_info(product) -> dict:
    """What a stand-in needs to open a product: its ids, reference, name and variants."""
    return {
        "productId": product.id,
        "productVersionId": product.version_id,
        "productReference": product.reference,
        "name": product.name,
        "variants": [{"id": v.id, "sku": v.sku, "name": v.name} for v in product.variants],
    }


@bp.get(f"{API}/products")
@operation("Editor_GetProductByReference")
def product_by_reference():
    """?productReference=REF: the product linked to a storefront product (the product-reference scenario)."""
    _user()
    reference = request.args.get("productReference")
    if not reference:
        invalid("productReference", "The productReference query parameter is required.")
    product = current_app.extensions["sandbox"].catalog.by_reference(reference)
    if product is None:
        not_found(f"Product reference '{reference}' is not linked to a Hub product.")
    return ok(product_info(product))


@bp.get(f"{API}/products/<int:product_id>")
@operation("Editor_GetProduct")
def product_by_id(product_id):
    """A PIM product by id, optionally checked against ?productVersionId (the PIM and recovery scenarios)."""
    _user()
    version_id = query_int("productVersionId")
    product = current_app.extensions["sandbox"].catalog.by_id(product_id)
    if product is None or version_id not in (None, product.version_id):
        version = "" if version_id is None else f" version {version_id}"
        not_found(f"Product {product_id}{version} was not found.")
    return ok(product_info(product))
