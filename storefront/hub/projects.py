"""Frozen dataclasses for the Hub's answers about projects, processing results, statuses and artifacts.

Built by wire.from_wire, one wire key per field; see wire.py for the mapping rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .wire import wire_field


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


@dataclass(frozen=True)
class ProcessingResults:
    status: str | None
    status_description: str | None = None
    output_files: tuple[OutputFile, ...] = wire_field("outputFileDetails", default=())

    @property
    def finished(self) -> bool:
        return self.status in ("Completed", "Failed")


@dataclass(frozen=True)
class ProjectStatus:
    code: int
    display_name: str | None = None
    id: int | None = None
    color: str | None = None


@dataclass(frozen=True)
class ProjectTransition:
    name: str
    display_name: str | None = None
    start_status: int | None = None
    result_status: int | None = None
    id: int | None = None


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
