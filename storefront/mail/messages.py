"""Each email's words: subject and the plain-text and HTML bodies from templates/emails/<kind>.*, with absolute
links into the store built on STORE_URL (a message is read far from any request)."""

from urllib.parse import urlsplit

from flask import current_app, render_template

from ..orders.order_keys import link_key
from .delivery import new_message
from .models import EmailKind

SUBJECTS = {
    EmailKind.CONFIRMATION: "Your order {number} at {store}",
    EmailKind.FILES_READY: "Your print files for order {number} are ready",
    EmailKind.NEEDS_ATTENTION: "We need to look at your order {number}",
    EmailKind.OWNER_ALERT: "Order {number} needs attention",
}


def store_link(endpoint, **values):
    """An absolute URL of one of the store's routes, on STORE_URL."""
    parts = urlsplit(current_app.config["STORE_URL"])
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme)
    return adapter.build(endpoint, values, force_external=True)


def order_link(order):
    """A guest's private link (it carries the order's key); a customer's order page (they log in to see it)."""
    return store_link("orders.show", number=order.number, key=link_key(order))


def build(email):
    """The message for one OutgoingEmail row."""
    order = email.order
    store = current_app.config["STORE_NAME"]
    context = {
        "order": order,
        "store_name": store,
        "order_link": order_link(order),
        "admin_link": store_link("admin.order", order_id=order.id),
        "store_link": store_link("catalog.home"),
    }
    subject = SUBJECTS[email.kind].format(number=order.number, store=store)
    text = render_template(f"emails/{email.kind}.txt", **context)
    html = render_template(f"emails/{email.kind}.html", **context)
    return new_message(subject, text, html, email.recipient)
