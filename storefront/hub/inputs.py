"""Request dataclasses for Hub project creates, converted to camelCase wire JSON without None fields."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def to_wire(value: Any) -> Any:
    """Dataclass → dict with camelCase keys, None omitted; tuples → lists; plain dicts keep their keys."""
    if is_dataclass(value) and not isinstance(value, type):
        out = {}
        for f in fields(value):
            item = getattr(value, f.name)
            if item is not None:
                out[_camel(f.name)] = to_wire(item)
        return out
    if isinstance(value, list | tuple):
        return [to_wire(item) for item in value]
    if isinstance(value, dict):
        return {key: to_wire(item) for key, item in value.items() if item is not None}
    return value


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


@dataclass(frozen=True)
class SingleItemProjectInput:
    """CreateSingleItemProjectDto: one project per order line."""

    owner_id: str
    item: ProjectItemInput | None = None
    product_reference: str | None = None
    order_id: str | None = None
    order_number: int | None = None
    order_url: str | None = None
    order_name: str | None = None
    order_line_item_index: int | None = None
    order_line_item_id: str | None = None
    customer_id: str | None = None
    customer_name: str | None = None
    name: str | None = None
    description: str | None = None

    def to_wire(self) -> dict:
        return to_wire(self)
