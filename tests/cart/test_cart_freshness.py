"""The cart page is kept per process for the lines it shows, yet shows every change on the next request: a
quantity changed in a shell or on another web host, a price the owner changed, a line the checkout emptied."""

import pytest

from storefront.cart.models import CartLine
from storefront.catalog.models import ProductVariant
from storefront.extensions import db
from storefront.shoppers.identity import GUEST_ID_KEY

PLAIN_SKU = "ENV-C6-KRAFT-25"


def add_plain(shopper, quantity=1):
    response = shopper.client.post(
        "/cart/items", data={"csrf_token": shopper.csrf(), "sku": PLAIN_SKU, "quantity": quantity}
    )
    assert response.status_code == 302


def cart_page(client):
    response = client.get("/cart/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.fixture
def guest_on_other_host(other_host, shopper):
    """The guest's browser on a second web host (its own app and kept pages, the same database); the guest has a
    cart id from the start, so the session cookie both hosts see stays the same."""
    shopper.client.get("/products/kraft-envelopes")
    with shopper.client.session_transaction() as session:
        session[GUEST_ID_KEY] = "guest-on-two-hosts"
    other_host.set_cookie("session", shopper.client.get_cookie("session").value)
    return other_host


def the_line():
    db.session.expire_all()
    return db.session.execute(db.select(CartLine)).scalar_one()


def test_a_quantity_changed_in_a_shell_shows_on_the_next_cart_page(shopper):
    add_plain(shopper)
    assert 'value="1"' in cart_page(shopper.client)
    the_line().quantity = 7
    db.session.commit()
    assert 'value="7"' in cart_page(shopper.client)


def test_a_price_the_owner_changed_shows_in_the_cart_at_once_on_every_host(shopper, guest_on_other_host):
    add_plain(shopper)
    for client in (shopper.client, guest_on_other_host):
        assert "$43.21" not in cart_page(client)
    variant = db.session.execute(db.select(ProductVariant).filter_by(sku=PLAIN_SKU)).scalar_one()
    variant.price_cents = 4321
    db.session.commit()
    for client in (shopper.client, guest_on_other_host):
        assert "$43.21" in cart_page(client)


def test_a_line_added_on_anguest_on_other_host_shows_here_and_removing_it_empties_both(shopper, guest_on_other_host):
    assert "Your cart is empty." in cart_page(guest_on_other_host)
    add_plain(shopper, quantity=3)
    assert 'value="3"' in cart_page(guest_on_other_host)
    db.session.delete(the_line())
    db.session.commit()
    for client in (shopper.client, guest_on_other_host):
        assert "Your cart is empty." in cart_page(client)


def test_every_cart_page_carries_a_csrf_token_that_works(shopper):
    add_plain(shopper)
    cart_page(shopper.client)
    page = cart_page(shopper.client)  # the kept copy
    assert "csrf-" not in page.split('name="csrf_token" value="', 1)[1][:5]
    line = the_line()
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    response = shopper.client.post(f"/cart/lines/{line.id}/quantity", data={"csrf_token": token, "quantity": 2})
    assert response.status_code == 302
    assert the_line().quantity == 2
