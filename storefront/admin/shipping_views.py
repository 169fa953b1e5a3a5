"""Admin shipping and tax pages: the shipping methods and tax rates at a glance with the two tax settings, and forms
to add, edit and remove them.

Under /admin, so the admin guard (visitors to login, customers 404) covers every route; every POST carries a CSRF
token (Flask-WTF). A form with errors is shown again with the owner's input and a message on each field.
"""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for

from ..addresses.countries import choices
from ..extensions import db
from ..owner_changes import save
from ..shipping import management
from ..shipping.models import ShippingMethod, TaxRate
from ..shipping.percent import format_percent
from .forms import ActionForm
from .shipping_forms import ShippingMethodForm, TaxRateForm
from .views import EXPIRED_FORM

bp = Blueprint("admin_shipping", __name__, url_prefix="/admin/shipping")
# The store settings that decide how a rate applies: environment settings (config.py), shown with their meaning.
TAX_SETTINGS = (
    ("PRICES_INCLUDE_TAX", "Catalog prices include tax", "the tax is taken out of them", "the tax is added on top"),
    ("SHIPPING_TAXED", "Shipping is taxed", "at the destination's rate, like the goods", "only the goods are taxed"),
)


def _row(model, row_id):
    row = db.session.get(model, row_id)
    if row is None:
        abort(404)
    return row


def _form_page(form, title, **context):
    page = render_template("admin/shipping_form.html", form=form, title=title, **context)
    return page, 400 if form.errors else 200


@bp.get("")
def overview():
    settings = [(name, label, current_app.config[name], yes, no) for name, label, yes, no in TAX_SETTINGS]
    return render_template(
        "admin/shipping.html",
        methods=management.all_methods(),
        rates=management.all_rates(),
        settings=settings,
        country_names=lambda codes: ", ".join(name for _code, name in choices(codes)),
        destination=management.destination,
        format_percent=format_percent,
    )


# -- shipping methods -----------------------------------------------------------------------------------------


@bp.route("/methods/new", methods=["GET", "POST"])
def new_method():
    return _method_form(ShippingMethod(), "New shipping method")


@bp.route("/methods/<int:method_id>", methods=["GET", "POST"])
def edit_method(method_id):
    method = _row(ShippingMethod, method_id)
    return _method_form(method, f"Shipping method: {method.name}")


def _method_form(method, title):
    form = ShippingMethodForm()
    if request.method == "GET" and method.id is not None:
        form.fill(method)
    if form.validate_on_submit():
        save(method, form.values())
        flash(f"Saved {method.name}.", "success")
        return redirect(url_for(".overview"))
    return _form_page(form, title, method=method)


@bp.post("/methods/<int:method_id>/remove")
def remove_method(method_id):
    return _remove(management.remove_method, _row(ShippingMethod, method_id))


# -- tax rates ------------------------------------------------------------------------------------------------


@bp.route("/rates/new", methods=["GET", "POST"])
def new_rate():
    return _rate_form(TaxRate(), "New tax rate")


@bp.route("/rates/<int:rate_id>", methods=["GET", "POST"])
def edit_rate(rate_id):
    rate = _row(TaxRate, rate_id)
    return _rate_form(rate, f"Tax rate: {rate.name}, {management.destination(rate.country, rate.region)}")


def _rate_form(rate, title):
    form = TaxRateForm(editing=rate.id)
    if request.method == "GET" and rate.id is not None:
        form.fill(rate)
    if form.validate_on_submit():
        save(rate, form.values())
        flash(f"Saved the {rate.name} rate for {management.destination(rate.country, rate.region)}.", "success")
        return redirect(url_for(".overview"))
    return _form_page(form, title, rate=rate)


@bp.post("/rates/<int:rate_id>/remove")
def remove_rate(rate_id):
    return _remove(management.remove_rate, _row(TaxRate, rate_id))


def _remove(remove, row):
    if not ActionForm().validate_on_submit():
        flash(EXPIRED_FORM, "error")
    else:
        outcome = remove(row)
        flash(outcome.message, "success" if outcome.removed else "warning")
    return redirect(url_for(".overview"))
