"""Absolute links into the store, built on STORE_URL: in emails, the Hub project's orderUrl, CLI output and the
order page's "keep this link". A link read far from any request must not depend on the host a request came in by.
Which orders carry their key in a link is orders/order_keys.py's rule."""

from urllib.parse import urlsplit

from flask import current_app

from .orders.order_keys import link_key


def store_link(endpoint, **values):
    """An absolute URL of one of the store's routes, on STORE_URL."""
    parts = urlsplit(current_app.config["STORE_URL"])
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme)
    return adapter.build(endpoint, values, force_external=True)


def order_link(order):
    """The order page: a guest's carries the order's key (their way back); a customer logs in to see theirs."""
    return store_link("orders.show", number=order.number, key=link_key(order))


def admin_order_link(order):
    """The order's page in the admin (the Hub project's orderUrl); None for an order not yet written."""
    return store_link("admin.order", order_id=order.id) if order.id is not None else None


def hub_webhook_link():
    """Where the Hub pipeline's invoke-url task calls us."""
    return store_link("webhooks.hub_pipeline")
