"""Python twins of the stand-in editors: what `addtocart` and the UI Framework's `cart.onSubmitted` would give.

Tests and benchmarks drive the store without a browser. These do what the scripts do with the configuration the
store rendered: check it, resolve the input scenario through the editor API, save a new design, build the output.
"""

import logging
from urllib.parse import quote

from . import scenarios
from .editor_http import EditorApi, EditorError, design_body
from .ui_framework_client import ui_framework_line_item

__all__ = ["EditorError", "add_to_cart_detail", "open_input", "ui_framework_line_item"]

log = logging.getLogger(__name__)


def _pim_number(editor_input, key):
    value = editor_input.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise EditorError(f"input.{key} must be a positive integer.")
    return value


def _variant(product, editor_input, design):
    """input.sku, else input.productVariantId, else the design's variant, else the first (as the element does)."""
    variants = product.get("variants") or []
    variant = None
    if editor_input.get("sku"):
        variant = next((v for v in variants if v["sku"] == editor_input["sku"]), None)
        if variant is None:
            raise EditorError(f"SKU '{editor_input['sku']}' is not a variant of product {product['productId']}.")
    variant_id = _pim_number(editor_input, "productVariantId")
    if variant_id is not None:
        by_id = next((v for v in variants if v["id"] == variant_id), None)
        if by_id is None or (variant is not None and variant is not by_id):
            raise EditorError(f"Product variant {variant_id} is not a variant of product {product['productId']}.")
        variant = by_id
    if variant is None and design and design.get("sku"):
        variant = next((v for v in variants if v["sku"] == design["sku"]), None)
    return variant or (variants[0] if variants else None)


def _scenario_id(editor_input) -> str:
    """The id of the documented input scenario `editor_input` selects; what the choice warns about is logged."""
    try:
        choice = scenarios.choose(editor_input)
    except ValueError as exc:
        raise EditorError(str(exc)) from None
    if choice.warning:
        log.warning(choice.warning)
    if choice.ignored:
        log.warning("input keys no documented scenario uses were ignored: %s", ", ".join(choice.ignored))
    return choice.scenario["id"]


def _design(api, editor_input):
    design_id = quote(str(editor_input["designId"]), safe="")
    missing = "This design cannot be opened: it does not exist or belongs to another customer."
    return api.get(f"/designs/{design_id}", missing)


def _product_by_reference(api, reference):
    missing = f"Product reference '{reference}' is not linked to a Hub product."
    return api.get(f"/products?productReference={quote(reference, safe='')}", missing)


def _product_by_id(api, editor_input):
    product_id, version = _pim_number(editor_input, "productId"), _pim_number(editor_input, "productVersionId")
    query = "" if version is None else f"?productVersionId={version}"
    missing = f"Product {product_id}{'' if version is None else f' version {version}'} was not found."
    return api.get(f"/products/{product_id}{query}", missing)


def _open_public_template(api, editor_input):
    raise EditorError(f"Public design template '{editor_input['designTemplateId']}' was not found.")


def _open_private_design(api, editor_input):
    design = _design(api, editor_input)
    return _product_by_reference(api, design["productReference"]), design


def _open_product_reference(api, editor_input):
    return _product_by_reference(api, str(editor_input["productReferenceId"])), None


def _open_pim(api, editor_input):
    return _product_by_id(api, editor_input), None


def _open_recovery_by_sku(api, editor_input):
    """The product by its PIM ids and the design, which must have been made for that product."""
    product = _product_by_id(api, editor_input)
    design = _design(api, editor_input)
    if design["productReference"] != product["productReference"]:
        raise EditorError(
            f"Design '{editor_input['designId']}' was not made for product {product['productId']} "
            f"version {product['productVersionId']}."
        )
    return product, design


# (product info, design or None) per input scenario id; any other scenario opens the way recovery-by-sku does.
OPENERS = {
    "public-template": _open_public_template,
    "private-design": _open_private_design,
    "product-reference": _open_product_reference,
    "pim": _open_pim,
    "recovery-by-sku": _open_recovery_by_sku,
}


def open_input(api, editor_input):
    """(scenario, product info, design or None, variant or None) for a Workflow Elements `input`."""
    scenario = _scenario_id(editor_input)
    product, design = OPENERS.get(scenario, _open_recovery_by_sku)(api, editor_input)
    return scenario, product, design, _variant(product, editor_input, design)


def _check_user(api, user_id, tenant_id, storefront_id):
    me = api.get("/me")
    if me["userId"] != user_id:
        raise EditorError("The editor token belongs to a different user. Reload the page and try again.")
    if str(me["tenantId"]) != str(tenant_id) or str(me["storefrontId"]) != str(storefront_id):
        raise EditorError("integration.tenantId/storefrontId do not match the storefront of the user's token.")


def add_to_cart_detail(config, lines=("Hello",), quantity=1, sku=None, timeout=10):
    """The `addtocart` detail of the component `config["component"]` opened with the init `config`.

    `lines`, `quantity` and `sku` (another variant of the product) are what the shopper chose. EditorError for an
    undocumented input, a missing integration field, an unknown product or design, an expired token.
    """
    integration = config.get("integration") or {}
    user = integration.get("user") or {}
    for key in ("tenantId", "storefrontId", "cchubApiGatewayUrl"):
        if integration.get(key) in (None, ""):
            raise EditorError(f"integration.{key} is missing.")
    if not user.get("id") or not user.get("token"):
        raise EditorError("integration.user needs an id and a token.")
    editor_input = config.get("input")
    if not isinstance(editor_input, dict):
        raise EditorError("init() needs an input object (see the Handy Editor's input scenarios).")
    api = EditorApi(integration["cchubApiGatewayUrl"], user["token"], timeout)
    _check_user(api, user["id"], integration["tenantId"], integration["storefrontId"])
    _scenario, product, design, variant = open_input(api, editor_input)
    if sku is not None:
        variant = next((v for v in product["variants"] if v["sku"] == sku), None)
        if variant is None:
            raise EditorError(f"SKU '{sku}' is not a variant of product {product['productId']}.")
    chosen_sku = variant["sku"] if variant else None
    source = design or config.get("settings") or {}
    saved = api.call("POST", "/designs", design_body(product["productReference"], chosen_sku, lines, source))
    detail = {
        "key": saved["id"],
        "quantity": quantity,
        "originalProductId": product["productReference"],
        "sku": chosen_sku,
        "properties": {
            "_stateId": [saved["id"]],
            "_userId": user["id"],
            "_hidden": {"images": [saved["previewUrl"]]},
        },
    }
    if config.get("component") == "simple-editor":
        detail["productVariantId"] = variant["id"] if variant else None
        detail["productId"] = product["productId"]
        detail["productVersionId"] = product["productVersionId"]
    return detail
