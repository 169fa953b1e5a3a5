"""Editor views: the personalize page that mounts the Hub's editor for a product group."""

import logging

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from sqlalchemy.orm import selectinload

from .. import MAX_ID
from ..extensions import db
from ..hub import HubError, HubNotFound
from ..models import CartLine, ProductGroup, SavedDesign
from ..personalization import open_editor
from ..shoppers import current_shopper
from . import bp

log = logging.getLogger(__name__)


def _id_arg(name):
    """A row id from the query string; 404 for anything that cannot be one."""
    value = request.args.get(name, type=int)
    if value is None or not 0 < value <= MAX_ID:
        abort(404)
    return value


def _owned(model, row_id, shopper):
    """The shopper's own cart line or saved design; 404 for anything else."""
    row = db.session.get(model, row_id)
    owner = shopper.owner_filter
    if row is None or any(getattr(row, name) != value for name, value in owner.items()):
        abort(404)
    return row


@bp.route("/products/<slug>/personalize")
def personalize(slug):
    """Open the Hub editor; `line` edits a cart line, `design` reopens a saved design.

    404 for unknown or plain products and for lines or designs of other shoppers.
    """
    group = db.session.execute(
        db.select(ProductGroup).filter_by(slug=slug).options(selectinload(ProductGroup.variants))
    ).scalar_one_or_none()
    if group is None or not group.personalizable or not group.variants:
        abort(404)

    shopper = current_shopper()
    source = None
    if request.args.get("line"):
        source = _owned(CartLine, _id_arg("line"), shopper)
    elif request.args.get("design"):
        source = _owned(SavedDesign, _id_arg("design"), shopper)

    sku = request.args.get("sku") or (source.variant.sku if source else group.variants[0].sku)
    variant = next((v for v in group.variants if v.sku == sku), None)
    if variant is None:
        flash("That option is not available for this product. Please choose one of the options below.", "error")
        return redirect(url_for("catalog.product", slug=group.slug))

    try:
        editor = open_editor(
            shopper,
            group,
            variant,
            design_id=source.state_id if source else None,
            key=source.key if source else None,
            quantity=getattr(source, "quantity", None),
        )
    except HubNotFound:
        log.warning("no personalization workflow at the Hub for %s", group.hub_reference)
        return render_template("editor/unavailable.html", product=group, reason="not_linked"), 503
    except HubError as exc:
        log.warning("editor for %s unavailable: %s", group.hub_reference, exc)
        return render_template("editor/unavailable.html", product=group, reason="hub_down"), 503

    response = make_response(
        render_template(editor.template, editor=editor, product=group, variant=variant, editing=source)
    )
    # The page carries the shopper's own editor token: keep it out of shared caches.
    response.headers["Cache-Control"] = "no-store"
    return response
