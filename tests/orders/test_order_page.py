"""The order page, its status JSON and My orders: shown to the owner or the secret link, a 404 to anyone else."""

from storefront.orders.models import OrderStatus, order_number
from storefront.shoppers import accounts
from storefront.shoppers.identity import GUEST_ID_KEY
from tests.fixtures.pages import open_order_link
from tests.fixtures.records import make_order


def customer(email="pat@example.com", name="Pat Doe"):
    return accounts.register_customer(email, name, "correct horse")


def logged_in_client(app, user):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    return client


def test_customer_sees_their_order_with_status_lines_and_totals(app, demo_catalog):
    pat = customer()
    order = make_order(user=pat)
    page = logged_in_client(app, pat).get(f"/orders/{order.number}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for text in (order.number, "Preparing print files", "Classic business card", "100 cards, matte", "$29.00"):
        assert text in html
    assert f'data-order-status-url="/orders/{order.number}/status.json"' in html
    assert "Bookmark this page" not in html
    assert page.headers["Cache-Control"] == "private, no-store"


def test_another_customer_or_a_stranger_gets_404(app, sandbox):
    order = make_order(user=customer())
    other = logged_in_client(app, customer("sam@example.com", "Sam"))
    stranger = app.test_client()
    for client in (other, stranger):
        assert client.get(f"/orders/{order.number}").status_code == 404
        assert client.get(f"/orders/{order.number}/status.json").status_code == 404
        assert client.get(f"/orders/{order.number}?key=wrong-key").status_code == 404
    assert stranger.get(f"/orders/{order_number(999999)}").status_code == 404
    assert stranger.get("/orders/" + "x" * 500).status_code == 404


def test_secret_link_opens_the_order_and_its_status_for_anyone(app, sandbox):
    order = make_order(anonymous_id="guest-abc")
    stranger = app.test_client()
    response = open_order_link(stranger, order)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Bookmark this page" in html
    assert f'data-order-status-url="/orders/{order.number}/status.json"' in html  # polls carry no key
    assert response.headers["Referrer-Policy"] == "no-referrer"
    status = stranger.get(f"/orders/{order.number}/status.json")
    assert status.status_code == 200
    assert app.test_client().get(f"/orders/{order.number}/status.json").status_code == 404


def test_the_key_lives_in_a_cookie_for_that_order_only(app, sandbox):
    order, other = make_order(anonymous_id="guest-abc"), make_order(anonymous_id="guest-abc")
    browser = app.test_client()
    opened = browser.get(f"/orders/{order.number}?key={order.access_token}")
    cookie = opened.headers["Set-Cookie"]
    assert f"order_key={order.access_token}" in cookie
    assert f"Path=/orders/{order.number}" in cookie and "HttpOnly" in cookie
    assert browser.get(f"/orders/{other.number}").status_code == 404  # the cookie opens its own order only
    assert browser.get(f"/orders/{order.number}/status.json").status_code == 200


def test_the_guest_session_that_ordered_sees_it_without_the_key(app, sandbox):
    order = make_order(anonymous_id="guest-abc")
    guest = app.test_client()
    with guest.session_transaction() as session:
        session[GUEST_ID_KEY] = "guest-abc"
    html = guest.get(f"/orders/{order.number}").get_data(as_text=True)
    assert "Bookmark this page" in html
    assert f"/orders/{order.number}?key={order.access_token}" in html  # the link to keep

    someone_else = app.test_client()
    with someone_else.session_transaction() as session:
        session[GUEST_ID_KEY] = "guest-xyz"
    assert someone_else.get(f"/orders/{order.number}").status_code == 404


def test_status_json_reports_status_label_final_and_files(app, sandbox):
    pat = customer()
    order = make_order(user=pat, status=OrderStatus.RENDERING)
    client = logged_in_client(app, pat)
    data = client.get(f"/orders/{order.number}/status.json").get_json()
    assert data["status"] == "rendering"
    assert data["label"] == "Preparing print files"
    assert data["final"] is False
    assert data["files"] == []
    assert data["message"]

    order.status = OrderStatus.RENDER_FAILED
    from storefront.extensions import db

    db.session.commit()
    data = client.get(f"/orders/{order.number}/status.json").get_json()
    assert (data["status"], data["label"], data["final"]) == ("render_failed", "Print files failed", True)


def test_my_orders_lists_the_customers_orders_newest_first(app, sandbox):
    pat = customer()
    older = make_order(user=pat, status=OrderStatus.READY)
    newer = make_order(user=pat)
    make_order(user=customer("sam@example.com", "Sam"))
    html = logged_in_client(app, pat).get("/orders/").get_data(as_text=True)
    assert html.count('class="order-row"') == 2
    assert html.index(newer.number) < html.index(older.number)
    assert f'href="/orders/{older.number}"' in html
    assert "Ready to print" in html and "$29.00" in html


def test_my_orders_needs_a_login(client, sandbox):
    response = client.get("/orders/")
    assert response.status_code == 302
    assert "/account/login" in response.location


def test_account_page_links_my_orders(app, sandbox):
    pat = customer()
    html = logged_in_client(app, pat).get("/account/").get_data(as_text=True)
    assert 'href="/orders/"' in html
