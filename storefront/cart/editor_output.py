"""Reads what an editor hands the store on Add to cart, whichever editor it was, into one shape.

Two shapes are documented: a Workflow Elements `addtocart` detail (Handy Editor *Output data*: key, quantity,
originalProductId, sku, properties {_stateId, _userId, _hidden {images}}; the Simple Editor adds productVariantId,
productId, productVersionId and productLinkId) and a UI Framework cart line item (`cart.onSubmitted`: quantity,
props {_stateId, _userId, _hidden {images, snapshot}}). Anything else is refused with UnknownEditorOutput.
"""

from dataclasses import dataclass

MAX_SNAPSHOT_CHARS = 256 * 1024
HUB_PRODUCT_FIELDS = ("productId", "productVersionId", "productVariantId", "productLinkId")


class UnknownEditorOutput(Exception):
    """The body is not an editor output this store knows."""


@dataclass(frozen=True)
class EditorOutput:
    """One design as an editor returned it; fields are unchecked (the cart validates them)."""

    kind: str  # "workflow-elements" or "ui-framework"
    key: object
    quantity: object
    sku: object
    original_product_id: object
    design_ids: object
    user_id: object
    images: object
    editor_data: dict


def _hub_product(detail):
    """The Simple Editor's Hub product ids, kept when they are whole numbers."""
    return {
        name: detail[name]
        for name in HUB_PRODUCT_FIELDS
        if isinstance(detail.get(name), int) and not isinstance(detail.get(name), bool)
    }


def _hidden(properties):
    hidden = properties.get("_hidden")
    return hidden if isinstance(hidden, dict) else {}


def parse(body):
    """An EditorOutput from a JSON body; UnknownEditorOutput for anything that is neither documented shape."""
    if not isinstance(body, dict):
        raise UnknownEditorOutput("not a JSON object")
    if isinstance(body.get("properties"), dict):
        properties = body["properties"]
        return EditorOutput(
            kind="workflow-elements",
            key=body.get("key"),
            quantity=body.get("quantity", 1),
            sku=body.get("sku"),
            original_product_id=body.get("originalProductId"),
            design_ids=properties.get("_stateId"),
            user_id=properties.get("_userId"),
            images=_hidden(properties).get("images"),
            editor_data={"editor": "workflow-elements", **_hub_product(body)},
        )
    if isinstance(body.get("props"), dict):
        props = body["props"]
        hidden = _hidden(props)
        data = {"editor": "ui-framework"}
        snapshot = hidden.get("snapshot")
        if isinstance(snapshot, str) and 0 < len(snapshot) <= MAX_SNAPSHOT_CHARS:
            data["snapshot"] = snapshot
        design_ids = props.get("_stateId")
        return EditorOutput(
            kind="ui-framework",
            key=design_ids[0] if isinstance(design_ids, list) and design_ids else None,
            quantity=body.get("quantity", 1),
            sku=body.get("sku"),
            original_product_id=None,
            design_ids=design_ids,
            user_id=props.get("_userId"),
            images=hidden.get("images"),
            editor_data=data,
        )
    raise UnknownEditorOutput("keys: " + ", ".join(sorted(str(key) for key in body)[:20]))
