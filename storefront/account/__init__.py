"""Account blueprint: register, log in, log out, the overview page and My designs."""

from flask import Blueprint

bp = Blueprint("account", __name__, url_prefix="/account")

from . import designs, views  # noqa: E402, F401
