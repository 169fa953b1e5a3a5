"""Request dataclasses for the Hub's multi-item project create, sent as camelCase JSON without None fields."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .wire import to_wire


@dataclass(frozen=True)
class ProjectItemInput:
    """ProjectItemParametersDto: one order line (its designs, SKU and quantity)."""

    product_reference: str | None = None
    sku: str | None = None
    quantity: int | None = None
    design_ids: tuple[str, ...] | None = None
    order_line_item_index: int | None = None
    order_line_item_id: str | None = None
    name: str | None = None
    group_id: str | None = None
    fields: dict[str, Any] | None = None
    hidden: Any = None
    # {type, id, versionId, variantId}: the Hub product the editor designed for, when it told us.
    product_specifier: dict[str, Any] | None = None

    def to_wire(self) -> dict:
        return to_wire(self)


@dataclass(frozen=True)
class MultiItemProjectInput:
    """CreateMultiItemProjectDto: one project per order, one item per order line."""

    owner_id: str
    items: tuple[ProjectItemInput, ...] = field(default_factory=tuple)
    order_id: str | None = None
    order_number: int | None = None
    order_url: str | None = None
    order_name: str | None = None
    customer_id: str | None = None
    customer_name: str | None = None
    name: str | None = None
    description: str | None = None

    def to_wire(self) -> dict:
        return to_wire(self)
