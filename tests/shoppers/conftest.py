"""Fixtures for shopper journeys: the store wired to the Hub sandbox, and a shopper driving it like the editor."""

import json
import re

import pytest

from sandbox.editor_client import add_to_cart_detail
from tests.conftest import csrf_token_from


@pytest.fixture
def app_config(app_config, sandbox):
    """The store talking to the in-process Hub sandbox, with quick retries."""
    app_config.update(sandbox.hub_config())
    app_config.update({"HUB_MAX_RETRIES": 3, "HUB_BACKOFF_BASE": 0.01, "HUB_BACKOFF_MAX": 0.05})
    return app_config


class ShopperDriver:
    """Drives the store the way a browser with the Hub editor does."""

    def __init__(self, client, sandbox):
        self.client = client
        self.sandbox = sandbox

    def csrf(self):
        return csrf_token_from(self.client.get("/").get_data(as_text=True))

    def open_editor(self, slug, **params):
        """GET the personalize page; returns the editor's init() config."""
        response = self.client.get(f"/products/{slug}/personalize", query_string=params)
        assert response.status_code == 200, response.get_data(as_text=True)[:500]
        page = response.get_data(as_text=True)
        match = re.search(r'<script type="application/json" id="editor-config">(.*?)</script>', page, re.S)
        assert match, "personalize page has no editor config"
        return json.loads(match.group(1))

    def design(self, config, lines=("Hello",), quantity=1):
        """What the editor does on Add to cart: save a private design at the Hub and build the addtocart detail."""
        return add_to_cart_detail(config, lines=lines, quantity=quantity)

    def add_to_cart(self, detail, csrf=True):
        headers = {"X-CSRFToken": self.csrf()} if csrf else {}
        return self.client.post("/cart/designs", json=detail, headers=headers)

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
