"""Account blueprint: register, log in, log out and the customer's overview page."""

from flask import Blueprint

bp = Blueprint("account", __name__, url_prefix="/account")

from . import views  # noqa: E402, F401
