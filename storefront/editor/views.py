"""Editor views: the personalize page (coming with the shoppers issue)."""

from flask import abort, render_template

from ..extensions import db
from ..models import ProductGroup
from . import bp


@bp.route("/products/<slug>/personalize")
def personalize(slug):
    """Open the Hub editor for a personalizable product; 404 for unknown or plain products."""
    group = db.session.execute(db.select(ProductGroup).filter_by(slug=slug)).scalar_one_or_none()
    if group is None or not group.personalizable:
        abort(404)
    return render_template("coming_soon.html", title=f"Personalize {group.name}", product=group)
