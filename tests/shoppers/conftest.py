"""Fixtures for shopper journeys: the store wired to the Hub sandbox, and a shopper driving it like the editor."""

import json
import re

import pytest

from sandbox.editor_client import add_to_cart_detail, ui_framework_line_item
from tests.conftest import csrf_token_from


@pytest.fixture
def app_config(app_config, sandbox):
    """The store talking to the in-process Hub sandbox, with quick retries."""
    app_config.update(sandbox.hub_config())
    app_config.update({"HUB_MAX_RETRIES": 3, "HUB_BACKOFF_BASE": 0.01, "HUB_BACKOFF_MAX": 0.05})
    return app_config


class EditorPage(dict):
    """The init() config the personalize page hands the editor, plus the page's own signed edit target."""

    edit_target = None
    html = ""


class EditorOutput(dict):
    """What the editor raised on Add to cart, remembering the page it came from (as the page's script does)."""

    edit_target = None


class ShopperDriver:
    """Drives the store the way a browser with the Hub editor does."""

    def __init__(self, client, sandbox):
        self.client = client
        self.sandbox = sandbox

    def csrf(self):
        return csrf_token_from(self.client.get("/").get_data(as_text=True))

    def open_editor(self, slug, **params):
        """GET the personalize page; returns the editor's init() config (with the page's edit target)."""
        response = self.client.get(f"/products/{slug}/personalize", query_string=params)
        assert response.status_code == 200, response.get_data(as_text=True)[:500]
        html = response.get_data(as_text=True)
        match = re.search(r'<script type="application/json" id="editor-config">(.*?)</script>', html, re.S)
        assert match, "personalize page has no editor config"
        target = re.search(r'data-edit-target="([^"]+)"', html)
        page = EditorPage(json.loads(match.group(1)))
        page.edit_target = target.group(1) if target else None
        page.html = html
        return page

    def design(self, config, lines=("Hello",), quantity=1):
        """What the editor does on Add to cart: save a private design at the Hub and build its output."""
        if "uiFrameworkUrl" in config:
            output = EditorOutput(ui_framework_line_item(config, lines=lines, quantity=quantity))
        else:
            output = EditorOutput(add_to_cart_detail(config, lines=lines, quantity=quantity))
        output.edit_target = getattr(config, "edit_target", None)
        return output

    def add_to_cart(self, detail, csrf=True, target=None):
        """POST an editor output as the page's script does; `target` overrides the page's edit target ("" none)."""
        headers = {"X-CSRFToken": self.csrf()} if csrf else {}
        target = getattr(detail, "edit_target", None) if target is None else target
        if target:
            headers["X-Edit-Target"] = target
        return self.client.post("/cart/designs", json=dict(detail), headers=headers)

    def personalize_into_cart(self, slug, lines=("Hello",), quantity=1, **params):
        detail = self.design(self.open_editor(slug, **params), lines=lines, quantity=quantity)
        response = self.add_to_cart(detail)
        assert response.status_code == 201, response.get_json()
        return detail

    def register(self, email="pat@example.com", name="Pat Doe", password="correct horse"):
        page = self.client.get("/account/register").get_data(as_text=True)
        return self.client.post(
            "/account/register",
            data={
                "csrf_token": csrf_token_from(page),
                "email": email,
                "name": name,
                "password": password,
                "confirm": password,
            },
        )

    def login(self, email="pat@example.com", password="correct horse"):
        page = self.client.get("/account/login").get_data(as_text=True)
        return self.client.post(
            "/account/login", data={"csrf_token": csrf_token_from(page), "email": email, "password": password}
        )

    def logout(self):
        return self.client.post("/account/logout", data={"csrf_token": self.csrf()})


@pytest.fixture
def shopper(client, sandbox, demo_catalog):
    return ShopperDriver(client, sandbox)
