"""Customer accounts as a shopper sees them: register, log in, log out, the account page and their guards."""

import re

import pytest
from werkzeug.security import check_password_hash

from storefront.account import views as account_views
from storefront.extensions import db
from storefront.shoppers.models import User
from tests.fixtures.pages import csrf_token_from

from .conftest import CUSTOMER

GUEST_MARKER = "test-guest-marker"
NEW = {"email": "grace@example.com", "name": "Grace Hopper", "password": "compiler-1952", "confirm": "compiler-1952"}


def post_form(client, url, data, with_token=True, **kwargs):
    """Open the page at `url` like a browser would, then submit `data` to it with the page's CSRF token."""
    if with_token:
        data = {**data, "csrf_token": csrf_token_from(client.get(url, follow_redirects=True).get_data(as_text=True))}
    return client.post(url, data=data, **kwargs)


def register(client, url="/account/register", **overrides):
    return post_form(client, url, {**NEW, **overrides})


def login(client, url="/account/login", **overrides):
    return post_form(client, url, {"email": CUSTOMER["email"], "password": CUSTOMER["password"], **overrides})


def logout(client):
    """Press the header's Log out button."""
    token = csrf_token_from(client.get("/").get_data(as_text=True))
    return client.post("/account/logout", data={"csrf_token": token})


def users():
    db.session.expire_all()
    return db.session.execute(db.select(User)).scalars().all()


# Registration


def test_register_logs_the_customer_in_and_stores_only_a_password_hash(client):
    response = register(client, email="  Grace@Example.COM ", name="  Grace Hopper ")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"

    page = client.get("/").get_data(as_text=True)
    assert "Hi, Grace Hopper" in page
    assert "Welcome, Grace Hopper! Your account is ready." in page

    [user] = users()
    assert (user.email, user.name) == ("grace@example.com", "Grace Hopper")
    assert NEW["password"] not in user.password_hash
    assert check_password_hash(user.password_hash, NEW["password"])


def test_register_with_a_used_email_says_so_and_keeps_what_was_typed(client, customer):
    response = register(client, email="ADA@example.com", name="Another Ada")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "An account with this email already exists" in page
    assert 'value="ada@example.com"' in page
    assert 'value="Another Ada"' in page
    assert NEW["password"] not in page
    assert len(users()) == 1


@pytest.mark.parametrize(
    ("overrides", "message", "field"),
    [
        ({"password": "short", "confirm": "short"}, "Use at least 8 characters.", "password"),
        ({"confirm": "something-else"}, "The two passwords do not match.", "confirm"),
        ({"email": "not-an-email"}, "Enter a valid email address", "email"),
        ({"email": ""}, "Enter your email address.", "email"),
        ({"name": "   "}, "Enter your name.", "name"),
        ({"name": "x" * 121}, "Keep your name to 120 characters or fewer.", "name"),
    ],
)
def test_register_rejects_bad_input_next_to_the_field(client, overrides, message, field):
    response = register(client, **overrides)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'<p class="field-error" id="{field}-error">{message}' in page
    assert 'aria-invalid="true"' in page
    assert NEW["password"] not in page
    if field != "email":
        assert f'value="{NEW["email"]}"' in page
    assert users() == []


def test_register_page_has_labels_and_autocomplete_hints(client):
    page = client.get("/account/register").get_data(as_text=True)
    for field, autocomplete in (("email", "email"), ("name", "name"), ("password", "new-password")):
        assert f'<label for="{field}">' in page
        assert f'autocomplete="{autocomplete}"' in page
    assert 'name="csrf_token"' in page


# Logging in and out


def test_login_with_right_credentials_shows_the_customer_and_no_remember_cookie(client, customer):
    response = login(client, email="  ADA@Example.com ")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert "Hi, Ada Lovelace" in page
    assert "Welcome back, Ada Lovelace." in page
    assert client.get_cookie("remember_token") is None


def test_remember_me_keeps_the_customer_logged_in_after_the_browser_session(client, app, customer):
    login(client, remember="y")
    remember = client.get_cookie("remember_token")
    assert remember is not None

    browser_restarted = type(client)(app, app.response_class, use_cookies=True)
    browser_restarted.set_cookie("remember_token", remember.value)
    assert browser_restarted.get("/account/").status_code == 200


@pytest.mark.parametrize("overrides", [{"password": "wrong-password"}, {"email": "nobody@example.com"}])
def test_wrong_email_or_password_gets_one_generic_message_and_keeps_the_email(client, customer, overrides):
    response = login(client, **overrides)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Email or password is incorrect." in page
    assert f'value="{overrides.get("email", CUSTOMER["email"])}"' in page
    assert "wrong-password" not in page
    assert "Hi, Ada" not in page


def test_login_page_has_labels_autocomplete_and_remember_me(client):
    page = client.get("/account/login").get_data(as_text=True)
    assert 'autocomplete="email"' in page
    assert 'autocomplete="current-password"' in page
    assert "Remember me" in page


@pytest.mark.parametrize("url", ["/account/login", "/account/register"])
def test_a_form_post_without_csrf_token_is_refused(client, customer, url):
    response = post_form(
        client, url, {**NEW, "email": CUSTOMER["email"], "password": CUSTOMER["password"]}, with_token=False
    )
    assert response.status_code == 400
    assert "Reload the page and try again" in response.get_data(as_text=True)
    assert client.get("/account/").status_code == 302


def test_logout_needs_a_post_with_csrf_token(client, customer):
    login(client)
    assert client.get("/account/logout").status_code == 405
    assert client.post("/account/logout").status_code == 400
    assert client.get("/account/").status_code == 200

    response = logout(client)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert "You have been logged out." in page
    assert "Hi, Ada" not in page
    assert client.get("/account/").status_code == 302


def test_logout_forgets_the_remember_cookie(client, customer):
    login(client, remember="y")
    logout(client)
    assert client.get_cookie("remember_token") is None
    assert client.get("/account/").status_code == 302


def test_header_offers_log_in_and_register_or_account_and_log_out(client, customer):
    page = client.get("/").get_data(as_text=True)
    assert 'href="/account/login"' in page and 'href="/account/register"' in page
    assert "Cart</a>" in page
    login(client)
    page = client.get("/").get_data(as_text=True)
    assert 'href="/account/"' in page
    assert 'action="/account/logout"' in page
    assert "Log in</a>" not in page
    assert "Cart</a>" in page


# The account page and `next`


def test_account_page_sends_visitors_to_log_in_and_back(client, customer):
    response = client.get("/account/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/login?next=%2Faccount%2F"
    assert "Please log in to see that page." in client.get(response.headers["Location"]).get_data(as_text=True)

    response = login(client, url=response.headers["Location"])
    assert response.headers["Location"] == "/account/"
    page = client.get("/account/").get_data(as_text=True)
    for text in ("Ada Lovelace", CUSTOMER["email"], "My designs", "My orders"):
        assert text in page


def test_register_follows_a_local_next(client):
    assert register(client, url="/account/register?next=/products/photo-mug").headers["Location"] == (
        "/products/photo-mug"
    )


@pytest.mark.parametrize(
    "target", ["//evil.example", "https://evil.example", "/\\evil.example", "/\t/evil.example", "javascript:alert(1)"]
)
@pytest.mark.parametrize("action", ["login", "register"])
def test_next_pointing_off_site_is_ignored(client, customer, target, action):
    form = {"login": {"email": CUSTOMER["email"], "password": CUSTOMER["password"]}, "register": NEW}[action]
    response = post_form(client, f"/account/{action}", form, query_string={"next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_logged_in_customer_opening_login_goes_to_their_account(client, customer):
    login(client)
    response = client.get("/account/login")
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/"


# Rate limit


@pytest.fixture
def login_limit_of_3(app_config):
    app_config["LOGIN_RATE_LIMIT"] = "3 per minute"


def test_too_many_login_attempts_from_one_address_get_429(login_limit_of_3, client, customer):
    for _ in range(3):
        assert login(client, password="wrong-password").status_code == 200
    response = login(client)
    assert response.status_code == 429
    assert re.search(r"Please try again in about \d+ seconds", response.get_data(as_text=True))
    assert 0 < int(response.headers["Retry-After"]) <= 60
    assert client.get("/account/login").status_code == 200
    other_address = {"REMOTE_ADDR": "192.0.2.7"}
    token = csrf_token_from(client.get("/account/login").get_data(as_text=True))
    response = client.post(
        "/account/login",
        data={"email": CUSTOMER["email"], "password": CUSTOMER["password"], "csrf_token": token},
        environ_base=other_address,
    )
    assert response.status_code == 302


def test_login_attempts_count_together_on_every_web_host(login_limit_of_3, app, second_host, customer):
    browsers = [app.test_client(), second_host.test_client()]
    statuses = [login(browsers[attempt % 2], password="wrong-password").status_code for attempt in range(4)]
    assert statuses == [200, 200, 200, 429]  # the limits are counted in Redis, which both hosts share


@pytest.fixture
def redis_down(app_config):
    """Rate-limit storage pointing at a port where nothing listens."""
    app_config["RATELIMIT_STORAGE_URI"] = "redis://127.0.0.1:1/0"


def test_login_still_works_when_redis_is_down(redis_down, client, customer, caplog):
    assert client.get("/account/login").status_code == 200
    assert login(client).status_code == 302
    assert "goes through uncounted" in caplog.text  # the limits did try Redis, and let the login through
    assert "Hi, Ada Lovelace" in client.get("/").get_data(as_text=True)


# The hook that hands the guest's work to the customer


@pytest.fixture
def adopt_calls(monkeypatch):
    """Record calls to the guest-adoption hook, with what the session looked like when it ran."""
    from flask import session
    from flask_login import current_user

    calls = []

    def fake_adopt(user):
        calls.append((user.email, session.get(GUEST_MARKER), current_user.is_authenticated))

    monkeypatch.setattr(account_views, "adopt_guest_after_login", fake_adopt)
    return calls


def as_guest(client):
    """Leave something in the session, as a guest's visit would; the hook must still see it."""
    with client.session_transaction() as session:
        session[GUEST_MARKER] = "guest-123"


def test_login_hands_the_guest_work_to_the_customer_once(client, customer, adopt_calls):
    as_guest(client)
    login(client)
    assert adopt_calls == [(CUSTOMER["email"], "guest-123", True)]


def test_registration_hands_the_guest_work_to_the_customer_once(client, adopt_calls):
    as_guest(client)
    register(client)
    assert adopt_calls == [(NEW["email"], "guest-123", True)]


def test_failed_login_or_registration_does_not_call_the_hook(client, customer, adopt_calls):
    login(client, password="wrong-password")
    register(client, email=CUSTOMER["email"])
    assert adopt_calls == []


def test_registrations_are_rate_limited(app, client):
    app.config["REGISTER_RATE_LIMIT"] = "2 per minute"
    statuses = [
        post_form(client, "/account/register", {**NEW, "email": f"n{i}@example.com"}).status_code for i in range(3)
    ]
    assert statuses[-1] == 429
