"""Who may open the admin pages: the owner; visitors are asked to log in; customers find nothing there."""

from tests.fixtures.drivers import AdminDriver
from tests.fixtures.pages import csrf_token_from
from tests.fixtures.records import CUSTOMER, make_user

# Including a POST-only action opened with GET: a customer must not get a 405 that gives the page away.
ADMIN_URLS = [
    "/admin",
    "/admin/",
    "/admin/orders",
    "/admin/orders/1",
    "/admin/orders/1/files/1",
    "/admin/orders/1/fulfil",
    "/admin/health",
    "/admin/catalog",
    "/admin/catalog/products/new",
    "/admin/catalog/products/1",
    "/admin/catalog/variants/1/remove",
    "/admin/catalog/no-such-page",
]


def test_visitor_is_sent_to_log_in_and_comes_back(client):
    for url in ADMIN_URLS:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/account/login?next=")
    assert "next=%2Fadmin%2Forders" in client.get("/admin/orders").headers["Location"]


def test_customer_without_admin_rights_gets_not_found(app):
    make_user(**CUSTOMER)
    customer = AdminDriver(app.test_client())
    customer.login(CUSTOMER["email"], CUSTOMER["password"])
    for url in ADMIN_URLS:
        assert customer.client.get(url).status_code == 404, url
    token = csrf_token_from(customer.client.get("/").get_data(as_text=True))
    assert customer.client.post("/admin/orders/1/cancel", data={"csrf_token": token}).status_code == 404
    assert "/admin" not in customer.client.get("/").get_data(as_text=True)


def test_owner_sees_the_admin_link_and_the_orders_page(owner):
    home = owner.client.get("/").get_data(as_text=True)
    assert 'href="/admin/orders">Admin</a>' in home
    response = owner.client.get("/admin/orders")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    assert owner.client.get("/admin/").headers["Location"].endswith("/admin/orders")


def test_unknown_order_or_action_is_not_found(owner, ready_order):
    assert owner.client.get("/admin/orders/999999").status_code == 404
    token = csrf_token_from(owner.page(ready_order))
    assert owner.client.post(f"/admin/orders/{ready_order.id}/explode", data={"csrf_token": token}).status_code == 404
    assert owner.client.post("/admin/orders/999999/cancel", data={"csrf_token": token}).status_code == 404
