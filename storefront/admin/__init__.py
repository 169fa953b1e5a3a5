"""Admin blueprint: the store owner's order list, order page with live Hub data, and order actions."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from . import views  # noqa: E402, F401
