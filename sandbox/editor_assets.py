"""The stand-in editors' scripts at the CDN paths, the UI Framework modules, and the demo pages that mount them."""

import json
import time

from flask import Blueprint, Response, current_app, render_template, request

from . import bundles, store
from .auth import issue_user_token
from .config import public_url
from .editor import cors, product_info
from .responses import invalid, not_found, query_int
from .workflows import COLORS, FONT_SIZES, application_urls, design_defaults, workflow_content

bp = Blueprint("editor_assets", __name__, template_folder="templates")
bp.after_request(cors)

NO_CACHE = {"Cache-Control": "no-cache"}
STYLE_FILE, SCRIPT_FILE = "styles.css", "index.js"


def _not_found() -> Response:
    return Response("Not found", status=404, mimetype="text/plain")


@bp.get("/libs/<env>/workflow-elements/<component>/<filename>")
def element_asset(env, component, filename):
    """index.js (a classic script defining au-<component>) and styles.css, for any region (us, eu, au)."""
    if filename == SCRIPT_FILE:
        body, mimetype = bundles.element_script(component), "text/javascript"
    elif filename == STYLE_FILE:
        body, mimetype = bundles.element_styles(component), "text/css"
    else:
        body = None
    if body is None:
        return _not_found()
    return Response(body, mimetype=mimetype, headers=NO_CACHE)


@bp.get("/ui-framework/<path:name>")
def ui_framework_asset(name):
    """drivers/default-driver.js and editor.js: ES modules (import() them from the store's page)."""
    body = bundles.ui_framework_module(name)
    if body is None:
        return _not_found()
    return Response(body, mimetype="text/javascript", headers=NO_CACHE)


def _demo_product(default_types: tuple):
    """The product of ?productReference= (default: the first one whose workflow type is in `default_types`)."""
    catalog = current_app.extensions["sandbox"].catalog
    reference = request.args.get("productReference")
    if not reference:
        product = next((p for p in catalog.products if p.workflow_type in default_types), catalog.products[0])
        return product
    product = catalog.by_reference(reference)
    if product is None:
        not_found(f"Product reference '{reference}' was not found.")
    return product


def _demo_user() -> tuple[str, str]:
    """(?userId= or a throwaway anonymous user, a storefront-user token for it)."""
    user_id = request.args.get("userId") or f"demo-{int(time.time() * 1000)}"
    conn = store.get_db()
    with store.write(conn):
        conn.execute(
            "INSERT OR IGNORE INTO users (user_id, storefront_id, is_anonymous, created) VALUES (?, ?, 1, ?)",
            (user_id, current_app.config["SANDBOX_STOREFRONT_ID"], time.time()),
        )
    return user_id, issue_user_token(user_id)


def _json_arg(name: str, default):
    raw = request.args.get(name)
    if raw in (None, ""):
        return default
    try:
        return json.loads(raw)
    except ValueError:
        invalid(name, f"?{name}= must be JSON.")


@bp.get("/sandbox/editor-demo")
def demo():
    """A page mounting a Workflow Elements stand-in (people and browser tests).

    ?productReference= the product; ?component= handy-editor | handy-editor-3d | simple-editor (default: the
    product's, else handy-editor); ?input=<json> the whole init input (default {productReferenceId, sku});
    ?designId= reopens a design; ?userId= the storefront user (default a new anonymous one).
    """
    product = _demo_product(("WorkflowElements",))
    component = request.args.get("component") or product.component or "handy-editor"
    if component not in bundles.COMPONENTS:
        not_found(f"The sandbox serves no '{component}' component.")
    editor_input = {"productReferenceId": product.reference}
    if product.variants:
        editor_input["sku"] = product.variants[0].sku
    if request.args.get("designId"):
        editor_input = {"designId": request.args["designId"]}
    editor_input = _json_arg("input", editor_input)
    user_id, token = _demo_user()
    content = workflow_content(product)
    if product.workflow_type != "WorkflowElements":  # e.g. the UI Framework poster shown in a component
        content = {"settings": design_defaults(product), "resources": {"colors": COLORS, "font_sizes": FONT_SIZES}}
    config = {
        "configVersion": 2,
        "component": component,
        "tagName": f"au-{component}",
        "integration": {
            "tenantId": current_app.config["SANDBOX_TENANT_ID"],
            "storefrontId": current_app.config["SANDBOX_STOREFRONT_ID"],
            "cchubApiGatewayUrl": public_url(current_app.config),
            "user": {"id": user_id, "token": token},
        },
        "input": editor_input,
        "settings": content["settings"],
        "resources": content["resources"],
        "localization": content.get("localization", {}),
    }
    base = f"{application_urls()['workflowElementsUrl']}/{component}"
    return render_template("editor_demo.html", product=product, config=config, script_base=base)


@bp.get("/sandbox/ui-framework-demo")
def ui_framework_demo():
    """A page running the UI Framework stand-in the way Aurigma's UIF sample does (?productReference=, ?userId=,
    ?restoreData=<json> {state, snapshot, key}, ?quantity=)."""
    product = _demo_product(("UIFramework",))
    user_id, token = _demo_user()
    urls = application_urls()
    info = product_info(product)
    config = current_app.config
    gateway = public_url(config)
    init = {
        "uiFrameworkUrl": urls["uiFrameworkUrl"],
        "product": {
            "id": 0,
            "sku": info["variants"][0]["sku"] if info["variants"] else "SANDBOX-001",
            "name": product.name,
            "description": product.description,
            "options": [],
            "price": product.variants[0].price if product.variants else 1,
            "attributes": [],
        },
        "config": workflow_content(product),
        "pluginSettings": {
            "customersCanvasBaseUrl": urls["designEditorUrl"],
            "preflightToolUrl": urls["preflightUrl"],
            "dynamicImageUrl": urls["dynamicImageUrl"],
            "useBackOffice": True,
        },
        "restoreData": _json_arg("restoreData", None),
        "quantity": query_int("quantity", default=1, minimum=1),
        "user": {"id": user_id, "tokenId": token, "data": {}},
        "backOfficeSettings": {
            "storefrontId": config["SANDBOX_STOREFRONT_ID"],
            "tenantId": config["SANDBOX_TENANT_ID"],
            "token": token,
            "apiGatewayUrl": gateway,
            "backOfficeUrl": gateway,
            "assetProcessorUrl": gateway,
            "assetStorageUrl": gateway,
            "designAtomsApiUrl": gateway,
            "externalProductId": "",
            "integrationType": 2,
            "optionBasedProductInfo": {"productId": product.id, "productVersionId": product.version_id},
            "ecommerceSystemType": 0,
        },
    }
    return render_template("ui_framework_demo.html", product=product, init=init)
