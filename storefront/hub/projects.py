"""Frozen dataclasses for Hub responses about projects, processing and artifacts (tolerant of new fields)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .models import _dict, _tuple


@dataclass(frozen=True)
class ProjectItem:
    id: int | None = None
    name: str | None = None
    quantity: int | None = None
    sku: str | None = None
    product_reference: str | None = None
    order_line_item_id: str | None = None
    order_line_item_index: int | None = None
    design_ids: tuple[str, ...] = ()
    group_id: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_wire(cls, d: Mapping) -> ProjectItem:
        return cls(
            d.get("id"),
            d.get("name"),
            d.get("quantity"),
            d.get("sku"),
            d.get("productReference"),
            d.get("orderLineItemId"),
            d.get("orderLineItemIndex"),
            _tuple(d.get("designIds")),
            d.get("groupId"),
            _dict(d.get("fields")),
        )


@dataclass(frozen=True)
class Project:
    id: int
    status: int | None = None
    processing_status: str | None = None
    name: str | None = None
    owner_id: str | None = None
    order_id: str | None = None
    order_number: int | None = None
    order_url: str | None = None
    order_name: str | None = None
    customer_id: str | None = None
    customer_name: str | None = None
    product_reference: str | None = None
    storefront_id: int | None = None
    tenant_id: int | None = None
    created: str | None = None
    last_modified: str | None = None
    items: tuple[ProjectItem, ...] = ()

    @classmethod
    def from_wire(cls, d: Mapping) -> Project:
        return cls(
            d.get("id"),
            d.get("status"),
            d.get("processingStatus"),
            d.get("name"),
            d.get("ownerId"),
            d.get("orderId"),
            d.get("orderNumber"),
            d.get("orderUrl"),
            d.get("orderName"),
            d.get("customerId"),
            d.get("customerName"),
            d.get("productReference"),
            d.get("storefrontId"),
            d.get("tenantId"),
            d.get("created"),
            d.get("lastModified"),
            tuple(ProjectItem.from_wire(item) for item in (d.get("items") or ())),
        )


@dataclass(frozen=True)
class OutputFile:
    """One print file: fetch `url` anonymously when `anonymous_access`, else Asset Storage by `artifact_id`."""

    artifact_id: str | None = None
    url: str | None = None
    name: str | None = None
    format: str | None = None
    size: int | None = None
    anonymous_access: bool = False
    project_item_id: int | None = None
    order_line_item_id: str | None = None
    order_line_item_index: int | None = None

    @classmethod
    def from_wire(cls, d: Mapping) -> OutputFile:
        return cls(
            d.get("artifactId"),
            d.get("url"),
            d.get("name"),
            d.get("format"),
            d.get("size"),
            bool(d.get("anonymousAccess")),
            d.get("projectItemId"),
            d.get("orderLineItemId"),
            d.get("orderLineItemIndex"),
        )


@dataclass(frozen=True)
class ProcessingResults:
    status: str | None
    status_description: str | None = None
    output_files: tuple[OutputFile, ...] = ()

    @property
    def finished(self) -> bool:
        return self.status in ("Completed", "Failed")

    @classmethod
    def from_wire(cls, d: Mapping) -> ProcessingResults:
        files = tuple(OutputFile.from_wire(f) for f in (d.get("outputFileDetails") or ()))
        return cls(d.get("status"), d.get("statusDescription"), files)


@dataclass(frozen=True)
class ProjectStatus:
    code: int
    display_name: str | None = None
    id: int | None = None
    color: str | None = None

    @classmethod
    def from_wire(cls, d: Mapping) -> ProjectStatus:
        return cls(d.get("code"), d.get("displayName"), d.get("id"), d.get("color"))


@dataclass(frozen=True)
class ProjectTransition:
    name: str
    display_name: str | None = None
    start_status: int | None = None
    result_status: int | None = None
    id: int | None = None

    @classmethod
    def from_wire(cls, d: Mapping) -> ProjectTransition:
        return cls(d.get("name"), d.get("displayName"), d.get("startStatus"), d.get("resultStatus"), d.get("id"))


@dataclass(frozen=True)
class Artifact:
    id: str
    name: str | None = None
    size: int | None = None
    format: str | None = None
    type: str | None = None
    anonymous_access: bool = False
    url: str | None = None
    group: str | None = None
    owner_id: str | None = None
    last_modified: str | None = None

    @classmethod
    def from_wire(cls, d: Mapping) -> Artifact:
        return cls(
            d.get("id"),
            d.get("name"),
            d.get("size"),
            d.get("format"),
            d.get("type"),
            bool(d.get("anonymousAccess")),
            d.get("url"),
            d.get("group"),
            d.get("ownerId"),
            d.get("lastModified"),
        )
