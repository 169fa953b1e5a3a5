"""A guest's key to their order: the one rule for who gets a key, and the cookie that carries it.

A guest's order has a secret key (`Order.access_token`). The emailed link carries it once (`/orders/PS-…?key=…`);
the order page then keeps it in a cookie scoped to that order's own URLs and sends the browser to the URL without
it, so the order page, its status polls and its files never carry the key in a URL (nor in a server's access log).
The same cookie is set when a guest's checkout lands on the order page. A customer's order has no link key: they
log in to see it.
"""

from flask import current_app, request

COOKIE = "order_key"
# A browser keeps a guest's way back to their order this long.
COOKIE_MAX_AGE = 365 * 24 * 3600


def link_key(order):
    """The key an order's link carries: a guest order's secret, none for a customer's."""
    return order.access_token if order.user_id is None else None


def cookie_name():
    # __Secure-: over HTTPS, browsers take the cookie only from a secure origin (__Host- would need Path=/).
    return f"__Secure-{COOKIE}" if current_app.config.get("SESSION_COOKIE_SECURE") else COOKIE


def order_path(order):
    return f"/orders/{order.number}"


def remember_key(response, order):
    """Keep the guest order's key in a cookie sent only to that order's own URLs; returns the response."""
    response.set_cookie(
        cookie_name(),
        order.access_token,
        max_age=COOKIE_MAX_AGE,
        path=order_path(order),
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
        httponly=True,
        samesite="Lax",
    )
    return response


def key_from_cookie():
    """The order key this request's cookie carries (the browser sends only the key of the order in the URL)."""
    return request.cookies.get(cookie_name())
