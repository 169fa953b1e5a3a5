"""The Python twins of the stand-ins: documented input scenarios, refused inputs, outputs, the UI Framework item."""

import copy
import json
import logging

import pytest
import requests

from sandbox import scenarios
from sandbox.editor_client import EditorError, add_to_cart_detail, ui_framework_line_item
from sandbox.ui_framework_client import read_snapshot, snapshot_of

from .hub_api import CARD, MUG, make_design, make_user, user_token

EDITOR_API = "/api/sandbox-editor/v1"
THANKS = ("printshop-thank-you-card", "CARD-THANKS-A6-10")
POSTER = "printshop-event-poster"


def product_info(sandbox, token, reference):
    response = requests.get(
        f"{sandbox.url}{EDITOR_API}/products",
        params={"productReference": reference},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture
def shopper(api):
    """(user id, token, card product info) for a fresh anonymous storefront user."""
    user_id = make_user(api, anonymous=True)
    token = user_token(api, user_id)
    return user_id, token, product_info(api.sandbox, token, CARD[0])


def config_for(sandbox, user_id, token, editor_input, component="handy-editor"):
    """An init config as the store renders it (the workflow content merged with integration and input)."""
    return {
        "configVersion": 2,
        "component": component,
        "tagName": f"au-{component}",
        "integration": {
            "tenantId": sandbox.tenant_id,
            "storefrontId": sandbox.storefront_id,
            "cchubApiGatewayUrl": sandbox.url,
            "user": {"id": user_id, "token": token},
        },
        "input": editor_input,
        "settings": {"width_mm": 85, "height_mm": 55, "font_size": 14},
        "resources": {},
    }


def saved_design(sandbox, token, design_id):
    response = requests.get(
        f"{sandbox.url}{EDITOR_API}/designs/{design_id}", headers={"Authorization": f"Bearer {token}"}, timeout=10
    )
    assert response.status_code == 200, response.text
    return response.json()


# --- choosing the scenario --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("editor_input", "scenario", "warns"),
    [
        ({"designTemplateId": "t1", "previewMockupIds": ["m"]}, "public-template", False),
        ({"designId": "d1", "mockup3dId": "m"}, "private-design", False),
        ({"productReferenceId": "ref", "sku": "S", "quantity": 2}, "product-reference", False),
        ({"productId": 1, "productVariantId": 101, "productVersionId": 11}, "pim", False),
        ({"sku": "S", "designId": "d1", "productId": 1, "productVersionId": 11}, "recovery-by-sku", False),
        ({"designId": "d1", "productId": 1}, "private-design", True),
        ({"productReferenceId": "ref", "productId": 1}, "product-reference", True),
        ({"designTemplateId": "t1", "designId": "d1"}, "public-template", True),
    ],
)
def test_the_first_covering_scenario_applies(editor_input, scenario, warns):
    choice = scenarios.choose(editor_input)
    assert choice.scenario["id"] == scenario
    assert (choice.warning is not None) == warns


@pytest.mark.parametrize("editor_input", [{"productReference": "ref", "sku": "S"}, {"sku": "S"}, {}, None, []])
def test_inputs_matching_no_documented_scenario_are_refused(editor_input):
    with pytest.raises(ValueError, match="matches no documented scenario"):
        scenarios.choose(editor_input)


# --- Workflow Elements twins ------------------------------------------------------------------------------------


def test_product_reference_scenario_saves_a_new_state_and_key_is_its_id(sandbox, shopper):
    user_id, token, _product = shopper
    config = config_for(sandbox, user_id, token, {"productReferenceId": CARD[0], "sku": "BC-CLASSIC-250-GLOSS"})
    first = add_to_cart_detail(config, lines=("Pat Doe",), quantity=2)
    second = add_to_cart_detail(config, lines=("Pat Doe",), quantity=2)
    for detail in (first, second):
        assert detail["key"] == detail["properties"]["_stateId"][0]
        assert (detail["originalProductId"], detail["sku"], detail["quantity"]) == (CARD[0], "BC-CLASSIC-250-GLOSS", 2)
        assert detail["properties"]["_userId"] == user_id
        assert set(detail) == {"key", "quantity", "originalProductId", "sku", "properties"}
    assert first["key"] != second["key"]  # every save is a new immutable state
    assert saved_design(sandbox, token, first["key"])["lines"] == ["Pat Doe"]


def test_no_key_is_echoed_from_the_input(sandbox, shopper):
    user_id, token, _product = shopper
    editor_input = {"productReferenceId": CARD[0], "key": "line-42"}
    detail = add_to_cart_detail(config_for(sandbox, user_id, token, editor_input))
    assert detail["key"] != "line-42" and detail["key"] == detail["properties"]["_stateId"][0]
    assert detail["sku"] == CARD[1]  # no sku given: the first variant


def test_pim_scenario_with_and_without_version_and_variant(sandbox, shopper):
    user_id, token, product = shopper
    variant = product["variants"][2]
    full = {"productId": product["productId"], "productVersionId": product["productVersionId"]}
    detail = add_to_cart_detail(config_for(sandbox, user_id, token, {**full, "productVariantId": variant["id"]}))
    assert (detail["originalProductId"], detail["sku"]) == (CARD[0], variant["sku"])
    as_text = {"productId": str(product["productId"])}
    assert add_to_cart_detail(config_for(sandbox, user_id, token, as_text))["sku"] == CARD[1]
    for wrong in ({"productId": 999}, {**full, "productVersionId": 999}, {**full, "productVariantId": 999}):
        with pytest.raises(EditorError):
            add_to_cart_detail(config_for(sandbox, user_id, token, wrong))


def test_private_design_scenario_reopens_the_design(api, sandbox, shopper):
    user_id, token, _product = shopper
    design = make_design(api, token, product=MUG, lines=["Old mug"], text_color="#c2255c", width_mm=200, height_mm=85)
    detail = add_to_cart_detail(config_for(sandbox, user_id, token, {"designId": design["id"]}), lines=("New mug",))
    assert (detail["originalProductId"], detail["sku"]) == MUG
    reopened = saved_design(sandbox, token, detail["key"])
    assert (reopened["lines"], reopened["text_color"], reopened["width_mm"]) == (["New mug"], "#c2255c", 200)
    assert saved_design(sandbox, token, design["id"])["lines"] == ["Old mug"]  # the old state is untouched

    stranger = make_user(api, anonymous=True)
    stranger_config = config_for(sandbox, stranger, user_token(api, stranger), {"designId": design["id"]})
    with pytest.raises(EditorError, match="does not exist or belongs to another customer"):
        add_to_cart_detail(stranger_config)


def test_recovery_by_sku_checks_the_product(api, sandbox, shopper):
    user_id, token, product = shopper
    design = make_design(api, token, lines=["Recovered"])
    recovery = {
        "sku": "BC-CLASSIC-250-MATTE",
        "designId": design["id"],
        "productId": product["productId"],
        "productVersionId": product["productVersionId"],
    }
    detail = add_to_cart_detail(config_for(sandbox, user_id, token, recovery))
    assert (detail["sku"], detail["originalProductId"]) == ("BC-CLASSIC-250-MATTE", CARD[0])
    assert saved_design(sandbox, token, detail["key"])["lines"] == ["Hello"]

    mug = product_info(sandbox, token, MUG[0])
    wrong_product = {**recovery, "productId": mug["productId"], "productVersionId": mug["productVersionId"]}
    with pytest.raises(EditorError, match="was not made for product"):
        add_to_cart_detail(config_for(sandbox, user_id, token, wrong_product))
    with pytest.raises(EditorError, match="not a variant"):
        add_to_cart_detail(config_for(sandbox, user_id, token, {**recovery, "sku": MUG[1]}))


def test_ambiguous_input_logs_a_warning_and_uses_the_first_scenario(api, sandbox, shopper, caplog):
    user_id, token, _product = shopper
    design = make_design(api, token, product=MUG)
    with caplog.at_level(logging.WARNING, logger="sandbox.editor_client"):
        detail = add_to_cart_detail(config_for(sandbox, user_id, token, {"designId": design["id"], "productId": 1}))
    assert detail["originalProductId"] == MUG[0]  # the private design, not product 1
    assert "fits several scenarios" in caplog.text


@pytest.mark.parametrize(
    ("editor_input", "message"),
    [
        ({"productReference": CARD[0], "sku": CARD[1]}, "matches no documented scenario"),
        ({"designTemplateId": "61cd31a43056bcc33e919927"}, "Public design template"),
        ({"productReferenceId": "kraft-envelopes"}, "not linked to a Hub product"),
        ({"productReferenceId": CARD[0], "sku": MUG[1]}, "not a variant"),
        ({"productId": "one"}, "must be a positive integer"),
    ],
)
def test_refused_inputs(sandbox, shopper, editor_input, message):
    user_id, token, _product = shopper
    with pytest.raises(EditorError, match=message):
        add_to_cart_detail(config_for(sandbox, user_id, token, editor_input))


def test_missing_integration_and_expired_token_are_errors(sandbox, shopper):
    user_id, token, _product = shopper
    config = config_for(sandbox, user_id, token, {"productReferenceId": CARD[0]})
    broken = copy.deepcopy(config)
    del broken["integration"]["storefrontId"]
    with pytest.raises(EditorError, match="integration.storefrontId is missing"):
        add_to_cart_detail(broken)
    config["integration"]["user"]["token"] = "expired"
    with pytest.raises(EditorError, match="session has expired") as info:
        add_to_cart_detail(config)
    assert info.value.status == 401


def test_simple_editor_adds_the_pim_ids_and_the_chosen_variant(sandbox, api):
    user_id = make_user(api, anonymous=True)
    token = user_token(api, user_id)
    product = product_info(sandbox, token, THANKS[0])
    config = config_for(sandbox, user_id, token, {"productId": product["productId"]}, component="simple-editor")
    detail = add_to_cart_detail(config, sku="CARD-THANKS-A6-25")
    variant = next(v for v in product["variants"] if v["sku"] == "CARD-THANKS-A6-25")
    assert (detail["productVariantId"], detail["productId"], detail["productVersionId"]) == (
        variant["id"],
        product["productId"],
        product["productVersionId"],
    )
    assert (detail["sku"], detail["key"]) == ("CARD-THANKS-A6-25", detail["properties"]["_stateId"][0])
    assert "productLinkId" not in detail
    with pytest.raises(EditorError, match="not a variant"):
        add_to_cart_detail(config, sku=CARD[1])


# --- UI Framework twin ------------------------------------------------------------------------------------------


def uif_init(api, sandbox, restore=None):
    """The UI Framework init the sandbox's own demo page renders (Aurigma's sample shape)."""
    user_id = make_user(api, anonymous=True)
    response = requests.get(f"{sandbox.url}/sandbox/ui-framework-demo", params={"userId": user_id}, timeout=10)
    page = response.text
    start = page.index('id="uif-init">') + len('id="uif-init">')
    init = json.loads(page[start : page.index("</script>", start)])
    init["restoreData"] = restore
    return init


def test_ui_framework_line_item_has_state_id_user_and_snapshot(api, sandbox):
    init = uif_init(api, sandbox)
    item = ui_framework_line_item(init, lines=("WINTER FAIR", "Sunday"), quantity=3)
    assert (item["quantity"], item["sku"]) == (3, init["product"]["sku"])
    props = item["props"]
    assert props["_userId"] == init["user"]["id"]
    design = saved_design(sandbox, init["backOfficeSettings"]["token"], props["_stateId"][0])
    assert design["productReference"] == POSTER and design["lines"] == ["WINTER FAIR", "Sunday"]
    assert props["_hidden"]["images"] == [design["previewUrl"]]
    snapshot = read_snapshot(props["_hidden"]["snapshot"])
    assert snapshot["lines"] == ["WINTER FAIR", "Sunday"] and snapshot["background_color"] == "#f59f00"


def test_ui_framework_restores_from_a_snapshot_or_a_state(api, sandbox):
    init = uif_init(api, sandbox)
    first = ui_framework_line_item(init)
    state = {"font_size": 20, "text_color": "#ffffff", "background_color": "#1c3d5a", "width_mm": 297, "height_mm": 420}
    snapshot = snapshot_of(state, ["Restored"])
    token = init["backOfficeSettings"]["token"]
    init["restoreData"] = {"snapshot": snapshot, "state": None, "key": "cart-line-1"}
    restored = saved_design(sandbox, token, ui_framework_line_item(init)["props"]["_stateId"][0])
    assert (restored["text_color"], restored["font_size"]) == ("#ffffff", 20)
    init["restoreData"] = {"state": first["props"]["_stateId"][0], "snapshot": None, "key": "cart-line-1"}
    again = ui_framework_line_item(init, lines=("Again",))
    assert "cart-line-1" not in str(again)  # the store's own key is only passed through
    assert saved_design(sandbox, token, again["props"]["_stateId"][0])["background_color"] == "#f59f00"


@pytest.mark.parametrize(
    ("change", "piece"),
    [
        (lambda i: i.update(config={"widgets": []}), "config must be"),
        (lambda i: i["backOfficeSettings"].update(integrationType=1), "integrationType"),
        (lambda i: i["backOfficeSettings"].pop("designAtomsApiUrl"), "designAtomsApiUrl"),
        (lambda i: i["pluginSettings"].update(useBackOffice=False), "pluginSettings"),
        (lambda i: i["user"].update(id="somebody-else"), "does not match the token's user"),
        (lambda i: i["backOfficeSettings"]["optionBasedProductInfo"].update(productVersionId=999), "names no known"),
        (lambda i: i.update(restoreData={"snapshot": "bm90IGpzb24="}), "restoreData.snapshot"),
        (lambda i: i.update(restoreData={"state": "no-such-design"}), "restoreData.state"),
        (lambda i: i.update(quantity=0), "quantity"),
    ],
)
def test_ui_framework_init_refuses_wrong_pieces(api, sandbox, change, piece):
    init = uif_init(api, sandbox)
    change(init)
    with pytest.raises(EditorError, match=piece):
        ui_framework_line_item(init)
