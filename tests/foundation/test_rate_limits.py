"""What a stranger can make the store spend is rate-limited: each limited route answers 429 past its limit, with a
page or JSON that says when to try again, and counts per what it names (address, session, order and client)."""

import re

import pytest

from tests.fixtures.drivers import US_ADDRESS, CheckoutDriver
from tests.fixtures.pages import address_fields, open_order_link
from tests.fixtures.records import make_order

TRY_AGAIN = re.compile(r"try again in about \d+ seconds")
ELSEWHERE = {"REMOTE_ADDR": "192.0.2.44"}


@pytest.fixture
def app_config(sandbox_app_config):
    sandbox_app_config.update(
        CHECKOUT_RATE_LIMIT="3 per minute",
        CHECKOUT_SESSION_RATE_LIMIT="2 per minute",
        CART_DESIGN_RATE_LIMIT="2 per minute",
        PERSONALIZE_RATE_LIMIT="3 per minute",
        EDITOR_TOKEN_RATE_LIMIT="2 per minute",
        ORDER_STATUS_RATE_LIMIT="3 per minute",
    )
    return sandbox_app_config


@pytest.fixture
def shopper(client, sandbox, demo_catalog):
    return CheckoutDriver(client, sandbox)


def assert_limited_page(response):
    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 60
    assert TRY_AGAIN.search(response.get_data(as_text=True))


def assert_limited_json(response):
    assert response.status_code == 429
    body = response.get_json()
    assert TRY_AGAIN.search(body["error"]) and body["retry_after"] == int(response.headers["Retry-After"])


def test_checkout_is_limited_per_session_and_per_client_address(app, shopper, sandbox):
    for _ in range(2):
        shopper.add_plain()
        assert shopper.checkout().status_code == 302
    shopper.add_plain()
    assert_limited_page(shopper.checkout())
    assert shopper.client.get("/cart/").status_code == 200  # the cart is kept

    other_session = CheckoutDriver(app.test_client(), sandbox)
    other_session.add_plain()
    assert other_session.checkout().status_code == 302  # its own session, the address's third
    other_session.add_plain()
    assert_limited_page(other_session.checkout())  # the address's fourth

    from_elsewhere = CheckoutDriver(app.test_client(), sandbox)
    from_elsewhere.add_plain()
    _page, fields = from_elsewhere.checkout_form()
    form = {**fields, **address_fields("shipping", US_ADDRESS), "email": "far@example.com", "name": "Far Away"}
    assert from_elsewhere.client.post("/checkout", data=form, environ_base=ELSEWHERE).status_code == 302


def test_adding_designs_is_limited_per_client_address(shopper):
    config = shopper.open_editor("photo-mug")
    for text in ("One", "Two"):
        assert shopper.add_to_cart(shopper.design(config, lines=(text,))).status_code == 201
    assert_limited_json(shopper.add_to_cart(shopper.design(config, lines=("Three",))))


def test_the_personalize_page_and_the_token_renewal_are_limited_per_client_address(app, shopper):
    for _ in range(3):
        shopper.client.get("/products/photo-mug/personalize", follow_redirects=True)
    assert_limited_page(shopper.client.get("/products/photo-mug/personalize"))
    assert app.test_client().get("/products/photo-mug/personalize", environ_base=ELSEWHERE).status_code == 302

    for _ in range(2):
        assert shopper.client.get("/editor/token").status_code == 200
    assert_limited_json(shopper.client.get("/editor/token"))


def test_status_polls_are_limited_per_order_and_client_so_a_stranger_cannot_use_up_the_customers(app, client):
    order = make_order(anonymous_id="guest-1")
    stranger = app.test_client()
    for _ in range(5):
        polled = stranger.get(f"/orders/{order.number}/status.json", environ_base=ELSEWHERE)
        assert polled.status_code in (404, 429)
    assert polled.status_code == 429

    open_order_link(client, order)
    for _ in range(3):
        assert client.get(f"/orders/{order.number}/status.json").status_code == 200
    assert_limited_json(client.get(f"/orders/{order.number}/status.json"))
