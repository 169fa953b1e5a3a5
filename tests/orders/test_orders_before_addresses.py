"""Orders placed before the store took addresses (no shipping address, method, totals or tracking): every page and
email renders them, and the order pages say they have no address."""

import pytest

from storefront.mail.messages import build
from storefront.mail.models import EmailKind, OutgoingEmail
from storefront.orders.models import OrderStatus
from storefront.shoppers import accounts
from tests.fixtures.drivers import AdminDriver
from tests.fixtures.records import make_order


def logged_in_client(app, user):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    return client


def body(message):
    html = next(content for content, kind in message.alternatives if kind == "text/html")
    return message.body + html


@pytest.mark.parametrize("status", [OrderStatus.READY, OrderStatus.FULFILLED])
def test_an_order_without_an_address_renders_on_every_page_and_in_every_email(app, demo_catalog, status):
    pat = accounts.register_customer("pat@example.com", "Pat Doe", "correct horse")
    order = make_order(user=pat, status=status)
    assert (order.shipping_address, order.shipping_method_name, order.carrier) == (None, None, None)

    client = logged_in_client(app, pat)
    page = client.get(f"/orders/{order.number}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "No address: this order was placed before the store took addresses." in html
    assert "data-tracking" not in html and "data-shipping-address" not in html
    mine = client.get("/orders/")
    assert mine.status_code == 200 and order.number in mine.get_data(as_text=True)

    owner = AdminDriver.new_owner(app)
    listed = owner.client.get("/admin/orders")
    assert listed.status_code == 200 and order.number in listed.get_data(as_text=True)
    admin_page = owner.page(order)
    assert "No address (placed before the store took addresses)." in admin_page
    assert "data-tracking" not in admin_page

    for kind in EmailKind:
        message = build(OutgoingEmail(order=order, kind=kind, recipient="pat@example.com"))
        assert order.number in message.subject and order.number in body(message)
        assert "It goes to" not in body(message) and "Tracking" not in body(message)
