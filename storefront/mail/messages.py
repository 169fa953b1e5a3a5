"""Each email's words: subject and the plain-text and HTML bodies from templates/emails/<kind>.*, with absolute
links into the store (storefront/links.py: a message is read far from any request)."""

from flask import current_app, render_template

from ..links import admin_order_link, order_link, store_link
from .delivery import new_message
from .models import EmailKind

SUBJECTS = {
    EmailKind.CONFIRMATION: "Your order {number} at {store}",
    EmailKind.FILES_READY: "Your print files for order {number} are ready",
    EmailKind.NEEDS_ATTENTION: "We need to look at your order {number}",
    EmailKind.OWNER_ALERT: "Order {number} needs attention",
    EmailKind.SHIPPED: "Your order {number} is on its way",
}


def build(email):
    """The message for one OutgoingEmail row."""
    order = email.order
    store = current_app.config["STORE_NAME"]
    context = {
        "order": order,
        "store_name": store,
        "order_link": order_link(order),
        "admin_link": admin_order_link(order),
        "store_link": store_link("catalog.home"),
    }
    subject = SUBJECTS[email.kind].format(number=order.number, store=store)
    text = render_template(f"emails/{email.kind}.txt", **context)
    html = render_template(f"emails/{email.kind}.html", **context)
    return new_message(subject, text, html, email.recipient)
