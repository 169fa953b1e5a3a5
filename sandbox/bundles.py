"""Build the stand-ins' self-contained scripts from the shared parts in sandbox/static/editors/."""

import json
from pathlib import Path

from . import scenarios
from .workflows import COLORS, FONT_SIZES

SOURCES = Path(__file__).resolve().parent / "static" / "editors"

# component -> (parts after common.js, the class the script defines as au-<component>)
COMPONENTS = {
    "handy-editor": (["element.js", "handy-editor.js"], "HandyEditor"),
    "handy-editor-3d": (["element.js", "handy-editor.js", "handy-editor-3d.js"], "HandyEditor3D"),
    "simple-editor": (["element.js", "simple-editor.js"], "SimpleEditor"),
}

HEADER = """/*
 * Stand-in for Aurigma's Workflow Elements <{tag}>, served by the Printshop Hub sandbox (see sandbox/README.md).
 *
 *   el.init({{configVersion: 2, integration: {{tenantId, storefrontId, cchubApiGatewayUrl, user: {{id, token}}}},
 *            input, settings, resources, localization}}, forceReset?) -> Promise<boolean>
 *   el.update(config) -> Promise<boolean>  (a new token; keeps the shopper's state){extra}
 * Events on the element: load, change, error ({{message}}), addtocart (Output data).
 * input: one documented scenario (designTemplateId | designId | productReferenceId | productId |
 * sku + designId + productId + productVersionId), `sku` and `quantity` as modifiers.
 * Built from sandbox/static/editors/{parts}. A classic script; no dependencies.
 */
"""
EXTRA = {"simple-editor": "\n *   el.showLoader(boolean)                (the loader shown after addtocart)"}


def _constants() -> str:
    """What the parts share with the Python side: the scenario table, its messages, the palette."""
    data = {
        "scenarios": scenarios.SCENARIOS,
        "identifying": list(scenarios.IDENTIFYING),
        "knownKeys": scenarios.KNOWN_KEYS,
        "messages": {"noScenario": scenarios.NO_SCENARIO, "several": scenarios.SEVERAL},
        "colors": COLORS,
        "fontSizes": FONT_SIZES,
    }
    return f"const SANDBOX = Object.freeze({json.dumps(data)});\n"


def _read(*names: str) -> str:
    return "\n".join((SOURCES / name).read_text(encoding="utf-8") for name in names)


def element_script(component: str) -> str | None:
    """index.js of a Workflow Elements component: one IIFE defining au-<component>; None when not served."""
    if component not in COMPONENTS:
        return None
    parts, class_name = COMPONENTS[component]
    tag = f"au-{component}"
    header = HEADER.format(tag=tag, extra=EXTRA.get(component, ""), parts=", ".join(["common.js", *parts]))
    body = "\n".join([_constants(), _read("common.js", *parts), f"customElements.define(TAG, {class_name});"])
    indented = "\n".join(f"  {line}" if line else "" for line in body.splitlines())
    return (
        f'{header}(() => {{\n  "use strict";\n\n  const TAG = "{tag}";\n  if (customElements.get(TAG)) return;\n\n'
        f"{indented}\n}})();\n"
    )


def element_styles(component: str) -> str | None:
    if component not in COMPONENTS:
        return None
    return _read("common.css").replace("__TAG__", f"au-{component}")


def ui_framework_module(name: str) -> str | None:
    """The UI Framework stand-in's ES modules: drivers/default-driver.js and editor.js; None for other names."""
    if name == "drivers/default-driver.js":
        return (
            "/* Stand-in for the UI Framework's default e-commerce driver (Printshop Hub sandbox). ES module. */\n"
            f"{_constants()}{_read('common.js', 'uif-driver.js')}\nexport {{ ecommerceDriver }};\n"
        )
    if name == "editor.js":
        return (
            "/* Stand-in for the UI Framework's editor.js (Printshop Hub sandbox). ES module; the editor is\n"
            " * `(await import(url)).default.default`, as in Aurigma's samples. */\n"
            f"{_constants()}{_read('common.js', 'uif-editor.js')}\nexport default {{ default: editorModule }};\n"
        )
    return None
