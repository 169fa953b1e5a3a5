"""Who is logged in is known without reading the customers' table on every page, yet a change to the account (a
new password, a new name, a deleted account) takes effect on the next page, on every web host. The signed-in
customer is read-only: changes go through the accounts service."""

import pytest
from flask_login import current_user
from werkzeug.security import generate_password_hash

from storefront.extensions import db
from storefront.shoppers import accounts
from storefront.shoppers.models import User
from tests.fixtures.pages import csrf_token_from
from tests.fixtures.statements import reading, statements

from .conftest import CUSTOMER

PAGES = ("/", "/categories/business-cards", "/products/classic-business-card", "/cart/")


def log_in(client):
    page = client.get("/account/login").get_data(as_text=True)
    response = client.post(
        "/account/login",
        data={"csrf_token": csrf_token_from(page), "email": CUSTOMER["email"], "password": CUSTOMER["password"]},
    )
    assert response.status_code == 302


def header_name(client, url="/"):
    page = client.get(url).get_data(as_text=True)
    return "Hi, " + page.split("Hi, ", 1)[1].split("<", 1)[0] if "Hi, " in page else None


def the_customer():
    db.session.expire_all()
    return db.session.execute(db.select(User).filter_by(email=CUSTOMER["email"])).scalar_one()


def test_a_guests_pages_never_ask_for_a_customer(client, demo_catalog):
    client.get("/")
    with statements() as seen:
        for url in PAGES:
            assert client.get(url).status_code == 200
    assert reading("users", seen) == []


def test_a_customers_pages_ask_for_their_account_once_not_on_every_page(client, customer, demo_catalog):
    log_in(client)
    assert header_name(client) == "Hi, Ada Lovelace"
    with statements() as seen:
        for url in PAGES:
            assert header_name(client, url) == "Hi, Ada Lovelace"
    assert reading("users", seen) == []


def test_a_catalog_page_asks_the_database_one_small_question(client, customer, demo_catalog):
    log_in(client)
    client.get("/")
    for url in PAGES[:3]:
        with statements() as seen:
            client.get(url)
        assert len(seen) == 1, seen


def test_a_password_changed_elsewhere_logs_out_this_session(client, customer, demo_catalog):
    log_in(client)
    assert header_name(client) == "Hi, Ada Lovelace"
    the_customer().password_hash = generate_password_hash("a-new-password")
    db.session.commit()
    assert header_name(client) is None
    assert client.get("/account/").status_code == 302  # to the login page


def test_a_name_changed_in_a_shell_shows_in_the_header_at_once(client, customer, demo_catalog):
    log_in(client)
    assert header_name(client) == "Hi, Ada Lovelace"
    the_customer().name = "Ada King"
    db.session.commit()
    assert header_name(client) == "Hi, Ada King"


def test_a_deleted_account_is_logged_out_on_its_next_page(client, customer, demo_catalog):
    log_in(client)
    assert header_name(client) == "Hi, Ada Lovelace"
    db.session.delete(the_customer())
    db.session.commit()
    assert header_name(client) is None


def test_another_web_host_sees_a_changed_password_at_once(client, other_host, customer, demo_catalog):
    log_in(client)
    other_host.set_cookie("session", client.get_cookie("session").value)
    assert header_name(other_host) == "Hi, Ada Lovelace"
    the_customer().password_hash = generate_password_hash("a-new-password")
    db.session.commit()
    assert header_name(other_host) is None


def test_logging_out_ends_the_session_even_while_its_account_is_kept_in_memory(client, customer, demo_catalog):
    log_in(client)
    assert header_name(client) == "Hi, Ada Lovelace"
    client.post("/account/logout", data={"csrf_token": csrf_token_from(client.get("/").get_data(as_text=True))})
    assert header_name(client) is None


def admin_link(client):
    return 'href="/admin/orders"' in client.get("/").get_data(as_text=True)


def test_assigning_to_the_signed_in_customer_raises_and_names_the_accounts_service(app, client, customer):
    log_in(client)
    cookie = f"session={client.get_cookie('session').value}"
    with app.test_request_context("/", headers={"Cookie": cookie}):
        assert current_user.name == "Ada Lovelace"  # the process's kept copy, as every page of this session gets it
        with pytest.raises(AttributeError, match="storefront.shoppers.accounts"):
            current_user.name = "Mallory"
        with pytest.raises(AttributeError, match="storefront.shoppers.accounts"):
            current_user.is_admin = True
    assert header_name(client) == "Hi, Ada Lovelace"
    assert not admin_link(client)


def test_a_change_through_the_accounts_service_shows_on_the_next_page_of_every_host(
    client, other_host, customer, demo_catalog
):
    log_in(client)
    other_host.set_cookie("session", client.get_cookie("session").value)
    assert not admin_link(client) and not admin_link(other_host)
    accounts.set_admin(customer.id, True)
    assert admin_link(client) and admin_link(other_host)
    with statements() as seen:
        assert header_name(client) == "Hi, Ada Lovelace"
    assert reading("users", seen) == []  # read once after the change, not on every page
