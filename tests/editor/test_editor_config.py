"""What each editor's init receives, as the Hub documents it, and what its output becomes in the cart."""

import re

from storefront.cart.models import CartLine
from storefront.editor.personalization import deep_merge
from storefront.extensions import db
from storefront.fulfillment.submission import project_input
from storefront.hub import PersonalizationWorkflow, get_hub
from storefront.orders.models import Order
from storefront.shoppers.models import SavedDesign


def cart_lines():
    return db.session.execute(db.select(CartLine).order_by(CartLine.id)).scalars().all()


def hub_calls(sandbox):
    """Calls of the store to the Hub's APIs (the editors' own calls are not the store's)."""
    stats = sandbox.stats().items()
    return {op: n for op, n in stats if isinstance(n, int) and not op.startswith(("Editor_", "total"))}


def test_deep_merge_keeps_nested_keys_of_both_and_the_override_wins():
    base = {"a": {"b": 1, "c": {"d": 2}}, "e": [1]}
    assert deep_merge(base, {"a": {"c": {"x": 3}}, "e": [2]}) == {"a": {"b": 1, "c": {"d": 2, "x": 3}}, "e": [2]}
    assert base == {"a": {"b": 1, "c": {"d": 2}}, "e": [1]}


def test_the_workflows_own_configuration_is_merged_not_replaced(shopper, monkeypatch):
    content = {
        "configVersion": 2,
        "component": "handy-editor",
        "tagName": "au-handy-editor",
        "input": {"designVariantFilter": {"size": "A5"}, "productId": 999, "designTemplateId": "tpl"},
        "settings": {"lines": ["Hi"], "proof": {"enabled": True}},
        "resources": {"fonts": ["Roboto"]},
        "localization": {"addToCart": "Add to basket"},
        "integration": {"tenantId": 777},
    }
    workflow = PersonalizationWorkflow(3, "WorkflowElements", content)
    monkeypatch.setattr(get_hub(), "get_personalization_workflow", lambda ref: workflow)
    config = shopper.open_editor("photo-mug")
    # The workflow's own input stays, except the keys that pick the product and the design: those are ours.
    assert config["input"] == {
        "designVariantFilter": {"size": "A5"},
        "productReferenceId": "printshop-photo-mug",
        "sku": "MUG-11OZ-WHITE",
        "quantity": 1,
    }
    assert config["settings"] == content["settings"]
    assert config["resources"] == content["resources"]
    assert config["localization"] == content["localization"]
    assert config["integration"]["tenantId"] == shopper.sandbox.tenant_id


def test_a_cart_line_reopens_by_the_documented_recovery_scenario(shopper):
    shopper.personalize_into_cart("photo-mug", quantity=4)
    (line,) = cart_lines()
    config = shopper.open_editor("photo-mug", line=line.id)
    reference = get_hub().get_product_reference("printshop-photo-mug")
    assert config["input"] == {
        "sku": "MUG-11OZ-WHITE",
        "designId": line.state_id,
        "productId": reference.product_id,
        "productVersionId": reference.product_version_id,
        "quantity": 4,
    }


def test_a_warm_editor_page_asks_the_hub_nothing(shopper, sandbox):
    shopper.personalize_into_cart("photo-mug")
    (line,) = cart_lines()
    for slug, params in (("photo-mug", {}), ("photo-mug", {"line": line.id}), ("event-poster", {})):
        shopper.open_editor(slug, **params)
        before = hub_calls(sandbox)
        shopper.open_editor(slug, **params)
        assert hub_calls(sandbox) == before, slug


def test_the_handy_editor_3d_loads_its_own_script(shopper, sandbox):
    config = shopper.open_editor("travel-mug")
    assert (config["component"], config["tagName"]) == ("handy-editor-3d", "au-handy-editor-3d")
    assert f"{sandbox.url}/libs/us/workflow-elements/handy-editor-3d/index.js" in config.html
    shopper.add_to_cart(shopper.design(config, lines=("Adventure",)))
    assert cart_lines()[0].variant.sku == "MUG-TRAVEL-12OZ-NAVY"


def test_the_simple_editors_product_ids_reach_the_hub_project(shopper):
    config = shopper.open_editor("thank-you-card", sku="CARD-THANKS-A6-25")
    assert config["tagName"] == "au-simple-editor"
    assert config["input"]["productReferenceId"] == "printshop-thank-you-card"
    detail = shopper.design(config, lines=("Thanks!",))
    assert {"productId", "productVersionId", "productVariantId"} <= set(detail)
    assert shopper.add_to_cart(detail).status_code == 201
    (line,) = cart_lines()
    assert line.editor_data["productVariantId"] == detail["productVariantId"]

    reopened = shopper.open_editor("thank-you-card", line=line.id)
    assert (reopened["input"]["productId"], reopened["input"]["productVersionId"]) == (
        detail["productId"],
        detail["productVersionId"],
    )
    order = Order(checkout_key="k", access_token="t", email="a@example.com", name="A", storefront_user_id="u")
    from storefront.orders.models import OrderLine

    order.lines.append(
        OrderLine(
            line_index=0,
            sku=line.variant.sku,
            product_name="Thank-you card",
            variant_name=line.variant.name,
            product_reference="printshop-thank-you-card",
            quantity=1,
            unit_price_cents=100,
            design_ids=line.design_ids,
            editor_data=line.editor_data,
        )
    )
    (item,) = project_input(order).to_wire()["items"]
    assert item["productSpecifier"] == {
        "type": "Product",
        "id": detail["productId"],
        "versionId": detail["productVersionId"],
        "variantId": detail["productVariantId"],
    }


def test_a_ui_framework_workflow_gets_the_drivers_init_arguments(shopper, sandbox):
    init = shopper.open_editor("event-poster", sku="POSTER-A3-10")
    parameters = get_hub().get_personalization_parameters("printshop-event-poster")
    assert init["uiFrameworkUrl"] == parameters.ui_framework_url
    assert init["product"]["sku"] == "POSTER-A3-10"
    assert init["config"]["widgets"] and init["config"]["steps"]
    assert init["restoreData"] is None
    assert init["user"]["id"].startswith("guest-")
    assert init["user"]["tokenId"] == init["backOfficeSettings"]["token"]
    settings = init["backOfficeSettings"]
    assert settings["optionBasedProductInfo"] == {"productId": parameters.id, "productVersionId": parameters.version_id}
    assert (settings["integrationType"], settings["storefrontId"]) == (2, sandbox.storefront_id)
    assert '<script type="module" src="/static/js/ui-framework.js">' in init.html


def test_a_ui_framework_design_is_edited_from_its_snapshot_and_keeps_one_line(shopper):
    first = shopper.design(shopper.open_editor("event-poster"), lines=("SUMMER FAIR",), quantity=2)
    assert shopper.add_to_cart(first).status_code == 201
    (line,) = cart_lines()
    assert line.editor_data["snapshot"] == first["props"]["_hidden"]["snapshot"]

    init = shopper.open_editor("event-poster", line=line.id)
    assert init["restoreData"] == {
        "state": line.state_id,
        "snapshot": first["props"]["_hidden"]["snapshot"],
        "key": f"line-{line.id}",
    }
    assert init["quantity"] == 2
    edited = shopper.design(init, lines=("WINTER FAIR",), quantity=3)
    assert shopper.add_to_cart(edited).status_code == 201
    db.session.expire_all()
    (replaced,) = cart_lines()
    assert (replaced.id, replaced.quantity) == (line.id, 3)
    assert replaced.design_ids == edited["props"]["_stateId"]
    assert len(db.session.execute(db.select(SavedDesign)).scalars().all()) == 1


def test_an_editor_page_gets_a_fresh_token_from_the_store(shopper):
    config = shopper.open_editor("photo-mug")
    expires_in = int(re.search(r'data-token-expires-in="(\d+)"', config.html).group(1))
    assert expires_in > 60
    response = shopper.client.get("/editor/token")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert body["userId"] == config["integration"]["user"]["id"]
    assert body["token"].count(".") == 2 and body["expiresIn"] > 60
    # The new token works for the editor: a design saved with it reaches the cart.
    config["integration"]["user"]["token"] = body["token"]
    assert shopper.add_to_cart(shopper.design(config)).status_code == 201


def test_a_visitor_without_a_session_gets_no_editor_token(client, demo_catalog):
    assert client.get("/editor/token").status_code == 404
