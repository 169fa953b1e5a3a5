"""The stand-in editors: their scripts and modules, CORS for the store's origin, the design and product API."""

import pytest
import requests

from .hub_api import CARD, make_design, make_user, user_token

EDITOR_API = "/api/sandbox-editor/v1"
STORE_ORIGIN = "http://127.0.0.1:5000"


@pytest.mark.parametrize("component", ["handy-editor", "handy-editor-3d", "simple-editor"])
def test_editor_scripts_are_served_at_the_cdn_path(sandbox, component):
    base = f"{sandbox.url}/libs/eu/workflow-elements/{component}"
    script = requests.get(f"{base}/index.js", timeout=10)
    assert script.status_code == 200
    assert script.headers["Content-Type"].startswith("text/javascript")
    assert (script.headers["Access-Control-Allow-Origin"], script.headers["Cache-Control"]) == ("*", "no-cache")
    # A classic script, self-contained: one IIFE defining its own tag, no module syntax.
    assert f'const TAG = "au-{component}"' in script.text and "customElements.define(TAG" in script.text
    assert script.text.rstrip().endswith("})();")
    assert not any(line.startswith(("import ", "export ")) for line in script.text.splitlines())
    styles = requests.get(f"{base}/styles.css", timeout=10)
    assert styles.headers["Content-Type"].startswith("text/css") and f"au-{component}:not(:defined)" in styles.text
    assert requests.get(f"{base}/secrets.py", timeout=10).status_code == 404


def test_only_the_shopper_components_have_scripts(sandbox):
    for component in ("template-editor", "au-cc-options", "..%2fcommon.js"):
        assert (
            requests.get(f"{sandbox.url}/libs/us/workflow-elements/{component}/index.js", timeout=10).status_code == 404
        )


def test_ui_framework_modules_are_es_modules(sandbox):
    driver = requests.get(f"{sandbox.url}/ui-framework/drivers/default-driver.js", timeout=10)
    editor = requests.get(f"{sandbox.url}/ui-framework/editor.js", timeout=10)
    for module in (driver, editor):
        assert module.status_code == 200 and module.headers["Content-Type"].startswith("text/javascript")
        assert (module.headers["Access-Control-Allow-Origin"], module.headers["Cache-Control"]) == ("*", "no-cache")
    assert "export { ecommerceDriver };" in driver.text
    assert "export default { default: editorModule };" in editor.text
    assert requests.get(f"{sandbox.url}/ui-framework/drivers/other.js", timeout=10).status_code == 404


def test_cors_preflight_from_the_store_is_allowed(sandbox):
    response = requests.options(
        f"{sandbox.url}{EDITOR_API}/designs",
        headers={
            "Origin": STORE_ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
        timeout=10,
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    allowed = response.headers["Access-Control-Allow-Headers"].lower()
    assert "authorization" in allowed and "content-type" in allowed
    assert "POST" in response.headers["Access-Control-Allow-Methods"]


def test_the_editor_api_wants_a_valid_user_token(api):
    me = f"{api.sandbox.url}{EDITOR_API}/me"
    assert requests.get(me, timeout=10).status_code == 401
    assert (
        requests.get(me, headers={"Authorization": f"Bearer {api.sandbox.access_token()}"}, timeout=10).status_code
        == 401
    )
    user_id = make_user(api, anonymous=True)
    response = requests.get(me, headers={"Authorization": f"Bearer {user_token(api, user_id)}"}, timeout=10)
    assert response.json() == {"userId": user_id, "isAnonymous": True, "storefrontId": 1, "tenantId": 1}


def test_designs_are_private_to_their_owner_but_previews_are_public(api):
    owner_token = user_token(api, make_user(api))
    stranger_token = user_token(api, make_user(api))
    design = make_design(api, owner_token, lines=["Hello <world> & you"])
    assert len(design["id"]) >= 32
    url = f"{api.sandbox.url}{EDITOR_API}/designs/{design['id']}"
    mine = requests.get(url, headers={"Authorization": f"Bearer {owner_token}"}, timeout=10).json()
    assert (mine["lines"], mine["productReference"], mine["sku"]) == (["Hello <world> & you"], *CARD)
    assert requests.get(url, headers={"Authorization": f"Bearer {stranger_token}"}, timeout=10).status_code == 404
    preview = requests.get(design["previewUrl"], timeout=10)
    assert preview.headers["Content-Type"].startswith("image/svg+xml")
    assert "Hello &lt;world&gt; &amp; you" in preview.text and 'viewBox="0 0 85 55"' in preview.text


def test_invalid_designs_are_refused(api):
    token = user_token(api, make_user(api))
    response = requests.post(
        f"{api.sandbox.url}{EDITOR_API}/designs",
        json={"productReference": CARD[0], "lines": ["x"], "text_color": "red"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert response.status_code == 400 and "text_color" in response.json()["detail"]


def test_products_for_the_stand_ins(api):
    token = user_token(api, make_user(api, anonymous=True))
    auth = {"Authorization": f"Bearer {token}"}
    base = f"{api.sandbox.url}{EDITOR_API}/products"
    by_reference = requests.get(base, params={"productReference": CARD[0]}, headers=auth, timeout=10)
    assert by_reference.status_code == 200
    product = by_reference.json()
    assert set(product) == {"productId", "productVersionId", "productReference", "name", "variants"}
    assert (product["productReference"], product["name"]) == (CARD[0], "Classic business card")
    assert product["variants"][0] == {"id": product["productId"] * 100 + 1, "sku": CARD[1], "name": "100 cards, matte"}

    by_id = requests.get(
        f"{base}/{product['productId']}",
        params={"productVersionId": product["productVersionId"]},
        headers=auth,
        timeout=10,
    )
    assert by_id.json() == product
    assert requests.get(f"{base}/{product['productId']}", headers=auth, timeout=10).json() == product

    wrong_version = requests.get(
        f"{base}/{product['productId']}", params={"productVersionId": 999}, headers=auth, timeout=10
    )
    unknown = requests.get(base, params={"productReference": "kraft-envelopes"}, headers=auth, timeout=10)
    for response in (wrong_version, unknown, requests.get(f"{base}/999", headers=auth, timeout=10)):
        assert response.status_code == 404
        assert response.headers["Content-Type"].startswith("application/problem+json")
        assert set(response.json()) == {"type", "title", "status", "detail"}
    assert requests.get(base, headers=auth, timeout=10).status_code == 400
    assert requests.get(base, params={"productReference": CARD[0]}, timeout=10).status_code == 401
    assert requests.get(f"{base}/1", headers={"Authorization": "Bearer nope"}, timeout=10).status_code == 401
