"""Frozen dataclasses for Hub responses about users and the catalog, built tolerantly from wire JSON."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

T = TypeVar("T")


def _tuple(values) -> tuple:
    return tuple(values or ())


def _dict(values) -> dict:
    return dict(values or {})


def _json_object(text) -> dict:
    """Workflow content is a JSON document serialized into a string; an unparsable one becomes {}."""
    if isinstance(text, Mapping):
        return dict(text)
    try:
        value = json.loads(text) if text else {}
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


@dataclass(frozen=True)
class Page(Generic[T]):
    """A PagedOf… envelope: `total` across all pages and this page's `items`."""

    total: int
    items: tuple[T, ...]

    @classmethod
    def from_wire(cls, data: Mapping, item: Callable[[Mapping], T]) -> Page[T]:
        items = tuple(item(entry) for entry in (data.get("items") or ()))
        return cls(total=int(data.get("total") or len(items)), items=items)


@dataclass(frozen=True)
class StorefrontUser:
    user_id: str
    tenant_id: int | None = None
    storefront_id: int | None = None
    is_anonymous: bool = False

    @classmethod
    def from_wire(cls, d: Mapping) -> StorefrontUser:
        return cls(d.get("userId"), d.get("tenantId"), d.get("storefrontId"), bool(d.get("isAnonymous")))


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

    @classmethod
    def from_wire(cls, d: Mapping) -> ProductReference:
        return cls(
            d.get("productReference"),
            d.get("productReferenceType"),
            d.get("productReferenceName"),
            d.get("productId"),
            d.get("productVersionId"),
            d.get("productLinkId"),
            d.get("productSpecificationId"),
            d.get("productBundleId"),
            d.get("storefrontId"),
            d.get("tenantId"),
        )


@dataclass(frozen=True)
class Product:
    id: int
    product_version_id: int | None = None
    name: str | None = None
    description: str | None = None
    image_url: str | None = None
    tags: tuple[str, ...] = ()
    custom_fields: dict[str, str] = field(default_factory=dict)
    personalization_workflow_id: int | None = None
    processing_pipeline_id: int | None = None

    @classmethod
    def from_wire(cls, d: Mapping) -> Product:
        return cls(
            d.get("id"),
            d.get("productVersionId"),
            d.get("name"),
            d.get("description"),
            (d.get("image") or {}).get("url"),
            _tuple(d.get("tags")),
            _dict(d.get("customFields")),
            d.get("personalizationWorkflowId"),
            d.get("processingPipelineId"),
        )


@dataclass(frozen=True)
class PersonalizationWorkflow:
    """`content` is the parsed workflow (component, tagName, settings, resources …)."""

    id: int | None
    workflow_type: str | None
    content: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_wire(cls, d: Mapping) -> PersonalizationWorkflow:
        return cls(d.get("id"), d.get("workflowType"), _json_object(d.get("content")))


@dataclass(frozen=True)
class PersonalizationParameters:
    product_type: str | None = None
    id: int | None = None
    version_id: int | None = None
    workflow_type: str | None = None
    workflow_content: dict[str, Any] = field(default_factory=dict)
    api_gateway_url: str | None = None
    design_editor_url: str | None = None
    preflight_url: str | None = None
    dynamic_image_url: str | None = None
    ui_framework_url: str | None = None
    simple_editor_url: str | None = None
    workflow_elements_url: str | None = None

    @classmethod
    def from_wire(cls, d: Mapping) -> PersonalizationParameters:
        return cls(
            d.get("productType"),
            d.get("id"),
            d.get("versionId"),
            d.get("workflowType"),
            _json_object(d.get("workflowContent")),
            d.get("apiGatewayUrl"),
            d.get("designEditorUrl"),
            d.get("preflightUrl"),
            d.get("dynamicImageUrl"),
            d.get("uiFrameworkUrl"),
            d.get("simpleEditorUrl"),
            d.get("workflowElementsUrl"),
        )


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

    @classmethod
    def from_wire(cls, d: Mapping) -> TenantApplications:
        return cls(
            d.get("tenantId"),
            d.get("designEditorUrl"),
            d.get("uiFrameworkUrl"),
            d.get("simpleEditorUrl"),
            d.get("workflowElementsUrl"),
            d.get("templateEditorUrl"),
            d.get("preflightUrl"),
            d.get("dynamicImageUrl"),
            d.get("designEditorApiKey"),
            d.get("preflightApiKey"),
            d.get("dynamicImageApiKey"),
        )
