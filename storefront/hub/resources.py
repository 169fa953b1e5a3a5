"""Frozen dataclasses for the Hub's answers about storefront users, the catalog and the tenant.

Built by wire.from_wire, one wire key per field; see wire.py for the mapping rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from .wire import from_wire, json_object, wire_field

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """A PagedOf… envelope: `total` across all pages and this page's `items`."""

    total: int
    items: tuple[T, ...]

    @classmethod
    def of(cls, item: type[T], data: Mapping) -> Page[T]:
        items = tuple(from_wire(item, entry) for entry in (data.get("items") or ()))
        return cls(total=int(data.get("total") or len(items)), items=items)


@dataclass(frozen=True)
class StorefrontUser:
    user_id: str
    tenant_id: int | None = None
    storefront_id: int | None = None
    is_anonymous: bool = False


@dataclass(frozen=True)
class ProductReference:
    product_reference: str
    product_reference_type: str | None = None
    product_reference_name: str | None = None
    product_id: int | None = None
    product_version_id: int | None = None
    product_link_id: int | None = None
    product_specification_id: int | None = None
    product_bundle_id: int | None = None
    storefront_id: int | None = None
    tenant_id: int | None = None


@dataclass(frozen=True)
class Product:
    id: int
    product_version_id: int | None = None
    name: str | None = None
    description: str | None = None
    image_url: str | None = wire_field("image.url", default=None)
    tags: tuple[str, ...] = ()
    custom_fields: dict[str, str] = field(default_factory=dict)
    personalization_workflow_id: int | None = None
    processing_pipeline_id: int | None = None


@dataclass(frozen=True)
class PersonalizationWorkflow:
    """`content` is the parsed workflow (component, tagName, settings, resources …)."""

    id: int | None
    workflow_type: str | None
    content: dict[str, Any] = wire_field(parse=json_object, default_factory=dict)


@dataclass(frozen=True)
class PersonalizationParameters:
    product_type: str | None = None
    id: int | None = None
    version_id: int | None = None
    workflow_type: str | None = None
    workflow_content: dict[str, Any] = wire_field(parse=json_object, default_factory=dict)
    api_gateway_url: str | None = None
    design_editor_url: str | None = None
    preflight_url: str | None = None
    dynamic_image_url: str | None = None
    ui_framework_url: str | None = None
    simple_editor_url: str | None = None
    workflow_elements_url: str | None = None


@dataclass(frozen=True)
class TenantApplications:
    """Editor/app URLs of the tenant; the API keys are kept out of repr so they never reach a log."""

    tenant_id: int | None = None
    design_editor_url: str | None = None
    ui_framework_url: str | None = None
    simple_editor_url: str | None = None
    workflow_elements_url: str | None = None
    template_editor_url: str | None = None
    preflight_url: str | None = None
    dynamic_image_url: str | None = None
    design_editor_api_key: str | None = field(default=None, repr=False)
    preflight_api_key: str | None = field(default=None, repr=False)
    dynamic_image_api_key: str | None = field(default=None, repr=False)
