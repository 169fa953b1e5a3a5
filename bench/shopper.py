"""A shopper driving the store over HTTP the way a browser with the Hub editor does (one cookie session each)."""

import json
import re
import secrets
import time

import requests

from sandbox.editor_client import EditorError, add_to_cart_detail

TIMEOUT = 30
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
EDITOR_CONFIG = re.compile(r'<script type="application/json" id="editor-config">(.*?)</script>', re.S)
HIDDEN_INPUT = re.compile(r'<input[^>]*name="(csrf_token|checkout_key)"[^>]*value="([^"]*)"')
CHOSEN_METHOD = re.compile(r'name="shipping_method" value="(\d+)"\s*checked')
# Where the bench's orders go: a US address (the demo ships there).
ADDRESS = {
    "name": "Bench Shopper",
    "line1": "1 Main Street",
    "city": "Springfield",
    "postal_code": "62701",
    "region": "IL",
    "country": "US",
}
ORDER_PATH = re.compile(r"/orders/(PS-[0-9]+)(?:\?key=([A-Za-z0-9_-]+))?")


class JourneyError(Exception):
    """A step of the shopper's journey answered something a browser could not go on from."""


class Shopper:
    """One visitor with their own cookie jar; counts the editor pages the Hub made us retry (503)."""

    def __init__(self, store_url, name="Bench Shopper", editor_retries=10):
        self.url = store_url
        self.http = requests.Session()
        self.name = name
        self.editor_retries = editor_retries
        self.editor_unavailable = 0  # personalize pages answered 503 (Hub down) and reloaded

    def get(self, path, **kwargs):
        response = self.http.get(self.url + path, timeout=TIMEOUT, **kwargs)
        if response.status_code >= 400:
            raise JourneyError(f"GET {path} -> {response.status_code}")
        return response

    def csrf(self, path="/cart/"):
        match = CSRF_META.search(self.get(path).text)
        if not match:
            raise JourneyError(f"{path} has no CSRF token")
        return match.group(1)

    def open_editor(self, slug, sku=None):
        """GET the personalize page (reloading it, as a shopper would, while the Hub is unavailable)."""
        params = {"sku": sku} if sku else None
        for _attempt in range(self.editor_retries + 1):
            response = self.http.get(f"{self.url}/products/{slug}/personalize", params=params, timeout=TIMEOUT)
            if response.status_code == 503:
                self.editor_unavailable += 1
                time.sleep(0.5)
                continue
            if response.status_code != 200:
                raise JourneyError(f"personalize {slug} -> {response.status_code}")
            match = EDITOR_CONFIG.search(response.text)
            if not match:
                raise JourneyError(f"personalize {slug} has no editor config")
            return json.loads(match.group(1))
        raise JourneyError(f"personalize {slug} still unavailable after {self.editor_retries} reloads")

    def design(self, config, lines):
        """What the editor element does: GET /me on init, then save the design on Add to cart; the addtocart detail."""
        user = config["integration"]["user"]
        api = f"{config['integration']['cchubApiGatewayUrl']}/api/sandbox-editor/v1"
        headers = {"Authorization": f"Bearer {user['token']}"}
        me = requests.get(f"{api}/me", headers=headers, timeout=TIMEOUT)
        if me.status_code != 200:
            raise JourneyError(f"editor /me -> {me.status_code}")
        try:
            return add_to_cart_detail(config, lines=lines, timeout=TIMEOUT)
        except EditorError as exc:
            raise JourneyError(f"editor {exc}") from None

    def personalize_into_cart(self, slug, lines=("Hello", "from the bench")):
        """Product page -> personalize page -> editor saves a design -> addtocart posted with the CSRF token."""
        product_page = self.get(f"/products/{slug}")
        token = CSRF_META.search(product_page.text).group(1)
        config = self.open_editor(slug)
        detail = self.design(config, lines)
        response = self.http.post(
            f"{self.url}/cart/designs", json=detail, headers={"X-CSRFToken": token}, timeout=TIMEOUT
        )
        if response.status_code != 201:
            raise JourneyError(f"add design to cart -> {response.status_code}: {response.text[:200]}")
        self.get("/cart/")  # the editor script follows the redirect to the cart

    def add_plain(self, sku, quantity=1):
        token = self.csrf()
        response = self.http.post(
            f"{self.url}/cart/items", data={"csrf_token": token, "sku": sku, "quantity": quantity}, timeout=TIMEOUT
        )
        if response.status_code >= 400:
            raise JourneyError(f"add plain item -> {response.status_code}")

    def register(self):
        """Register (and so log in) after designing as a guest: the store merges the guest at the Hub."""
        page = self.get("/account/register").text
        password = secrets.token_urlsafe(12)
        response = self.http.post(
            f"{self.url}/account/register",
            data={
                "csrf_token": CSRF_META.search(page).group(1),
                "email": f"bench-{secrets.token_hex(6)}@example.com",
                "name": self.name,
                "password": password,
                "confirm": password,
            },
            timeout=TIMEOUT,
        )
        if response.status_code >= 400 or "/account/register" in response.url:
            raise JourneyError(f"register -> {response.status_code} at {response.url}")

    def checkout(self):
        """GET the checkout form, post it; returns (order number, access key in the URL or None, monotonic time of
        the POST). The store keeps a guest's key in the order's cookie (this session's jar), not in the URL."""
        page = self.get("/checkout").text
        fields = dict(HIDDEN_INPUT.findall(page))
        method = CHOSEN_METHOD.search(page)
        if "csrf_token" not in fields or "checkout_key" not in fields or method is None:
            raise JourneyError("checkout form lacks csrf_token, checkout_key or a shipping method")
        address = {f"shipping-{name}": value for name, value in ADDRESS.items()}
        placed_at = time.monotonic()
        response = self.http.post(
            f"{self.url}/checkout",
            data={
                **fields,
                **address,
                "billing_same": "y",
                "shipping_method": method.group(1),
                "email": "bench@example.com",
                "name": self.name,
            },
            timeout=TIMEOUT,
        )
        match = ORDER_PATH.search(response.url)
        if response.status_code != 200 or not match:
            raise JourneyError(f"checkout -> {response.status_code} at {response.url}")
        return match.group(1), match.group(2), placed_at

    def order_status(self, number, key=None):
        params = {"key": key} if key else None
        response = self.http.get(f"{self.url}/orders/{number}/status.json", params=params, timeout=TIMEOUT)
        if response.status_code != 200:
            raise JourneyError(f"status of {number} -> {response.status_code}")
        return response.json()
