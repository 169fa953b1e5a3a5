"""Admin catalog pages: the catalog at a glance, and forms to add, edit and remove categories, products, variants.

Under /admin, so the admin guard (visitors to login, customers 404) covers every route; every POST carries a
CSRF token (Flask-WTF). A form with errors is shown again with the owner's input and a message on each field.
"""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..catalog import management
from ..catalog.media import ImageRejected, save_product_image
from ..catalog.models import Category, ProductGroup, ProductVariant
from ..extensions import db
from ..money_fields import major
from ..owner_changes import save
from ..request_limits import body_limit
from .catalog_forms import CategoryForm, ProductGroupForm, VariantForm, format_options
from .forms import ActionForm

bp = Blueprint("admin_catalog", __name__, url_prefix="/admin/catalog")
# Room for the image and the form's other fields; every other request keeps MAX_CONTENT_LENGTH.
FORM_OVERHEAD = 64 * 1024


def image_form_limit():
    """The product form's body: an image of up to PRODUCT_IMAGE_MAX_BYTES and the other fields.

    For the owner only: CSRFProtect reads the form before the admin guard runs, and a visitor's body must not be
    read past MAX_CONTENT_LENGTH.
    """
    if not (current_user.is_authenticated and current_user.is_admin):
        return None
    return current_app.config["PRODUCT_IMAGE_MAX_BYTES"] + FORM_OVERHEAD


def _row(model, row_id):
    row = db.session.get(model, row_id)
    if row is None:
        abort(404)
    return row


def _categories():
    return db.session.execute(db.select(Category).order_by(Category.position, Category.name)).scalars().all()


@bp.get("")
def overview():
    return render_template("admin/catalog.html", categories=management.catalog_overview(), remove_form=ActionForm())


def _form_page(form, title, cancel, group=None, multipart=False):
    """The owner's form page; `group`: the product it edits or adds to, `multipart`: the form uploads a file."""
    page = render_template(
        "admin/catalog_form.html", form=form, title=title, cancel=cancel, group=group, multipart=multipart
    )
    return page, (400 if form.errors else 200)


# -- categories -----------------------------------------------------------------------------------------------


@bp.route("/categories/new", methods=["GET", "POST"])
def new_category():
    return _category_form(Category(), "New category")


@bp.route("/categories/<int:category_id>", methods=["GET", "POST"])
def edit_category(category_id):
    category = _row(Category, category_id)
    return _category_form(category, f"Category: {category.name}")


def _category_form(category, title):
    form = CategoryForm(obj=category if request.method == "GET" else None, editing=category.id)
    if form.validate_on_submit():
        save(category, form.values())
        flash(f"Saved {category.name}.", "success")
        return redirect(url_for(".overview"))
    return _form_page(form, title, url_for(".overview"))


@bp.post("/categories/<int:category_id>/remove")
def remove_category(category_id):
    return _remove(management.remove_category, _row(Category, category_id))


# -- product groups -------------------------------------------------------------------------------------------


@bp.route("/products/new", methods=["GET", "POST"])
@body_limit(image_form_limit)
def new_product():
    group = ProductGroup(category_id=request.args.get("category", type=int))
    return _product_form(group, "New product")


@bp.route("/products/<int:group_id>", methods=["GET", "POST"])
@body_limit(image_form_limit)
def edit_product(group_id):
    group = _row(ProductGroup, group_id)
    return _product_form(group, f"Product: {group.name}")


def _product_form(group, title):
    form = ProductGroupForm(obj=group if request.method == "GET" else None, editing=group.id, categories=_categories())
    if request.method == "GET" and group.id is None:
        form.category_id.data = group.category_id
    if form.validate_on_submit():
        values = form.values()
        try:
            if form.image.data:
                values["image"] = save_product_image(form.image.data)
        except ImageRejected as exc:
            form.image.errors = [str(exc)]
        else:
            save(group, values)
            flash(f"Saved {group.name}.", "success")
            return redirect(url_for(".edit_product", group_id=group.id))
    return _form_page(form, title, url_for(".overview"), group=group, multipart=True)


@bp.post("/products/<int:group_id>/remove")
def remove_product(group_id):
    return _remove(management.remove_product_group, _row(ProductGroup, group_id))


# -- variants -------------------------------------------------------------------------------------------------


@bp.route("/products/<int:group_id>/variants/new", methods=["GET", "POST"])
def new_variant(group_id):
    group = _row(ProductGroup, group_id)
    return _variant_form(ProductVariant(product_group_id=group.id), group, f"New variant of {group.name}")


@bp.route("/variants/<int:variant_id>", methods=["GET", "POST"])
def edit_variant(variant_id):
    variant = _row(ProductVariant, variant_id)
    return _variant_form(variant, variant.product_group, f"Variant {variant.sku}")


def _variant_form(variant, group, title):
    form = VariantForm(editing=variant.id)
    if request.method == "GET" and variant.id is not None:
        form.process(
            data={
                "sku": variant.sku,
                "name": variant.name,
                "options": format_options(variant.options),
                "price": major(variant.price_cents),
                "active": variant.active,
                "position": variant.position,
            }
        )
    if form.validate_on_submit():
        save(variant, form.values())
        flash(f"Saved {variant.sku}.", "success")
        return redirect(url_for(".edit_product", group_id=group.id))
    return _form_page(form, title, url_for(".edit_product", group_id=group.id), group=group)


@bp.post("/variants/<int:variant_id>/remove")
def remove_variant(variant_id):
    variant = _row(ProductVariant, variant_id)
    group_id = variant.product_group_id
    return _remove(management.remove_variant, variant, url_for(".edit_product", group_id=group_id))


def _remove(remove, row, back=None):
    if not ActionForm().validate_on_submit():
        flash("That form had expired, so nothing was changed. Please try again.", "error")
    else:
        outcome = remove(row)
        flash(outcome.message, "success" if outcome.removed else "warning")
    return redirect(back or url_for(".overview"))
