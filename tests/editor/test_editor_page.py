"""The personalize page: the Hub's workflow picks the template and configures the editor; Hub trouble is friendly."""

import time

from sqlalchemy import update

from storefront.catalog.models import ProductVariant
from storefront.extensions import db
from storefront.hub import PersonalizationWorkflow, get_hub
from storefront.hub.cache import NEAR_TTL
from tests.fixtures.drivers import ShopperDriver


def test_personalize_page_mounts_the_workflows_editor_for_a_guest(shopper, sandbox):
    config = shopper.open_editor("classic-business-card", sku="BC-CLASSIC-250-GLOSS")
    assert config["tagName"] == "au-handy-editor"
    assert config["configVersion"] == 2
    # Handy Editor *Input*: the product reference scenario.
    assert config["input"] == {
        "productReferenceId": "printshop-classic-business-card",
        "sku": "BC-CLASSIC-250-GLOSS",
        "quantity": 1,
    }
    integration = config["integration"]
    assert integration["storefrontId"] == sandbox.storefront_id
    assert integration["tenantId"] == sandbox.tenant_id
    assert integration["user"]["id"].startswith("guest-")
    assert integration["user"]["token"].count(".") == 2

    page = shopper.client.get("/products/classic-business-card/personalize", follow_redirects=True)
    page = page.get_data(as_text=True)
    # A classic script, as Aurigma's samples load Workflow Elements (not a module).
    assert f'<script src="{sandbox.url}/libs/us/workflow-elements/handy-editor/index.js" async></script>' in page
    assert f"{sandbox.url}/libs/us/workflow-elements/handy-editor/styles.css" in page


def test_guest_is_registered_at_the_hub_once_not_on_every_page(shopper, sandbox):
    shopper.client.get("/")
    shopper.client.get("/products/photo-mug")
    assert sandbox.stats().get("StorefrontUsers_Create", 0) == 0
    first = shopper.open_editor("photo-mug")
    second = shopper.open_editor("wedding-invitation")
    assert first["integration"]["user"]["id"] == second["integration"]["user"]["id"]
    assert sandbox.stats()["StorefrontUsers_Create"] == 1


def test_two_guests_get_different_storefront_users(client, app, sandbox, demo_catalog, shopper):
    mine = shopper.open_editor("photo-mug")
    other = ShopperDriver(app.test_client(), sandbox)
    theirs = other.open_editor("photo-mug")
    for secret in (mine["integration"]["user"]["id"], mine["integration"]["user"]["token"], mine.edit_target):
        assert secret not in theirs.html
    assert theirs["integration"]["user"]["id"].startswith("guest-")
    # Each page's own token and edit target work: both designs land in their owner's cart.
    other.personalize_into_cart("photo-mug", lines=("Theirs",))
    shopper.add_to_cart(shopper.design(mine, lines=("Mine",)))
    assert "Your design" in shopper.client.get("/cart/").get_data(as_text=True)
    assert "Your design" in other.client.get("/cart/").get_data(as_text=True)


def test_unknown_sku_goes_back_to_the_product_with_a_message(shopper):
    response = shopper.client.get("/products/photo-mug/personalize?sku=NOPE", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.request.path == "/products/photo-mug"
    assert "That option is not available" in page


def test_hub_down_shows_a_friendly_page_with_retry(app, shopper):
    app.config.update(CCHUB_API_URL="http://127.0.0.1:9", CCHUB_BASEURL="http://127.0.0.1:9")
    app.extensions.pop("hub", None)
    response = shopper.client.get("/products/photo-mug/personalize?sku=MUG-11OZ-WHITE", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "design editor is taking a break" in page
    assert "Try again" in page
    assert "/products/photo-mug/personalize?sku=MUG-11OZ-WHITE" in page


def test_product_without_a_hub_workflow_says_it_cannot_be_personalized(app, shopper, monkeypatch):
    from storefront.catalog.models import ProductGroup
    from storefront.extensions import db

    group = db.session.execute(db.select(ProductGroup).filter_by(slug="photo-mug")).scalar_one()
    group.hub_reference = "printshop-not-at-the-hub"
    db.session.commit()
    response = shopper.client.get("/products/photo-mug/personalize", follow_redirects=True)
    assert response.status_code == 503
    assert "can't be personalized right now" in response.get_data(as_text=True)


def test_legacy_workflow_types_get_their_own_page_that_says_so(app, shopper, monkeypatch, caplog):
    hub = get_hub()
    for workflow_type, words in (("SimpleEditor", "Simple Editor v1"), ("DesignEditor", "Design Editor workflow")):
        workflow = PersonalizationWorkflow(7, workflow_type, {"settings": {}})
        monkeypatch.setattr(hub, "get_personalization_workflow", lambda ref, workflow=workflow: workflow)
        response = shopper.client.get("/products/photo-mug/personalize", follow_redirects=True)
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        assert words in page and "does not support" in page
        assert "editor-config" not in page
    assert "printshop-photo-mug" in caplog.text


def test_the_template_editor_is_not_offered_to_shoppers(app, shopper, monkeypatch):
    content = {"configVersion": 2, "component": "template-editor", "tagName": "au-template-editor"}
    workflow = PersonalizationWorkflow(7, "WorkflowElements", content)
    monkeypatch.setattr(get_hub(), "get_personalization_workflow", lambda ref: workflow)
    page = shopper.client.get("/products/photo-mug/personalize", follow_redirects=True).get_data(as_text=True)
    assert "template-editor that shoppers cannot design in here" in page
    assert "au-template-editor" not in page


def test_editor_registers_the_shopper_again_when_the_hub_forgot_it(app, shopper, sandbox, redis_conn, monkeypatch):
    first = shopper.open_editor("photo-mug")
    sandbox.reset()  # the Hub loses its storefront users
    redis_conn.flushdb()  # and our cached editor token has run out, in Redis and in this process
    with app.app_context():
        cache = get_hub().cache
    monkeypatch.setattr(cache, "now", lambda: time.time() + NEAR_TTL + 1)
    again = shopper.open_editor("photo-mug")
    assert again["integration"]["user"]["id"] == first["integration"]["user"]["id"]
    assert sandbox.stats()["StorefrontUsers_Create"] == 1
    assert shopper.design(again)["properties"]["_stateId"]


def test_editor_script_comes_from_the_regional_cdn_when_the_hub_names_none(app, shopper, monkeypatch):
    import dataclasses

    from storefront.hub import TenantApplications

    app.config.update(CCHUB_ENVIRONMENT="eu", CCHUB_EDITOR_CDN="https://cdn.example")
    hub = get_hub()
    parameters = hub.get_personalization_parameters("printshop-photo-mug")
    bare = dataclasses.replace(parameters, workflow_elements_url=None, ui_framework_url=None)
    monkeypatch.setattr(hub, "get_personalization_parameters", lambda ref, design_id=None: bare)
    monkeypatch.setattr(hub, "get_tenant_applications", lambda: TenantApplications())
    page = shopper.client.get("/products/photo-mug/personalize", follow_redirects=True).get_data(as_text=True)
    assert "https://cdn.example/libs/eu/workflow-elements/handy-editor/index.js" in page


def test_a_price_change_shows_on_the_next_personalize_page(shopper):
    # The page's frame is kept per catalog revision (rendered_pages.py), like the product page.
    assert "$43.21" not in shopper.open_editor("photo-mug", sku="MUG-11OZ-WHITE").html
    db.session.execute(update(ProductVariant).where(ProductVariant.sku == "MUG-11OZ-WHITE").values(price_cents=4321))
    db.session.commit()
    assert "$43.21" in shopper.open_editor("photo-mug", sku="MUG-11OZ-WHITE").html
