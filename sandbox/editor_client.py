"""The stand-in editor's Add to cart, in Python: save a private design, then build the `addtocart` detail.

Tests and benchmarks drive the store without a browser; this does what `au-handy-editor` does when clicked.
"""

import requests


class EditorError(Exception):
    """The sandbox refused to save the design."""


def add_to_cart_detail(config, lines=("Hello",), quantity=1, timeout=10):
    """Save a design for the editor `config` (what the store passed to init()); the `addtocart` event's detail."""
    user = config["integration"]["user"]
    editor_input = config["input"]
    settings = config.get("settings", {})
    response = requests.post(
        f"{config['integration']['cchubApiGatewayUrl']}/api/sandbox-editor/v1/designs",
        headers={"Authorization": f"Bearer {user['token']}"},
        json={
            "productReference": editor_input["productReference"],
            "sku": editor_input["sku"],
            "lines": list(lines),
            "font_size": 14,
            "text_color": "#111111",
            "background_color": "#ffffff",
            "width_mm": settings.get("width_mm", 85),
            "height_mm": settings.get("height_mm", 55),
        },
        timeout=timeout,
    )
    if response.status_code not in (200, 201):
        raise EditorError(f"saving the design -> {response.status_code}: {response.text[:200]}")
    saved = response.json()
    return {
        "key": editor_input.get("key") or f"key-{saved['id'][:12]}",
        "quantity": quantity,
        "originalProductId": editor_input["productReference"],
        "sku": editor_input["sku"],
        "properties": {
            "_stateId": [saved["id"]],
            "_userId": user["id"],
            "_hidden": {"images": [saved["previewUrl"]]},
        },
    }
