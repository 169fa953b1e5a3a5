"""Order look-ups for the customer pages: an order by number, who may see it, a customer's orders."""

import hmac

from sqlalchemy.orm import selectinload

from ..catalog.models import ProductVariant
from ..extensions import db
from ..shoppers.identity import session_owner_ids
from .models import Order, OrderLine

MAX_NUMBER_LENGTH = 32


def order_by_number(number):
    if not number or len(number) > MAX_NUMBER_LENGTH:
        return None
    return db.session.execute(
        db.select(Order).filter_by(number=number).options(selectinload(Order.lines), selectinload(Order.artifacts))
    ).scalar_one_or_none()


def key_matches(order, key):
    """True when `key` is the order's secret link key (compared in constant time)."""
    if not key or not order.access_token:
        return False
    return hmac.compare_digest(key.encode("utf-8"), order.access_token.encode("utf-8"))


def belongs_to(order, shopper):
    """True when the order was placed by this customer, or by this session's guest (before or after its later
    checkouts: shoppers/identity.py)."""
    if shopper is not None and shopper.owns(order):
        return True
    return order.user_id is None and order.anonymous_id in session_owner_ids()


def designed_order_line(shopper, line_id):
    """A line with a design of one of the shopper's own orders, else None."""
    line = db.session.get(OrderLine, line_id)
    if line is None or not line.design_ids or not belongs_to(db.session.get(Order, line.order_id), shopper):
        return None
    return line


def orders_of(user):
    """A customer's orders, newest first."""
    return (
        db.session.execute(
            db.select(Order)
            .filter_by(user_id=user.id)
            .where(Order.number.is_not(None))
            .options(selectinload(Order.lines))
            .order_by(Order.created_at.desc(), Order.id.desc())
        )
        .scalars()
        .all()
    )


def line_products(order):
    """{variant id: product group} for the order's lines, for product images and links (variants may be gone)."""
    ids = {line.variant_id for line in order.lines if line.variant_id is not None}
    if not ids:
        return {}
    variants = db.session.execute(
        db.select(ProductVariant).where(ProductVariant.id.in_(ids)).options(selectinload(ProductVariant.product_group))
    ).scalars()
    return {variant.id: variant.product_group for variant in variants}
