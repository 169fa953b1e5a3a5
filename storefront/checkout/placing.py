"""Placing an order: the shopper's cart becomes an order in one transaction, with its lines' prices, its addresses,
its shipping method and its totals (the quote: checkout/quote.py) frozen; then its Hub submission is queued."""

import logging
import secrets
from dataclasses import dataclass

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from ..cart import services as carts
from ..cart.design_checks import check_at_checkout
from ..cart.models import CartLine
from ..extensions import db
from ..jobs.queueing import queue_submission
from ..mail.models import EmailKind
from ..mail.order_emails import owe, queue_sending
from ..money import currency
from ..orders.lifecycle import initial_status
from ..orders.models import Order, OrderLine, order_number
from ..orders.timeline import EventKind, Source, record
from .quote import quote

log = logging.getLogger(__name__)


class CheckoutError(Exception):
    """The checkout cannot go ahead because of the cart (the shopper fixes it there); the message is for them."""


class DeliveryRefused(CheckoutError):
    """The checkout cannot go ahead as the form stands (a method that does not serve the destination)."""


@dataclass(frozen=True)
class Delivery:
    """Where and how an order goes: the addresses (dicts of addresses.models.FIELDS, checked) and the method asked
    for. The totals are never taken from the browser: placing the order quotes the cart again."""

    shipping_address: dict
    billing_address: dict
    method_id: int | None


def new_checkout_key():
    """A one-time key the checkout form carries, so submitting it twice finds the first order."""
    return secrets.token_urlsafe(24)


def order_for_key(checkout_key):
    return db.session.execute(db.select(Order).filter_by(checkout_key=checkout_key)).scalar_one_or_none()


def place_order(shopper, email, name, checkout_key, next_owner_id=None, delivery=None):
    """Write the order and its lines (prices frozen), its `delivery` and totals, and empty the cart in one
    transaction; then enqueue. Without `delivery` the order has no address (as orders placed before the store took
    them): only tests and tools place such orders.

    A guest's order belongs to `next_owner_id` when given: the owner id the guest's session takes after checkout,
    so nobody holding the session as it was before sees the order. Returns the order. Submitting the same checkout
    key again returns the order made the first time.
    """
    existing = order_for_key(checkout_key)
    if existing is not None:
        return resubmitted(existing, shopper)
    lines = carts.lines_for(shopper)
    if not lines:
        raise CheckoutError("Your cart is empty.")
    withdrawn = [line.variant for line in lines if not line.variant.on_sale]
    if withdrawn:
        names = ", ".join(f"{v.product_group.name} ({v.name})" for v in withdrawn)
        raise CheckoutError(f"No longer sold: {names}. Please remove it from your cart to check out.")
    priced = _quoted(lines, delivery) if delivery is not None else None
    _check_designs(shopper, lines)
    owner = {"anonymous_id": next_owner_id} if shopper.user is None and next_owner_id else shopper.owner_filter
    order = new_order(shopper, email, name, checkout_key, lines, owner)
    if priced is not None:
        freeze(order, delivery, priced)
    emails = owe(order, EmailKind.CONFIRMATION)
    try:
        _commit_emptying_cart(order, lines)
    except IntegrityError:
        # The same form submitted twice at once: the other request made the order.
        db.session.rollback()
        existing = order_for_key(checkout_key)
        if existing is None:
            raise
        return resubmitted(existing, shopper)
    log.info("order %s placed with %s line(s)", order.number, len(order.lines))
    queue_submission(order)
    queue_sending(emails)
    return order


def _check_designs(shopper, lines):
    """Refuse the checkout, naming the products, while a design in the cart cannot be printed or is unconfirmed."""
    designs = check_at_checkout(shopper, lines)
    if designs.unchecked:
        raise CheckoutError(
            "We could not reach our design service to check your designs, so nothing was ordered. "
            "Please try again in a moment; your cart is kept as it is."
        )
    problems = []
    if designs.not_theirs:
        problems.append(
            f"Your design for {', '.join(designs.not_theirs)} is not among your designs at our design service, "
            "so it cannot be printed."
        )
    if designs.forgotten:
        problems.append(
            f"Our design service no longer has your design for {', '.join(designs.forgotten)}, so it cannot be printed."
        )
    if problems:
        raise CheckoutError(
            " ".join(problems)
            + " Open it from your cart (Design it again) and add it again; everything else in your cart is kept."
        )


def _quoted(lines, delivery):
    """The cart quoted for the delivery; a method that does not serve the destination is refused."""
    country = delivery.shipping_address["country"]
    priced = quote(lines, country, delivery.shipping_address.get("region"), delivery.method_id, pick_first=False)
    if priced.method is None:
        raise DeliveryRefused("That shipping method does not deliver to the country you chose. Please choose another.")
    return priced


def freeze(order, delivery, priced):
    """The order's addresses, method and totals as they are now; nothing about them changes later by itself."""
    totals = priced.totals
    order.currency = currency()
    order.shipping_address, order.billing_address = dict(delivery.shipping_address), dict(delivery.billing_address)
    order.shipping_method_id, order.shipping_method_name = priced.method.id, priced.method.name
    order.delivery_time = priced.method.delivery_time
    order.subtotal_cents, order.shipping_cents, order.tax_cents = totals.subtotal, totals.shipping, totals.tax
    order.total_cents, order.prices_include_tax = totals.total, totals.prices_include_tax
    order.tax_lines = [line.to_dict() for line in totals.tax_lines]


def new_order(shopper, email, name, checkout_key, lines, owner=None):
    """The order for these cart lines (the shopper's, or `owner`'s: a filter of OwnedByShopper columns), not yet
    added to the session; READY at once when nothing needs rendering."""
    order = Order(
        checkout_key=checkout_key,
        access_token=secrets.token_urlsafe(24),
        email=email,
        name=name,
        storefront_user_id=shopper.storefront_user_id,
        total_cents=carts.total_cents(lines),
        status=initial_status(has_designs=any(line.design_ids for line in lines)),
        **(owner or shopper.owner_filter),
    )
    order.lines.extend(order_line(index, line) for index, line in enumerate(lines))
    plain = "" if order.personalized_lines else "; nothing to render, ready to print"
    record(order, EventKind.PLACED, f"Placed by {name} <{email}> with {len(lines)} line(s){plain}", Source.CUSTOMER)
    return order


def order_line(index, line):
    """A cart line frozen into an order line: price, names, SKU, product reference and designs as they are now."""
    variant = line.variant
    return OrderLine(
        line_index=index,
        variant_id=variant.id,
        sku=variant.sku,
        product_name=variant.product_group.name,
        variant_name=variant.name,
        product_reference=variant.product_group.hub_reference if line.design_ids else None,
        quantity=line.quantity,
        unit_price_cents=variant.price_cents,
        design_ids=list(line.design_ids or []),
        preview_url=line.preview_url,
        editor_data=line.editor_data,
    )


def _commit_emptying_cart(order, lines):
    """Add the order, number it and delete its cart lines in one transaction.

    If another checkout (a second tab) took these lines first, this one must not become a second order of the
    same cart.
    """
    db.session.add(order)
    line_ids = [line.id for line in lines]
    emptied = db.session.execute(delete(CartLine).where(CartLine.id.in_(line_ids)))
    if emptied.rowcount != len(line_ids):
        db.session.rollback()
        raise CheckoutError("Your cart changed while you were checking out. Please check it and try again.")
    db.session.flush()
    order.number = order_number(order.id)
    db.session.commit()


def resubmitted(order, shopper):
    """The order a checkout form already made, only for the shopper who made it (a guest's order belongs to the
    session's next owner id, and names the guest who placed it as its storefront user)."""
    if shopper.owns(order) or order.storefront_user_id == shopper.storefront_user_id:
        return order
    log.warning("checkout key of order %s reused by another shopper", order.id)
    raise CheckoutError("That checkout form was already used. Please start the checkout again.")
