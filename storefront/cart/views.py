"""Cart views: the cart page, adding plain products and editor designs, quantities and removal."""

from flask import Blueprint, abort, flash, jsonify, redirect, request, url_for

from .. import rate_limits
from ..editor import edit_targets
from ..rendered_pages import render_page
from ..shoppers.design_retention import guest_retention_days
from ..shoppers.identity import current_shopper
from . import services
from .forms import AddToCartForm, QuantityForm, RemoveLineForm
from .page_lines import page_lines

bp = Blueprint("cart", __name__, url_prefix="/cart")


@bp.route("/")
def show():
    """The cart: thumbnails, quantities, line and cart totals (its forms carry the session's CSRF token only).

    Rendered when its lines, the catalog or the guest's retention notice changed, else the process's kept copy."""
    shopper = current_shopper(create=False)
    lines = page_lines(shopper)
    designed_as_guest = shopper is not None and shopper.user is None and any(line.personalized for line in lines)
    inputs = {
        "lines": lines,
        "designed_as_guest": designed_as_guest,
        "retention_days": guest_retention_days() if designed_as_guest else None,
    }
    return render_page("cart/cart.html", inputs)


@bp.route("/items", methods=["POST"])
def add_item():
    """Add a product that needs no personalization (the product page's form)."""
    form = AddToCartForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for message in errors:
                flash(message, "error")
        return redirect(request.referrer or url_for("catalog.home"))
    try:
        line = services.add_plain(current_shopper(), form.sku.data, form.quantity.data)
    except services.CartError as exc:
        flash(exc.message, "error")
        return redirect(request.referrer or url_for("catalog.home"))
    flash(f"Added {line.variant.product_group.name} to your cart.", "success")
    return redirect(url_for("cart.show"))


@bp.route("/designs", methods=["POST"])
@rate_limits.add_design
def add_design():
    """JSON: an editor's output (a Workflow Elements `addtocart` detail or a UI Framework line item), with the
    page's signed edit target in the X-Edit-Target header. 400 for bad input, 403 for another shopper's design."""
    body = request.get_json(silent=True)
    try:
        target = edit_targets.read(request.headers.get(edit_targets.HEADER))
    except edit_targets.InvalidEditTarget:
        return jsonify(error="This editor page is out of date. Reload it and add your design again."), 400
    try:
        line = services.add_design(current_shopper(), body, target)
    except services.CartError as exc:
        return jsonify(error=exc.message), exc.status
    return jsonify(ok=True, line_id=line.id, redirect=url_for("cart.show")), 201


@bp.route("/lines/<int:line_id>/quantity", methods=["POST"])
def update_quantity(line_id):
    """Change a line's quantity; 404 for lines of other shoppers."""
    form = QuantityForm()
    if not form.validate_on_submit():
        for message in form.errors.get("quantity", ["Please enter a quantity."]):
            flash(message, "error")
        return redirect(url_for("cart.show"))
    try:
        services.update_quantity(current_shopper(create=False), line_id, form.quantity.data)
    except services.CartError as exc:
        if exc.status == 404:
            abort(404)
        flash(exc.message, "error")
    return redirect(url_for("cart.show"))


@bp.route("/lines/<int:line_id>/remove", methods=["POST"])
def remove_line(line_id):
    """Remove a line; 404 for lines of other shoppers."""
    if not RemoveLineForm().validate_on_submit():
        abort(400)
    try:
        services.remove_line(current_shopper(create=False), line_id)
    except services.CartError as exc:
        abort(exc.status)
    flash("Removed from your cart.", "success")
    return redirect(url_for("cart.show"))
