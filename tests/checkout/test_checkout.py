"""Checkout: the cart becomes an order with frozen prices, once, and the print-file job is queued."""

from storefront.cart.models import CartLine
from storefront.catalog.models import ProductVariant
from storefront.extensions import db
from storefront.jobs.queueing import submit_job_id
from storefront.jobs.redis_queue import get_queue
from storefront.orders.models import Order, OrderStatus, order_number
from tests.fixtures.pages import checkout_key_from


def all_orders():
    db.session.expire_all()
    return db.session.execute(db.select(Order).order_by(Order.id)).scalars().all()


def cart_lines():
    return db.session.execute(db.select(CartLine)).scalars().all()


def test_guest_checkout_places_the_order_empties_the_cart_and_queues_the_hub_job(shopper):
    shopper.personalize_into_cart("classic-business-card", lines=("Ada Lovelace",), quantity=2)
    shopper.personalize_into_cart("photo-mug", lines=("Best dad",))
    page, fields = shopper.checkout_form()
    assert "Classic business card" in page and "Personal mug" in page
    assert "$72.00" in page  # 2 x $29.00 + $14.00

    response = shopper.checkout(email="Sam@Example.com ", name=" Sam Guest ", fields=fields)

    (order,) = all_orders()
    assert response.status_code == 302
    assert response.location == f"/orders/{order.number}"  # the key goes into the order's cookie, not the URL
    assert (order.email, order.name, order.user_id) == ("sam@example.com", "Sam Guest", None)
    assert order.anonymous_id and order.status == OrderStatus.PLACED
    assert [(line.sku, line.quantity, line.unit_price_cents) for line in order.lines] == [
        ("BC-CLASSIC-100-MATTE", 2, 2900),
        ("MUG-11OZ-WHITE", 1, 1400),
    ]
    assert (order.subtotal_cents, order.shipping_cents, order.total_cents) == (7200, 595, 7795)
    assert all(line.design_ids and line.product_reference for line in order.lines)
    assert cart_lines() == []
    assert submit_job_id(order.id) in get_queue().job_ids
    assert order.submit_enqueued_at is not None

    # Prices are frozen: a later price change does not touch the order.
    variant = db.session.execute(db.select(ProductVariant).filter_by(sku="MUG-11OZ-WHITE")).scalar_one()
    variant.price_cents = 9900
    db.session.commit()
    page = shopper.client.get(response.location).get_data(as_text=True)
    assert "$72.00" in page and "$99.00" not in page
    assert f"Thank you, Sam Guest! We have your order {order.number}." in page
    assert order.number == order_number(order.id)


def test_submitting_the_checkout_form_twice_makes_one_order(shopper):
    shopper.personalize_into_cart("photo-mug")
    _page, fields = shopper.checkout_form()
    first = shopper.checkout(fields=fields)
    second = shopper.checkout(fields=fields)
    (order,) = all_orders()
    assert first.status_code == second.status_code == 302
    assert first.location == second.location
    assert get_queue().job_ids.count(submit_job_id(order.id)) == 1


def test_checkout_key_of_another_shoppers_order_reveals_nothing(shopper, app):
    shopper.personalize_into_cart("photo-mug")
    _page, fields = shopper.checkout_form()
    shopper.checkout(fields=fields)
    (order,) = all_orders()

    other = app.test_client()
    page = other.get("/").get_data(as_text=True)
    from tests.fixtures.pages import csrf_token_from

    response = other.post(
        "/checkout",
        data={"csrf_token": csrf_token_from(page), "checkout_key": order.checkout_key, "email": "x@y.z", "name": "X"},
    )
    assert response.status_code == 302
    assert order.number not in response.location and order.access_token not in response.location
    assert len(all_orders()) == 1


def test_empty_cart_is_sent_back_to_the_cart_with_a_message(shopper):
    response = shopper.client.get("/checkout", follow_redirects=True)
    assert response.request.path == "/cart/"
    assert "Your cart is empty. Add something to it before checking out." in response.get_data(as_text=True)


def test_posting_the_form_with_an_empty_cart_places_nothing(shopper):
    shopper.personalize_into_cart("photo-mug")
    _page, fields = shopper.checkout_form()
    line = cart_lines()[0]
    shopper.client.post(f"/cart/lines/{line.id}/remove", data={"csrf_token": shopper.csrf()})
    response = shopper.checkout(fields=fields)
    assert response.status_code == 302 and response.location == "/cart/"
    assert all_orders() == []


def test_invalid_email_is_explained_and_the_values_are_kept(shopper):
    shopper.personalize_into_cart("photo-mug")
    _page, fields = shopper.checkout_form()
    response = shopper.checkout(email="not-an-email", name="Sam Guest", fields=fields)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Enter a valid email address" in page
    assert 'value="not-an-email"' in page and 'value="Sam Guest"' in page
    assert checkout_key_from(page) == fields["checkout_key"]
    assert all_orders() == []

    response = shopper.checkout(email="", name="", fields=fields)
    page = response.get_data(as_text=True)
    assert "Enter your email address" in page and "Enter your name." in page


def test_tampered_checkout_key_gets_a_fresh_form_not_an_error_page(shopper):
    shopper.personalize_into_cart("photo-mug")
    _page, fields = shopper.checkout_form()
    response = shopper.checkout(fields={**fields, "checkout_key": "<script>"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "checkout form had expired" in page
    assert checkout_key_from(page) not in ("<script>", fields["checkout_key"])
    assert all_orders() == []


def test_customer_checkout_is_prefilled_and_the_order_is_theirs(shopper):
    shopper.register(email="pat@example.com", name="Pat Doe")
    shopper.personalize_into_cart("photo-mug")
    page, fields = shopper.checkout_form()
    assert 'value="pat@example.com"' in page and 'value="Pat Doe"' in page
    response = shopper.checkout(email="pat@example.com", name="Pat Doe", fields=fields)
    (order,) = all_orders()
    assert response.location == f"/orders/{order.number}"  # no secret key needed: the order is in the account
    assert order.user_id is not None and order.anonymous_id is None


def test_plain_products_only_order_is_ready_at_once_with_no_hub_job(shopper):
    shopper.add_plain("ENV-C6-KRAFT-25", quantity=2)
    response = shopper.checkout()
    (order,) = all_orders()
    assert order.status == OrderStatus.READY
    assert (order.subtotal_cents, order.total_cents) == (1300, 1300 + 595)
    assert get_queue().job_ids == []
    page = shopper.client.get(response.location).get_data(as_text=True)
    assert "Ready to print" in page
    assert "needs no print files" in page


def test_cart_has_a_checkout_button(shopper):
    shopper.add_plain()
    page = shopper.client.get("/cart/").get_data(as_text=True)
    assert 'href="/checkout"' in page


def test_a_second_tab_checking_out_the_same_cart_makes_no_second_order(app, shopper, monkeypatch):
    import pytest
    from sqlalchemy import delete

    from storefront.cart import services as carts
    from storefront.cart.models import CartLine
    from storefront.checkout import placing as checkout
    from storefront.extensions import db
    from storefront.orders.models import Order
    from storefront.shoppers.identity import GUEST_ID_KEY, Shopper

    shopper.personalize_into_cart("photo-mug")
    with shopper.client.session_transaction() as session:
        guest_id = session[GUEST_ID_KEY]
    guest = Shopper(guest_id, anonymous_id=guest_id)
    real_lines_for = carts.lines_for

    def lines_then_other_tab_checks_out(who):
        lines = real_lines_for(who)
        with db.engine.begin() as conn:  # the other tab's checkout took the lines meanwhile
            conn.execute(delete(CartLine))
        return lines

    monkeypatch.setattr(carts, "lines_for", lines_then_other_tab_checks_out)
    with pytest.raises(checkout.CheckoutError, match="cart changed"):
        checkout.place_order(guest, "guest@example.com", "Guest", checkout.new_checkout_key())
    assert db.session.execute(db.select(Order)).first() is None


def test_an_order_number_is_ps_and_the_order_id_in_six_digits_or_more():
    assert order_number(1) == "PS-000001"
    assert order_number(1234567) == "PS-1234567"
