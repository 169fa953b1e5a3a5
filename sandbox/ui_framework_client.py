"""Python twin of the UI Framework stand-in: the line item `driver.cart.onSubmitted` gives after "Finish design"."""

import base64
import json
from urllib.parse import quote

from .editor_http import DESIGN_DEFAULTS, DESIGN_KEYS, EditorApi, EditorError, design_body

BACK_OFFICE_URLS = ("apiGatewayUrl", "backOfficeUrl", "assetProcessorUrl", "assetStorageUrl", "designAtomsApiUrl")


def snapshot_of(design: dict, lines) -> str:
    """The UI Framework stand-in's snapshot: base64 of {"widgets": {"editor": {lines, font size, colours, size}}}."""
    state = {"lines": list(lines), **{key: design[key] for key in DESIGN_KEYS}}
    text = json.dumps({"widgets": {"editor": state}}, separators=(",", ":"), ensure_ascii=False)
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def read_snapshot(snapshot: str) -> dict:
    """The editor widget's state in a snapshot; EditorError when it is not one of ours."""
    try:
        state = json.loads(base64.b64decode(snapshot, validate=True).decode("utf-8"))["widgets"]["editor"]
    except (ValueError, KeyError, TypeError):
        state = None
    if not isinstance(state, dict) or not isinstance(state.get("lines"), list):
        raise EditorError("ecommerceDriver.init: restoreData.snapshot is not a snapshot of this editor")
    return state


def _need(condition, piece):
    if not condition:
        raise EditorError(f"ecommerceDriver.init: {piece}")


def _text(value) -> bool:
    return isinstance(value, str) and value != ""


def _id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def check_ui_framework_init(init: dict):
    """The driver's argument checks (the same pieces and messages as uif-driver.js)."""
    product, config, plugin = init.get("product"), init.get("config"), init.get("pluginSettings")
    restore, quantity, user = init.get("restoreData"), init.get("quantity"), init.get("user")
    office = init.get("backOfficeSettings")
    _need(
        isinstance(product, dict)
        and isinstance(product.get("id"), int)
        and _text(product.get("sku"))
        and isinstance(product.get("name"), str),
        "product must be {id, sku, name, description, options, price, attributes}",
    )
    _need(
        isinstance(config, dict) and isinstance(config.get("widgets"), list) and isinstance(config.get("steps"), list),
        "config must be the parsed workflow content, with widgets and steps arrays",
    )
    _need(
        isinstance(plugin, dict)
        and plugin.get("useBackOffice") is True
        and all(_text(plugin.get(k)) for k in ("customersCanvasBaseUrl", "preflightToolUrl", "dynamicImageUrl")),
        "pluginSettings must be {customersCanvasBaseUrl, preflightToolUrl, dynamicImageUrl, useBackOffice: true}",
    )
    restore_fields = isinstance(restore, dict) and all(
        restore.get(key) is None or isinstance(restore[key], str) for key in ("state", "snapshot")
    )
    _need(restore is None or restore_fields, "restoreData must be null or {state, snapshot, key}")
    _need(_id(quantity) and quantity <= 999, "quantity must be an integer from 1 to 999")
    user_ok = isinstance(user, dict) and _text(user.get("id")) and _text(user.get("tokenId"))
    _need(user_ok, "user must be {id, tokenId, data}")
    _need(isinstance(office, dict), "backOfficeSettings must be an object")
    for key in ("token", *BACK_OFFICE_URLS):
        _need(_text(office.get(key)), f"backOfficeSettings.{key} is missing")
    for key in ("tenantId", "storefrontId"):
        _need(office.get(key) not in (None, ""), f"backOfficeSettings.{key} is missing")
    _need(isinstance(office.get("externalProductId"), str), "backOfficeSettings.externalProductId must be a string")
    _need(office.get("integrationType") == 2, "backOfficeSettings.integrationType must be 2 (OptionBasedProduct)")
    _need(office.get("ecommerceSystemType") == 0, "backOfficeSettings.ecommerceSystemType must be 0 (Custom)")
    info = office.get("optionBasedProductInfo")
    _need(
        isinstance(info, dict) and _id(info.get("productId")) and _id(info.get("productVersionId")),
        "backOfficeSettings.optionBasedProductInfo must be {productId, productVersionId}",
    )


def ui_framework_line_item(init, lines=("Hello",), quantity=1, timeout=10):
    """The line item `driver.cart.onSubmitted` gives after "Finish design", for the store's UI Framework `init`
    ({product, config, pluginSettings, restoreData, quantity, user, backOfficeSettings, uiFrameworkUrl})."""
    check_ui_framework_init(init)
    product, user, office = init["product"], init["user"], init["backOfficeSettings"]
    api = EditorApi(office["apiGatewayUrl"], office["token"], timeout)
    me = api.get("/me")
    _need(me["userId"] == user["id"], f"user.id '{user['id']}' does not match the token's user")
    _need(
        str(me["tenantId"]) == str(office["tenantId"]) and str(me["storefrontId"]) == str(office["storefrontId"]),
        "backOfficeSettings.tenantId/storefrontId do not match the token's storefront",
    )
    info = office["optionBasedProductInfo"]
    hub_product = api.get(
        f"/products/{info['productId']}?productVersionId={info['productVersionId']}",
        "ecommerceDriver.init: backOfficeSettings.optionBasedProductInfo names no known product "
        f"(product {info['productId']} version {info['productVersionId']})",
    )
    defaults = {**DESIGN_DEFAULTS, **(init["config"].get("vars") or {})}
    restore = init.get("restoreData") or {}
    source = defaults
    if restore.get("snapshot"):
        source = {**defaults, **read_snapshot(restore["snapshot"])}
    elif restore.get("state"):
        missing = f"ecommerceDriver.init: restoreData.state: design '{restore['state']}' was not found for this user"
        design = api.get(f"/designs/{quote(restore['state'], safe='')}", missing)
        _need(
            design["productReference"] == hub_product["productReference"],
            f"restoreData.state: design '{restore['state']}' was made for another product",
        )
        source = design
    variant = next((v for v in hub_product["variants"] if v["sku"] == product["sku"]), None)
    body = design_body(hub_product["productReference"], variant and variant["sku"], lines, source)
    saved = api.call("POST", "/designs", body)
    return {
        "quantity": quantity,
        "sku": product["sku"],
        "props": {
            "_stateId": [saved["id"]],
            "_userId": user["id"],
            "_hidden": {"images": [saved["previewUrl"]], "snapshot": snapshot_of(body, lines)},
        },
    }
