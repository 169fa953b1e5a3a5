"""My designs: a customer's saved designs, reopened in the editor or deleted."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from .. import designs
from . import bp
from .forms import DeleteDesignForm


@bp.route("/designs")
@login_required
def my_designs():
    """The customer's saved designs, newest first."""
    return render_template(
        "account/designs.html", designs=designs.designs_of(current_user), delete_form=DeleteDesignForm()
    )


@bp.route("/designs/<int:design_id>/open")
@login_required
def open_design(design_id):
    """Reopen a saved design in the editor; 404 when it is not the customer's."""
    design = designs.design_of(current_user, design_id) or abort(404)
    return redirect(
        url_for("editor.personalize", slug=design.product_group.slug, sku=design.variant.sku, design=design.id)
    )


@bp.route("/designs/<int:design_id>/delete", methods=["POST"])
@login_required
def delete_design(design_id):
    """Remove a saved design from the list; 404 when it is not the customer's."""
    design = designs.design_of(current_user, design_id) or abort(404)
    if not DeleteDesignForm().validate_on_submit():
        abort(400)
    designs.delete_design(design)
    flash("The design was removed from My designs.", "success")
    return redirect(url_for("account.my_designs"))
