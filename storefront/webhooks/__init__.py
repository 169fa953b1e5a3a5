"""Webhooks blueprint: callbacks from the Hub's processing pipelines."""

from flask import Blueprint

bp = Blueprint("webhooks", __name__, url_prefix="/webhooks")

from . import views  # noqa: E402, F401
