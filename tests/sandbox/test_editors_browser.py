"""The stand-in editors in headless Chromium: input scenarios, the outputs, update/re-init, the UI Framework driver."""

import json
from urllib.parse import quote

import pytest
import requests
from playwright.sync_api import Page, expect

from sandbox.render import text_layout
from sandbox.ui_framework_client import read_snapshot

# The launch setup of the store's browser tests: Debian's Chromium with this machine's flags.
from tests.fixtures.browser import (  # noqa: F401 - fixtures, used by pytest-playwright's `browser`
    ACTION_TIMEOUT_MS,
    CHROMIUM,
    base_url,
    browser_type_launch_args,
)

from .hub_api import make_design, make_user, user_token

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Chromium not found at {CHROMIUM}: `apt-get install chromium`"),
]

CARD = "printshop-classic-business-card"
THANKS = "printshop-thank-you-card"
EDITOR_API = "/api/sandbox-editor/v1"


@pytest.fixture
def page(page: Page) -> Page:
    page.set_default_timeout(ACTION_TIMEOUT_MS)
    return page


def open_demo(page: Page, sandbox, **params) -> None:
    query = "&".join(
        f"{key}={quote(json.dumps(value) if isinstance(value, dict) else str(value))}" for key, value in params.items()
    )
    page.goto(f"{sandbox.url}/sandbox/editor-demo?{query}")


def wait_event(page: Page, *types: str, after: int = 0) -> dict:
    """The first event of one of `types` the element raised (after the first `after` events)."""
    handle = page.wait_for_function(
        "([types, after]) => (window.lastEvents || []).slice(after).find((e) => types.includes(e.type))",
        arg=[list(types), after],
    )
    return handle.json_value()


def event_count(page: Page) -> int:
    return page.evaluate("window.lastEvents.length")


def call_editor(page: Page, method: str, token: str, *extra) -> bool:
    """editor.init/update(the page's config with another user token, *extra); what the call resolved to."""
    args = ", ".join(["config", *(json.dumps(value) for value in extra)])
    script = (
        "(token) => { const base = window.editorConfig;"
        " const config = {...base, integration: {...base.integration, user: {...base.integration.user, token}}};"
        f" return document.getElementById('editor').{method}({args}); }}"
    )
    return page.evaluate(script, token)


def test_the_old_product_reference_key_raises_error_and_shows_it(page, sandbox):
    open_demo(page, sandbox, input={"productReference": CARD, "sku": "BC-CLASSIC-100-MATTE"})
    event = wait_event(page, "load", "error")
    assert event["type"] == "error"
    message = event["detail"]["message"]
    assert "matches no documented scenario" in message and "productReferenceId" in message
    expect(page.locator("au-handy-editor").get_by_role("alert")).to_contain_text("productReferenceId")
    expect(page.locator("au-handy-editor input[type=text]")).to_have_count(0)


def test_product_reference_id_opens_and_adds_to_cart_with_the_new_state_id(page, sandbox):
    open_demo(page, sandbox, input={"productReferenceId": CARD, "sku": "BC-CLASSIC-250-GLOSS"})
    load = wait_event(page, "load", "error")
    assert load["type"] == "load", load
    assert (load["detail"]["scenario"], load["detail"]["sku"]) == ("product-reference", "BC-CLASSIC-250-GLOSS")
    editor = page.locator("au-handy-editor")
    editor.get_by_label("Line 1", exact=True).fill("Robin Lee")
    editor.get_by_label("Quantity", exact=True).fill("3")

    # The preview uses the print renderer's layout (sandbox/render.py).
    state = {"lines": ["Robin Lee", "Studio Manager", "alex@example.com"], "font_size": 14, "height_mm": 55}
    baselines = editor.locator("svg.he-canvas text").evaluate_all(
        "(texts) => texts.map((t) => Number(t.getAttribute('y')))"
    )
    expected = [baseline for _text, _size, baseline in text_layout(state)]
    assert len(baselines) == len(expected) and all(abs(a - b) < 0.006 for a, b in zip(baselines, expected, strict=True))

    seen = event_count(page)
    editor.get_by_role("button", name="Add to cart").click()
    detail = wait_event(page, "addtocart", "error", after=seen)["detail"]
    state_id = detail["properties"]["_stateId"][0]
    assert detail["key"] == state_id
    assert (detail["originalProductId"], detail["sku"], detail["quantity"]) == (CARD, "BC-CLASSIC-250-GLOSS", 3)
    assert "productVariantId" not in detail
    preview = requests.get(detail["properties"]["_hidden"]["images"][0], timeout=10)
    assert "Robin Lee" in preview.text


def test_an_ambiguous_input_warns_and_opens_the_first_scenario(page, sandbox, api):
    user_id = make_user(api, anonymous=True)
    design = make_design(api, user_token(api, user_id), lines=["Saved earlier"], background_color="#0b6e4f")
    open_demo(page, sandbox, userId=user_id, input={"designId": design["id"], "productId": 1})
    load = wait_event(page, "load", "error")
    assert load["type"] == "load", load
    assert (load["detail"]["scenario"], load["detail"]["designId"]) == ("private-design", design["id"])
    warnings = page.evaluate("window.consoleWarnings")
    assert any("fits several scenarios" in w and "private design" in w for w in warnings), warnings
    expect(page.locator("au-handy-editor").get_by_label("Line 1", exact=True)).to_have_value("Saved earlier")


@pytest.mark.parametrize(
    ("scenario", "expected"),
    [
        ("pim", "load"),
        ("private-design", "load"),
        ("recovery-by-sku", "load"),
        ("recovery-for-another-product", "was not made for product"),
        ("public-template", "Public design template"),
        ("unknown-reference", "is not linked to a Hub product"),
    ],
)
def test_each_documented_scenario_opens_or_fails_as_documented(page, sandbox, api, scenario, expected):
    user_id = make_user(api, anonymous=True)
    token = user_token(api, user_id)
    design = make_design(api, token, lines=["From my design"])
    card = requests.get(
        f"{sandbox.url}{EDITOR_API}/products",
        params={"productReference": CARD},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    ).json()
    pim = {"productId": card["productId"], "productVersionId": card["productVersionId"]}
    inputs = {
        "pim": {**pim, "productVariantId": card["variants"][1]["id"]},
        "private-design": {"designId": design["id"]},
        "recovery-by-sku": {**pim, "designId": design["id"], "sku": card["variants"][2]["sku"]},
        "recovery-for-another-product": {"productId": 5, "productVersionId": 51, "designId": design["id"], "sku": "X"},
        "public-template": {"designTemplateId": "61cd31a43056bcc33e919927"},
        "unknown-reference": {"productReferenceId": "kraft-envelopes"},
    }
    open_demo(page, sandbox, userId=user_id, input=inputs[scenario])
    event = wait_event(page, "load", "error")
    if expected != "load":
        assert event["type"] == "error" and expected in event["detail"]["message"], event
        expect(page.locator("au-handy-editor").get_by_role("alert")).to_contain_text(expected)
        return
    assert event["type"] == "load", event
    assert event["detail"]["scenario"] == scenario
    assert event["detail"]["productReference"] == CARD
    line = page.locator("au-handy-editor").get_by_label("Line 1", exact=True)
    expect(line).to_have_value("Alex Morgan" if scenario == "pim" else "From my design")
    assert page.evaluate("window.consoleWarnings") == []


def test_update_and_re_init_keep_the_state_and_force_reset_starts_over(page, sandbox, api):
    open_demo(page, sandbox)
    assert wait_event(page, "load", "error")["type"] == "load"
    editor = page.locator("au-handy-editor")
    editor.get_by_label("Line 1", exact=True).fill("Keep me")
    user_id = page.evaluate("window.editorConfig.integration.user.id")
    fresh = user_token(api, user_id)

    assert call_editor(page, "update", fresh)
    expect(editor.get_by_label("Line 1", exact=True)).to_have_value("Keep me")

    seen = event_count(page)
    assert not call_editor(page, "update", "expired")
    assert "session has expired" in wait_event(page, "error", after=seen)["detail"]["message"]
    expect(editor.get_by_role("alert")).to_contain_text("Your editing session has expired")

    assert call_editor(page, "init", fresh)
    expect(editor.get_by_label("Line 1", exact=True)).to_have_value("Keep me")
    seen = event_count(page)
    editor.get_by_role("button", name="Add to cart").click()
    detail = wait_event(page, "addtocart", "error", after=seen)["detail"]
    assert detail["key"] == detail["properties"]["_stateId"][0]

    assert call_editor(page, "init", fresh, True)
    expect(editor.get_by_label("Line 1", exact=True)).to_have_value("Alex Morgan")


def test_simple_editor_needs_approval_and_emits_its_fields(page, sandbox):
    open_demo(page, sandbox, productReference=THANKS, keepLoader=1)
    load = wait_event(page, "load", "error")
    assert load["type"] == "load", load
    editor = page.locator("au-simple-editor")
    editor.get_by_label("Line 1", exact=True).fill("Thanks, Mia!")
    editor.get_by_role("radio", name="25 cards").check()
    editor.get_by_role("button", name="Add to cart").click()
    expect(editor.get_by_role("alert")).to_contain_text("I approve this design")
    assert page.evaluate("window.lastEvents.some((e) => e.type === 'addtocart')") is False

    editor.get_by_role("checkbox", name="I approve this design").check()
    seen = event_count(page)
    editor.get_by_role("button", name="Add to cart").click()
    detail = wait_event(page, "addtocart", "error", after=seen)["detail"]
    product = requests.get(
        f"{sandbox.url}{EDITOR_API}/products",
        params={"productReference": THANKS},
        headers={"Authorization": f"Bearer {page.evaluate('window.editorConfig.integration.user.token')}"},
        timeout=10,
    ).json()
    variant = next(v for v in product["variants"] if v["sku"] == "CARD-THANKS-A6-25")
    assert detail["key"] == detail["properties"]["_stateId"][0]
    assert (detail["sku"], detail["originalProductId"]) == ("CARD-THANKS-A6-25", THANKS)
    assert (detail["productVariantId"], detail["productId"], detail["productVersionId"]) == (
        variant["id"],
        product["productId"],
        product["productVersionId"],
    )
    assert "productLinkId" not in detail

    loader = editor.locator(".he-loader")
    expect(loader).to_be_visible()
    page.evaluate("document.getElementById('editor').showLoader(false)")
    expect(loader).to_be_hidden()


def test_handy_editor_3d_shows_a_3d_preview(page, sandbox):
    open_demo(
        page,
        sandbox,
        productReference="printshop-travel-mug",
        input={"productReferenceId": "printshop-travel-mug", "mockup3dId": "m-1"},
    )
    assert wait_event(page, "load", "error")["type"] == "load"
    editor = page.locator("au-handy-editor-3d")
    viewer = editor.get_by_role("img", name="3D preview of your design")
    expect(viewer).to_be_visible()
    editor.get_by_label("Line 1", exact=True).fill("Trail time")
    expect(viewer.locator("text").first).to_have_text("Trail time")
    expect(editor.locator("figcaption", has_text="3D preview")).to_contain_text("mockup m-1")


def test_ui_framework_driver_submits_the_state_id_and_a_restorable_snapshot(page, sandbox):
    page.goto(f"{sandbox.url}/sandbox/ui-framework-demo")
    expect(page.locator("body[data-ready=true]")).to_be_attached()
    editor = page.locator("#editor")
    editor.get_by_label("Line 1", exact=True).fill("WINTER FAIR")
    page.evaluate("window.uifDriver.cart.lineItems[0].quantity = 4")
    expect(editor.get_by_label("Quantity", exact=True)).to_have_value("4")
    editor.get_by_role("button", name="Finish design").click()
    cart = page.wait_for_function("window.submittedCarts[0]").json_value()
    [item] = cart["lineItems"]
    init = page.evaluate("window.uifInit")
    assert (item["quantity"], item["sku"]) == (4, init["product"]["sku"])
    props = item["props"]
    assert props["_userId"] == init["user"]["id"] and len(props["_stateId"]) == 1
    design = requests.get(
        f"{sandbox.url}{EDITOR_API}/designs/{props['_stateId'][0]}",
        headers={"Authorization": f"Bearer {init['backOfficeSettings']['token']}"},
        timeout=10,
    ).json()
    assert design["lines"][0] == "WINTER FAIR" and design["productReference"] == "printshop-event-poster"
    assert read_snapshot(props["_hidden"]["snapshot"])["lines"][0] == "WINTER FAIR"

    restore = {"snapshot": props["_hidden"]["snapshot"], "state": None, "key": "cart-line-7"}
    query = f"userId={quote(init['user']['id'])}&restoreData={quote(json.dumps(restore))}"
    page.goto(f"{sandbox.url}/sandbox/ui-framework-demo?{query}")
    expect(page.locator("#editor").get_by_label("Line 1", exact=True)).to_have_value("WINTER FAIR")

    refused = page.evaluate(
        """async () => {
            const init = window.uifInit;
            const { ecommerceDriver } = await import(`${init.uiFrameworkUrl}/drivers/default-driver.js`);
            try {
                await ecommerceDriver.init(init.product, {}, init.config, init.pluginSettings, null, 1, init.user,
                    init.backOfficeSettings);
                return null;
            } catch (error) { return error.message; }
        }"""
    )
    assert refused and "editor must be the module" in refused
