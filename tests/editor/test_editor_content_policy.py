"""The personalize page's Content-Security-Policy names the editor hosts the Hub gives, and no others."""

import dataclasses

import pytest

from storefront.hub import TenantApplications, get_hub
from tests.fixtures.pages import csp_directives


def personalize(shopper, slug):
    response = shopper.client.get(f"/products/{slug}/personalize", follow_redirects=True)
    assert response.status_code == 200
    return response, csp_directives(response)


@pytest.fixture
def hub_names(monkeypatch):
    """Have the Hub answer with these editor URLs: the product's parameters first, then the tenant's applications."""

    def answer(parameters=None, applications=None):
        hub = get_hub()
        real = hub.get_personalization_parameters
        bare = {"workflow_elements_url": None, "ui_framework_url": None}
        monkeypatch.setattr(
            hub,
            "get_personalization_parameters",
            lambda ref, design_id=None: dataclasses.replace(real(ref, design_id), **{**bare, **(parameters or {})}),
        )
        monkeypatch.setattr(hub, "get_tenant_applications", lambda: TenantApplications(**(applications or {})))

    return answer


def test_the_editor_page_allows_the_sandboxs_editor_and_its_api(shopper, sandbox):
    _, csp = personalize(shopper, "photo-mug")
    assert csp["script-src"] == ["'self'", sandbox.url]
    assert csp["style-src"] == ["'self'", sandbox.url, "'unsafe-inline'"]
    assert sandbox.url in csp["connect-src"]  # the element's own calls, through cchubApiGatewayUrl
    assert csp["worker-src"] == ["'self'", "blob:"]
    assert csp["frame-src"] == ["'none'"]  # Workflow Elements use no frames
    assert csp["frame-ancestors"] == ["'none'"]


def test_a_tenant_with_its_own_workflow_elements_url_moves_the_allowed_script_host(shopper, sandbox, hub_names):
    hub_names(applications={"workflow_elements_url": "https://editors.example.net/libs/eu/workflow-elements"})
    response, csp = personalize(shopper, "photo-mug")
    assert "https://editors.example.net/libs/eu/workflow-elements/handy-editor/index.js" in response.text
    assert csp["script-src"] == ["'self'", "https://editors.example.net"]
    assert sandbox.url not in csp["style-src"]


def test_without_a_hub_editor_url_the_configured_cdn_is_allowed(app, shopper, hub_names):
    app.config.update(CCHUB_ENVIRONMENT="au", CCHUB_EDITOR_CDN="https://cdn.example")
    hub_names()
    _, csp = personalize(shopper, "photo-mug")
    assert csp["script-src"] == ["'self'", "https://cdn.example"]


def test_the_ui_framework_may_import_its_modules_and_frame_the_design_editor(shopper, sandbox, hub_names):
    hub_names(
        parameters={"ui_framework_url": "https://uif.example.net/ui", "design_editor_url": "https://de.example.net/cc"}
    )
    _, csp = personalize(shopper, "event-poster")
    assert csp["script-src"] == ["'self'", "https://uif.example.net", "https://de.example.net"]
    assert "https://de.example.net" in csp["frame-src"] and "'none'" not in csp["frame-src"]
    assert sandbox.url in csp["connect-src"]  # the back-office services of its driver


def test_pages_without_an_editor_allow_no_hub_scripts(shopper, sandbox):
    response = shopper.client.get("/products/photo-mug")
    assert csp_directives(response)["script-src"] == ["'self'"]
