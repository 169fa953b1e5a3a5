"""The Hub products the sandbox knows: one per demo catalog product with a `hub_reference`, and the catalog file's
`hub_only_products` (set up at the Hub, not yet sold by the store), with stable ids."""

import json
from dataclasses import dataclass, field
from pathlib import Path

# Products exist "since" this instant (epoch seconds): fixed so DTOs do not change between restarts.
CATALOG_CREATED = 1767225600.0  # 2026-01-01T00:00:00Z

DESIGN_KEYS = ("lines", "font_size", "text_color", "background_color", "width_mm", "height_mm")
# The workflow a product gets when the catalog names none: the Handy Editor (a Workflow Elements component).
DEFAULT_EDITOR = {"workflowType": "WorkflowElements", "component": "handy-editor"}


@dataclass(frozen=True)
class Variant:
    id: int
    sku: str
    name: str
    price: float
    sort_index: int
    options: dict


@dataclass(frozen=True)
class Product:
    id: int
    reference: str
    name: str
    description: str
    category: str
    design: dict
    variants: list = field(default_factory=list)
    editor: dict = field(default_factory=lambda: dict(DEFAULT_EDITOR))

    @property
    def workflow_type(self) -> str:
        """WorkflowElements, UIFramework, SimpleEditor or DesignEditor (the Storefront API's WorkflowType)."""
        return self.editor.get("workflowType") or DEFAULT_EDITOR["workflowType"]

    @property
    def component(self) -> str | None:
        """The Workflow Elements component (handy-editor, handy-editor-3d, simple-editor, ...); None otherwise."""
        if self.workflow_type != "WorkflowElements":
            return None
        return self.editor.get("component") or DEFAULT_EDITOR["component"]

    @property
    def version_id(self) -> int:
        return self.id * 10 + 1

    @property
    def option_titles(self) -> list:
        """Option names in first-seen order across the variants."""
        titles = []
        for variant in self.variants:
            titles.extend(title for title in variant.options if title not in titles)
        return titles

    def option_values(self, title: str) -> list:
        values = []
        for variant in self.variants:
            value = variant.options.get(title)
            if value is not None and value not in values:
                values.append(value)
        return values

    def variant(self, sku: str | None = None, variant_id: int | None = None) -> Variant | None:
        for variant in self.variants:
            if (sku is None or variant.sku == sku) and (variant_id is None or variant.id == variant_id):
                return variant
        return None


class Catalog:
    """Products by reference and by id."""

    def __init__(self, products: list[Product]):
        self.products = products
        self._by_reference = {product.reference: product for product in products}
        self._by_id = {product.id: product for product in products}

    def by_reference(self, reference: str) -> Product | None:
        return self._by_reference.get(reference)

    def by_id(self, product_id: int) -> Product | None:
        return self._by_id.get(product_id)


def load(path) -> Catalog:
    """Read the demo catalog file; products without a hub_reference are plain store products and skipped.

    A product's `editor` names its personalization workflow; missing (or null) means the Handy Editor.
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    products = []
    # hub_only_products: known to the Hub, not sold by the demo store (seed-demo skips them).
    for entry in data.get("products", []) + data.get("hub_only_products", []):
        if not entry.get("hub_reference"):
            continue
        product_id = len(products) + 1
        variants = [
            Variant(
                id=product_id * 100 + index + 1,
                sku=variant["sku"],
                name=variant.get("name", variant["sku"]),
                price=variant.get("price_cents", 0) / 100,
                sort_index=index,
                options=dict(variant.get("options") or {}),
            )
            for index, variant in enumerate(entry.get("variants", []))
        ]
        design = {key: entry["design"][key] for key in DESIGN_KEYS}
        products.append(
            Product(
                id=product_id,
                reference=entry["hub_reference"],
                name=entry["name"],
                description=entry.get("description", ""),
                category=entry.get("category", ""),
                design=design,
                variants=variants,
                editor=dict(entry.get("editor") or DEFAULT_EDITOR),
            )
        )
    return Catalog(products)
