"""Cart blueprint: the shopper's cart lines."""

from flask import Blueprint

bp = Blueprint("cart", __name__, url_prefix="/cart")

from . import views  # noqa: E402, F401
