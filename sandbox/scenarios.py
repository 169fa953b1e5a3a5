"""The Handy Editor's documented input scenarios and the precedence rule, shared by the JS stand-ins and the twins.

Source: Handy Editor > Input ("Data model overview" table, in page order; "If data in the `input` object is
sufficient to initialize two or more scenarios, the first available scenario will be applied").
"""

from dataclasses import dataclass

# Keys that identify what to open; `sku` and `quantity` only modify a scenario (preselected variant, quantity).
IDENTIFYING = (
    "designTemplateId",
    "designId",
    "productReferenceId",
    "productId",
    "productVariantId",
    "productVersionId",
)
MODIFIERS = ("sku", "quantity")

# (id, name, keys that make it a candidate, every property of its row)
SCENARIOS = [
    {
        "id": "public-template",
        "name": "public template",
        "required": ["designTemplateId"],
        "keys": ["designTemplateId", "previewMockups", "previewMockupIds", "mockup3dId"],
    },
    {
        "id": "private-design",
        "name": "private design",
        "required": ["designId"],
        "keys": ["designId", "mockup3dId", "previewMockupIds"],
    },
    {
        "id": "product-reference",
        "name": "product reference",
        "required": ["productReferenceId"],
        "keys": ["productReferenceId", "designVariantFilter"],
    },
    {
        "id": "pim",
        "name": "PIM data",
        "required": ["productId"],
        "keys": ["productId", "productVariantId", "productVersionId"],
    },
    {
        "id": "recovery-by-sku",
        "name": "recovery by SKU",
        "required": ["sku", "designId", "productId", "productVersionId"],
        "keys": ["sku", "designId", "productId", "productVersionId"],
    },
]
KNOWN_KEYS = sorted({key for scenario in SCENARIOS for key in scenario["keys"]} | set(MODIFIERS))

NO_SCENARIO = (
    "The editor input matches no documented scenario: give designTemplateId (public template), designId "
    "(private design), productReferenceId (product reference), productId (PIM data), or sku + designId + "
    "productId + productVersionId (recovery by SKU). Given: {given}."
)
SEVERAL = "The editor input fits several scenarios ({names}); the first one, {chosen}, applies."


@dataclass(frozen=True)
class Choice:
    scenario: dict
    warning: str | None  # what the element logs with console.warn, None when the choice was clean
    ignored: tuple  # keys no documented scenario knows


def _present(editor_input: dict, key: str) -> bool:
    value = editor_input.get(key)
    return value is not None and value != "" and value != []


def choose(editor_input) -> Choice:
    """The scenario that applies to `editor_input`; ValueError (NO_SCENARIO) when no documented one does.

    Candidates are the scenarios whose required keys are all present. The first candidate whose properties cover
    every identifying key given wins; when none covers them, the first candidate applies, with a warning.
    """
    if not isinstance(editor_input, dict):
        raise ValueError(NO_SCENARIO.format(given="no input object"))
    candidates = [s for s in SCENARIOS if all(_present(editor_input, key) for key in s["required"])]
    if not candidates:
        given = ", ".join(sorted(editor_input)) or "no keys"
        raise ValueError(NO_SCENARIO.format(given=given))
    identifying = {key for key in IDENTIFYING if _present(editor_input, key)}
    ignored = tuple(sorted(key for key in editor_input if key not in KNOWN_KEYS))
    for scenario in candidates:
        if identifying <= set(scenario["keys"]):
            return Choice(scenario, None, ignored)
    names = ", ".join(s["name"] for s in candidates)
    return Choice(candidates[0], SEVERAL.format(names=names, chosen=candidates[0]["name"]), ignored)
