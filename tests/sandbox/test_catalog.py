"""Demo products: every hub_reference of the store's catalog is a Hub product with the workflow its `editor` names."""

import json
from pathlib import Path

import pytest

from .hub_api import STOREFRONT

CATALOG = json.loads((Path(__file__).resolve().parents[2] / "demo" / "catalog.json").read_text())
LINKED = [product for product in CATALOG["products"] + CATALOG["hub_only_products"] if product["hub_reference"]]


@pytest.mark.parametrize("entry", LINKED, ids=[p["hub_reference"] for p in LINKED])
def test_every_catalog_reference_is_a_personalizable_hub_product(api, entry):
    reference = entry["hub_reference"]
    ref = api.get(f"{STOREFRONT}/product-references/{reference}", params={"storefrontId": 1}).json()
    assert ref["productReferenceType"] == "Product" and ref["productReferenceName"] == entry["name"]

    product = api.get(f"{STOREFRONT}/product-references/{reference}/product", params={"storefrontId": 1}).json()
    assert product["id"] == ref["productId"]
    assert (product["name"], product["description"]) == (entry["name"], entry["description"])

    variants = api.get(f"{STOREFRONT}/products/{product['id']}/variants").json()
    assert variants["total"] == len(entry["variants"])
    assert [(v["sku"], v["price"]) for v in variants["items"]] == [
        (v["sku"], v["price_cents"] / 100) for v in entry["variants"]
    ]

    workflow = api.get(f"{STOREFRONT}/product-references/{reference}/personalization-workflow").json()
    editor = entry.get("editor") or {"workflowType": "WorkflowElements", "component": "handy-editor"}
    assert workflow["workflowType"] == editor["workflowType"]
    content = json.loads(workflow["content"])
    if editor["workflowType"] == "WorkflowElements":
        component = editor["component"]
        assert (content["configVersion"], content["component"], content["tagName"]) == (2, component, f"au-{component}")
        defaults, choices = content["settings"], content["resources"]["colors"]
    else:
        defaults, choices = content["vars"], content["widgets"]
    assert defaults["product_name"] == entry["name"]
    for key, value in entry["design"].items():
        assert defaults[key] == value
    assert choices


def test_plain_products_and_unknown_references_are_404(api):
    response = api.get(f"{STOREFRONT}/product-references/kraft-envelopes", params={"storefrontId": 1})
    assert response.status_code == 404
    assert set(response.json()) == {"type", "title", "status", "detail"}


def test_reference_list_pages_and_filters_by_sku(api):
    page = api.get(f"{STOREFRONT}/product-references", params={"storefrontId": 1, "take": 2}).json()
    assert page["total"] == len(LINKED) and len(page["items"]) == 2
    by_sku = api.get(f"{STOREFRONT}/product-references", params={"storefrontId": 1, "sku": "MUG-15OZ-WHITE"}).json()
    assert [r["productReference"] for r in by_sku["items"]] == ["printshop-photo-mug"]


def test_product_summary_picks_the_variant_by_sku(api):
    summary = api.get(
        f"{STOREFRONT}/product-references/printshop-bold-business-card/product-summary",
        params={"storefrontId": 1, "sku": "BC-BOLD-500"},
    ).json()
    assert (summary["productVariantSku"], summary["productVariantPrice"]) == ("BC-BOLD-500", 89.0)


def test_tenant_applications_point_at_the_sandbox_editor(api):
    apps = api.get(f"{STOREFRONT}/tenant-info/applications").json()
    assert apps["workflowElementsUrl"] == f"{api.sandbox.url}/libs/us/workflow-elements"
    assert apps["tenantId"] == 1
    assert api.get(f"{STOREFRONT}/storefronts/1").json()["type"] == "Custom"
    assert api.get(f"{STOREFRONT}/storefronts/7").status_code == 404
