"""Cart views (coming with the shoppers issue)."""

from flask import render_template

from . import bp


@bp.route("/", methods=["GET", "POST"])
def show():
    """The cart page."""
    return render_template("coming_soon.html", title="Your cart")
