"""Sessions that end: logging out ends a customer's session on every host (a copied cookie opens nothing), a guest's
checkout hides what comes next from a copy of their cookie, and cookies over HTTPS carry the __Host- prefix."""

import pytest

from config import load_settings
from storefront import create_app
from storefront.extensions import db
from storefront.orders.models import Order
from tests.fixtures.drivers import CheckoutDriver

from .test_accounts import login, logout


def copy_of(client, app, *names):
    """Another browser holding copies of `client`'s cookies (what a stolen cookie gives)."""
    other = app.test_client()
    for name in names:
        cookie = client.get_cookie(name)
        other.set_cookie(name, cookie.value)
    return other


def test_a_session_cookie_copied_before_logout_opens_nothing_after_it(client, app, second_host, customer):
    login(client)
    copied = copy_of(client, app, "session")
    elsewhere = copy_of(client, second_host, "session")
    assert copied.get("/account/").status_code == 200
    assert elsewhere.get("/account/").status_code == 200

    logout(client)

    for browser in (copied, elsewhere):
        response = browser.get("/account/")
        assert response.status_code == 302 and response.location.startswith("/account/login")
        assert "Hi, Ada Lovelace" not in browser.get("/").get_data(as_text=True)


def test_a_remember_me_cookie_copied_before_logout_opens_nothing_after_it(client, app, customer):
    login(client, remember="y")
    stolen = copy_of(client, app, "remember_token")
    assert stolen.get("/account/").status_code == 200

    logout(client)

    assert stolen.get("/account/").status_code == 302


def test_logging_in_again_after_logout_works(client, customer):
    login(client)
    logout(client)
    assert login(client).status_code == 302
    assert client.get("/account/").status_code == 200


def test_over_https_the_cookies_carry_the_host_prefix(app_config, customer, tmp_path):
    settings = load_settings({"COOKIE_SECURE": "1"}, instance_dir=tmp_path)
    cookie_settings = {key: value for key, value in settings.items() if "COOKIE" in key}
    assert cookie_settings["SESSION_COOKIE_NAME"] == "__Host-session"
    client = create_app({**app_config, **cookie_settings}).test_client()
    response = login(client, remember="y")
    cookies = response.headers.getlist("Set-Cookie")
    for name in ("__Host-session", "__Host-remember_token"):
        (cookie,) = [c for c in cookies if c.startswith(f"{name}=")]
        assert "Secure" in cookie and "Path=/" in cookie and "Domain" not in cookie


@pytest.fixture
def guest(app, sandbox, demo_catalog):
    return CheckoutDriver(app.test_client(), sandbox)


@pytest.fixture
def app_config(sandbox_app_config):
    return sandbox_app_config


def test_a_guest_cookie_copied_before_checkout_sees_neither_the_order_nor_what_follows(app, guest):
    guest.add_plain()
    copied = copy_of(guest.client, app, "session")

    guest.checkout(email="sam@example.com", name="Sam Guest")
    order = db.session.execute(db.select(Order)).scalar_one()
    guest.add_plain("ENV-C6-KRAFT-100", quantity=1)

    assert guest.client.get(f"/orders/{order.number}").status_code == 200
    assert copied.get(f"/orders/{order.number}").status_code == 404
    assert copied.get(f"/orders/{order.number}/status.json").status_code == 404
    assert "Pack of 100" in guest.client.get("/cart/").get_data(as_text=True)
    assert "Pack of 100" not in copied.get("/cart/").get_data(as_text=True)


def test_a_guest_who_logs_in_after_checkout_finds_the_order_in_their_account(app, guest, customer):
    guest.add_plain()
    guest.checkout(email="ada@example.com", name="Ada")
    order = db.session.execute(db.select(Order)).scalar_one()

    login(guest.client)

    assert order.number in guest.client.get("/orders/").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Order, order.id).user_id == customer.id
