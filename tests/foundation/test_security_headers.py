"""Security headers on every kind of response: shop, checkout, admin, JSON, webhook, files; HSTS only over HTTPS."""

import pytest

from storefront.orders.models import OrderStatus
from storefront.security_headers import parse_extra, policy, source
from tests.fixtures.drivers import AdminDriver, CheckoutDriver
from tests.fixtures.pages import csp_directives, open_order_link
from tests.fixtures.records import OWNER, make_order, make_user


def assert_protected(response):
    csp = csp_directives(response)
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Referrer-Policy" in response.headers
    return csp


@pytest.fixture
def shopper(client, demo_catalog):
    return CheckoutDriver(client, None)


def test_a_shop_page_allows_only_our_own_scripts_and_styles(client, demo_catalog):
    response = client.get("/products/kraft-envelopes")
    assert response.status_code == 200
    csp = assert_protected(response)
    assert csp["default-src"] == csp["script-src"] == csp["style-src"] == ["'self'"]
    assert csp["frame-src"] == ["'none'"]
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in response.headers


def test_the_checkout_page_cannot_be_framed(shopper):
    shopper.add_plain()
    response = shopper.client.get("/checkout")
    assert response.status_code == 200
    assert_protected(response)


def test_admin_pages_cannot_be_framed_either(app, client):
    make_user(is_admin=True, **OWNER)
    AdminDriver(client).login(OWNER["email"], OWNER["password"])
    response = client.get("/admin/orders")
    assert response.status_code == 200
    assert_protected(response)


def test_json_answers_webhooks_static_files_and_errors_carry_the_headers_too(client, app):
    order = make_order(anonymous_id="guest-1", status=OrderStatus.RENDERING)
    open_order_link(client, order)
    responses = [
        client.get(f"/orders/{order.number}/status.json"),
        client.post("/webhooks/hub/pipeline", json={"projectId": 1}),  # no secret: 403
        client.get("/static/css/shop.css"),
        client.get("/no-such-page"),
    ]
    assert [r.status_code for r in responses] == [200, 403, 200, 404]
    for response in responses:
        assert_protected(response)


def test_the_private_order_page_keeps_its_stricter_referrer_policy(client, app):
    order = make_order(anonymous_id="guest-1")
    for response in (client.get(f"/orders/{order.number}?key={order.access_token}"), open_order_link(client, order)):
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert_protected(response)


def test_cart_previews_may_come_from_the_hub_and_the_configured_preview_hosts(app, client):
    app.config.update(
        CCHUB_BASEURL="https://eu.customerscanvashub.com",
        CCHUB_API_URL="https://api.eu.customerscanvashub.com",
        HUB_PREVIEW_HOSTS=["previews.example.net"],
    )
    img = csp_directives(client.get("/cart/"))["img-src"]
    assert img == [
        "'self'",
        "https://eu.customerscanvashub.com",
        "https://api.eu.customerscanvashub.com",
        "previews.example.net",
    ]


def test_hsts_is_sent_only_when_cookies_are_secure(app, client):
    assert "Strict-Transport-Security" not in client.get("/cart/").headers
    app.config["SESSION_COOKIE_SECURE"] = True
    response = client.get("/cart/", base_url="https://shop.example")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    # No redirect to HTTPS from the app: nginx does that.
    assert client.get("/cart/").status_code == 200


def test_report_only_sends_the_same_policy_without_enforcing_it(app, client):
    app.config["CSP_REPORT_ONLY"] = True
    response = client.get("/cart/")
    assert "Content-Security-Policy" not in response.headers
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy-Report-Only"]


def test_extra_sources_from_the_settings_join_their_directive(app):
    config = {**app.config, "CSP_EXTRA_SOURCES": "script-src 'wasm-unsafe-eval'; connect-src wss://live.example"}
    value = policy(config)
    assert "script-src 'self' 'wasm-unsafe-eval';" in value
    assert "connect-src 'self' wss://live.example;" in value
    with pytest.raises(ValueError, match="sandbox"):
        parse_extra("sandbox allow-scripts")
    with pytest.raises(ValueError, match="cannot take https:"):
        parse_extra("img-src https:")


def test_sources_are_origins_and_nothing_else():
    assert source("https://Editors.Example.net:8443/libs/us?x=1") == "https://editors.example.net:8443"
    assert source("previews.example.net") == "previews.example.net"
    assert source("'self'") == "'self'" and source("blob:") == "blob:"
    for odd in ("https://a.example; script-src *", "javascript:alert(1)", "ftp://files.example", "", None):
        assert source(odd) is None, odd
