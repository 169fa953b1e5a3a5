"""Editor blueprint: the personalization page that embeds the Hub's editor."""

from flask import Blueprint

bp = Blueprint("editor", __name__)

from . import views  # noqa: E402, F401
