"""Order views: the order page with its live status, print files (downloads, views, proofs), My orders,
Order again.

An order is shown to the customer who placed it, to the guest session that placed it, and to anyone holding its
secret key: the emailed link's `?key=`, which the order page moves into a cookie of that order's own
(orders/order_keys.py). Everyone else gets a 404, so nobody can learn which order numbers exist.
"""

import logging

from flask import Blueprint, abort, flash, jsonify, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from .. import rate_limits
from ..links import order_link
from ..shoppers.identity import current_shopper
from . import order_keys, progress, proof_display, queries, reorder, stored_print_files
from .forms import OrderAgainForm

bp = Blueprint("orders", __name__)

log = logging.getLogger(__name__)

STATUS_POLL_MS = 4000
REORDER_UNAVAILABLE = (
    "Our design service cannot be reached just now, so nothing was added to your cart. Please try again shortly."
)


def _viewable(number):
    """The order when the current visitor may see it (theirs, or its key in this order's cookie), else None."""
    order = queries.order_by_number(number)
    if order is None:
        return None
    if queries.key_matches(order, order_keys.key_from_cookie()):
        return order
    if queries.belongs_to(order, current_shopper(create=False)):
        return order
    return None


def _key_into_cookie(number):
    """The emailed link's `?key=`: keep it in the order's cookie and show the order at its URL without the key."""
    order = queries.order_by_number(number)
    if order is None or not queries.key_matches(order, request.args.get("key")):
        abort(404)
    return _private(order_keys.remember_key(redirect(url_for("orders.show", number=order.number)), order))


def _private(response, cache_control="private, no-store"):
    """Order pages may carry a secret link: keep them out of caches, referrers and search engines."""
    response.headers["Cache-Control"] = cache_control
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _file_entries(order):
    """The files the customer may have now, each with its download, its view and its proof (once made)."""
    return [_file_entry(order, artifact) for artifact in stored_print_files.ready_files(order)]


def _file_entry(order, artifact):
    def link(endpoint):
        return url_for(endpoint, number=order.number, artifact_id=artifact.id)

    proof = proof_display.info(artifact)
    proof["url"] = link("orders.proof") if proof["state"] == "ready" else None
    return {
        "name": stored_print_files.download_name(order, artifact),
        "url": link("orders.download"),
        "view_url": link("orders.view"),
        "size": artifact.size,
        "proof": proof,
    }


@bp.route("/orders/<number>")
def show(number):
    """The order confirmation and its live progress; 404 unless the visitor may see the order."""
    if "key" in request.args:
        return _key_into_cookie(number)
    order = _viewable(number)
    if order is None:
        abort(404)
    files = _file_entries(order)
    page = render_template(
        "orders/order.html",
        order=order,
        products=queries.line_products(order),
        steps=progress.step_states(order),
        steps_stopped=progress.steps_stopped(order),
        needs_attention=progress.needs_attention(order),
        message=progress.progress_message(order),
        final=progress.is_final(order),
        files=files,
        proofs_pending=_proofs_pending(files),
        owned=queries.belongs_to(order, current_shopper(create=False)),
        order_again_form=OrderAgainForm(),
        status_url=url_for("orders.status", number=order.number),
        poll_ms=STATUS_POLL_MS,
        secret_link=order_link(order) if order_keys.link_key(order) else None,
    )
    return _private(make_response(page))


@bp.route("/orders/<number>/status.json")
@rate_limits.order_status
def status(number):
    """JSON for the order page's script: {status, label, final, needs_attention, message, steps, steps_stopped,
    files: [{name, url, view_url, size, proof: {state, url, pages, trim_mm, summary}}], proofs_pending}; the script
    only draws these, and keeps asking while proofs are pending, after the order is final too."""
    order = _viewable(number)
    if order is None:
        return _private(jsonify(error="Order not found.")), 404
    files = _file_entries(order)
    return _private(
        jsonify(
            status=order.status,
            label=order.status_label,
            final=progress.is_final(order),
            needs_attention=progress.needs_attention(order),
            message=progress.progress_message(order),
            steps=progress.step_states(order),
            steps_stopped=progress.steps_stopped(order),
            files=files,
            proofs_pending=_proofs_pending(files),
        )
    )


def _proofs_pending(files):
    return any(entry["proof"]["state"] == "pending" for entry in files)


def _customer_artifact(number, artifact_id):
    """(order, artifact) the visitor may have: the order is theirs, ready, and the file is here; else 404."""
    order = _viewable(number)
    artifact = stored_print_files.order_artifact(order, artifact_id) if order is not None else None
    if artifact is None:
        abort(404)
    return order, artifact


@bp.route("/orders/<number>/files/<int:artifact_id>")
def download(number, artifact_id):
    """A print file of the order as an attachment; 404 unless the visitor may see the order and the file is here."""
    order, artifact = _customer_artifact(number, artifact_id)
    return _private(stored_print_files.send_artifact(order, artifact))


@bp.route("/orders/<number>/files/<int:artifact_id>/view")
def view(number, artifact_id):
    """The same print file inline, for the browser to open (what a click on its proof does); the same 404s."""
    order, artifact = _customer_artifact(number, artifact_id)
    return _private(stored_print_files.send_artifact(order, artifact, inline=True))


@bp.route("/orders/<number>/files/<int:artifact_id>/proof.png")
def proof(number, artifact_id):
    """The file's proof thumbnail; 404 as for the file, and until its proof is made. Cached privately, by ETag."""
    order, artifact = _customer_artifact(number, artifact_id)
    if not artifact.proof_path:
        abort(404)
    return _private(
        stored_print_files.send_proof(order, artifact), cache_control=stored_print_files.PROOF_CACHE_CONTROL
    )


@bp.route("/orders/")
@login_required
def my_orders():
    """The customer's orders, newest first; visitors are sent to log in."""
    return render_template(
        "orders/my_orders.html", orders=queries.orders_of(current_user), order_again_form=OrderAgainForm()
    )


@bp.route("/orders/<number>/order-again", methods=["POST"])
def order_again(number):
    """Put the order's personalized lines in the cart with new copies of their designs, at today's prices.

    Only for the order's own customer or guest session (404 for anyone else, a secret link included); 400 without
    a valid CSRF token.
    """
    shopper = current_shopper(create=False)
    order = queries.order_by_number(number)
    if order is None or not queries.belongs_to(order, shopper):
        abort(404)
    if not OrderAgainForm().validate_on_submit():
        abort(400)
    try:
        result = reorder.order_again(shopper, order)
    except reorder.ReorderUnavailable:
        flash(REORDER_UNAVAILABLE, "error")
        return redirect(request.referrer or url_for("orders.show", number=order.number))
    for reason in result.left_out:
        flash(f"Not added: {reason}", "info")
    if result.added:
        flash(
            f"Added {len(result.added)} design(s) from order {order.number} to your cart at today's prices. "
            "Each is a new copy: editing it leaves your past order as it was.",
            "success",
        )
    return redirect(url_for("cart.show"))
