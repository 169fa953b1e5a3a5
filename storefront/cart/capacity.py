"""How many lines one cart may hold (CART_MAX_LINES): a stranger cannot make a cart, or its page, grow without end."""

from flask import current_app
from sqlalchemy import func

from ..extensions import db
from .models import CartLine


def max_lines():
    return current_app.config["CART_MAX_LINES"]


def room_left(shopper):
    """How many more lines the shopper's cart takes."""
    count = db.session.execute(
        db.select(func.count()).select_from(CartLine).filter_by(**shopper.owner_filter)
    ).scalar_one()
    return max(0, max_lines() - count)


def full_message():
    return f"Your cart is full: it holds at most {max_lines()} lines. Check out or remove a line, then add this again."
