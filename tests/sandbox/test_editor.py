"""The stand-in Handy Editor: its scripts, CORS for the store's origin, and the private design API."""

import requests

from .conftest import CARD, make_design, make_user, user_token

EDITOR_API = "/api/sandbox-editor/v1"
STORE_ORIGIN = "http://127.0.0.1:5000"


def test_editor_scripts_are_served_at_the_cdn_path(sandbox):
    base = f"{sandbox.url}/libs/us/workflow-elements/handy-editor"
    script = requests.get(f"{base}/index.js", timeout=10)
    assert script.status_code == 200
    assert script.headers["Content-Type"].startswith("text/javascript")
    assert script.headers["Access-Control-Allow-Origin"] == "*"
    assert 'const TAG = "au-handy-editor"' in script.text and "customElements.define" in script.text
    assert requests.get(f"{base}/styles.css", timeout=10).headers["Content-Type"].startswith("text/css")
    assert requests.get(f"{base}/secrets.py", timeout=10).status_code == 404


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
