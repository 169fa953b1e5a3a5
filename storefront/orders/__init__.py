"""Orders blueprint: checkout, order confirmation and progress, print-file downloads, My orders."""

from flask import Blueprint

bp = Blueprint("orders", __name__)

from . import views  # noqa: E402, F401
