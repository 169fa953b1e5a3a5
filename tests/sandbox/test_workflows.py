"""Personalization workflows and parameters per workflow type, parsed by Aurigma's official pydantic models."""

import json

import aurigma.storefront as sf
import pytest

from sandbox import config as sandbox_config
from sandbox import create_app

from .hub_api import STOREFRONT

DEMO = [
    ("printshop-classic-business-card", "WorkflowElements", "handy-editor"),
    ("printshop-travel-mug", "WorkflowElements", "handy-editor-3d"),
    ("printshop-thank-you-card", "WorkflowElements", "simple-editor"),
    ("printshop-event-poster", "UIFramework", None),
]
DESIGN = {
    "width_mm": 85,
    "height_mm": 55,
    "lines": ["A"],
    "font_size": 14,
    "text_color": "#1f2933",
    "background_color": "#ffffff",
}


def unknown_keys(raw: dict, model) -> list:
    """Top-level keys on the wire that the official model does not know (it would drop them silently)."""
    known = model.to_dict()
    return [key for key, value in raw.items() if value is not None and key not in known]


def parsed(model_class, raw: dict):
    model = model_class.from_dict(raw)
    assert isinstance(model, model_class)
    assert not unknown_keys(raw, model), unknown_keys(raw, model)
    return model


def check_content(workflow_type, component, content, name):
    if workflow_type == "WorkflowElements":
        assert set(content) == {
            "configVersion",
            "component",
            "tagName",
            "input",
            "settings",
            "resources",
            "localization",
        }
        assert (content["configVersion"], content["component"], content["tagName"]) == (2, component, f"au-{component}")
        assert content["input"] == {} and content["localization"] == {"addToCartButton": "Add to cart"}
        assert content["settings"]["product_name"] == name and content["settings"]["max_lines"] == 8
        assert content["resources"]["colors"] and content["resources"]["font_sizes"]
    elif workflow_type == "UIFramework":
        assert content["vars"]["product_name"] == name
        assert [(w["name"], w["type"]) for w in content["widgets"]] == [("editor", "design-editor"), ("cart", "order")]
        assert content["widgets"][1]["params"] == {"snapshot": "{{ $['editor'].snapshot }}"}
        assert content["steps"] == [{"name": "Design", "mainPanel": {"name": "editor"}}]
        assert content["restoration"] == {"widgets": [], "steps": [], "vars": {}}
    elif workflow_type == "SimpleEditor":
        assert content == {"settings": {"general": {"showAddToCartLoader": False, "showPrice": False}}}
    else:
        assert content == {"editorConfig": {}, "attributes": [], "vars": {}}


@pytest.mark.parametrize(("reference", "workflow_type", "component"), DEMO, ids=[d[0] for d in DEMO])
def test_workflow_and_parameters_follow_the_catalog_editor(api, reference, workflow_type, component):
    product = api.get(f"{STOREFRONT}/product-references/{reference}/product", params={"storefrontId": 1}).json()
    paths = [f"product-references/{reference}", f"products/{product['id']}"]
    for path in paths:
        workflow = parsed(
            sf.PersonalizationWorkflowDto, api.get(f"{STOREFRONT}/{path}/personalization-workflow").json()
        )
        assert workflow.workflow_type == sf.WorkflowType(workflow_type) and workflow.id == product["id"]
        check_content(workflow_type, component, json.loads(workflow.content), product["name"])

        raw = api.get(f"{STOREFRONT}/{path}/personalization-parameters", params={"storefrontId": 1}).json()
        params = parsed(sf.PersonalizationParametersDto, raw)
        base = api.sandbox.url
        assert (params.product_type, params.id, params.version_id) == (
            sf.ProductType.PRODUCT,
            product["id"],
            product["productVersionId"],
        )
        assert params.api_gateway_url == base
        assert params.ui_framework_url == f"{base}/ui-framework"
        assert params.simple_editor_url == f"{base}/simple-editor"
        assert params.workflow_elements_url == f"{base}/libs/us/workflow-elements"
        assert params.design_editor_url and params.preflight_url and params.dynamic_image_url
        assert params.workflow_type == sf.WorkflowType(workflow_type)
        assert params.workflow_content == workflow.content


def test_tenant_applications_parse_and_serve_the_ui_framework(api):
    raw = api.get(f"{STOREFRONT}/tenant-info/applications").json()
    apps = parsed(sf.TenantApplicationsInfoDto, raw)
    assert apps.ui_framework_url == f"{api.sandbox.url}/ui-framework"
    assert apps.workflow_elements_url == f"{api.sandbox.url}/libs/us/workflow-elements"
    assert api.get(f"{apps.ui_framework_url.removeprefix(api.sandbox.url)}/drivers/default-driver.js").ok


@pytest.fixture
def legacy_client(tmp_path):
    """A sandbox (Flask test client and access token) on a catalog with legacy and admin-only workflows."""
    products = [
        ("legacy-simple", {"workflowType": "SimpleEditor"}),
        ("legacy-design", {"workflowType": "DesignEditor"}),
        ("admin-template", {"workflowType": "WorkflowElements", "component": "template-editor"}),
        ("no-editor-field", None),
    ]
    catalog = {
        "products": [
            {
                "hub_reference": reference,
                "name": reference.title(),
                "design": DESIGN,
                "variants": [{"sku": f"{reference}-1", "price_cents": 100}],
                **({"editor": editor} if editor else {}),
            }
            for reference, editor in products
        ]
    }
    (tmp_path / "catalog.json").write_text(json.dumps(catalog))
    overrides = dict(sandbox_config.DEFAULTS)
    overrides.update(
        SANDBOX_DB=str(tmp_path / "sandbox.db"),
        SANDBOX_FILES_DIR=str(tmp_path / "files"),
        SANDBOX_CATALOG=str(tmp_path / "catalog.json"),
    )
    app = create_app(overrides)
    client = app.test_client()
    form = {"grant_type": "client_credentials", "client_id": "sandbox-client", "client_secret": "sandbox-secret"}
    token = client.post("/connect/token", data=form).get_json()["access_token"]
    return client, {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize(
    ("reference", "workflow_type", "component"),
    [
        ("legacy-simple", "SimpleEditor", None),
        ("legacy-design", "DesignEditor", None),
        ("admin-template", "WorkflowElements", "template-editor"),
        ("no-editor-field", "WorkflowElements", "handy-editor"),
    ],
)
def test_legacy_and_admin_workflows_are_served_too(legacy_client, reference, workflow_type, component):
    client, headers = legacy_client
    path = f"{STOREFRONT}/product-references/{reference}"
    workflow = parsed(
        sf.PersonalizationWorkflowDto, client.get(f"{path}/personalization-workflow", headers=headers).json
    )
    assert workflow.workflow_type == sf.WorkflowType(workflow_type)
    check_content(workflow_type, component, json.loads(workflow.content), reference.title())
    raw = client.get(f"{path}/personalization-parameters?storefrontId=1", headers=headers).json
    assert parsed(sf.PersonalizationParametersDto, raw).workflow_content == workflow.content
    # Scripts exist only for the components a shopper uses.
    served = client.get(f"/libs/us/workflow-elements/{component or 'simple-editor'}/index.js")
    assert served.status_code == (404 if component == "template-editor" else 200)
