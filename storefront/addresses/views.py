"""Address book pages, blueprint `addresses` under /account/addresses: the list (the default first), add, edit,
remove (after a confirmation) and make default. Every page needs a signed-in customer; an address id that is not
theirs answers 404. The rules (the default, the size limit) are book.py's.
"""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from ..shipping.queries import shipping_countries
from . import book
from .countries import choices, country_name
from .forms import BookAddressForm, ConfirmForm

bp = Blueprint("addresses", __name__, url_prefix="/account/addresses")

NO_LONGER_SHIPPED = "We no longer ship to {country}. Choose a country we ship to."


@bp.route("/")
@login_required
def book_page():
    """The customer's addresses, the default first; each with its edit, remove and make-default buttons."""
    offered = set(shipping_countries())
    return render_template(
        "addresses/book.html",
        addresses=book.addresses_of(current_user),
        offered=offered,
        country_name=country_name,
        full=book.is_full(current_user),
        max_addresses=book.MAX_ADDRESSES,
        confirm_form=ConfirmForm(),
    )


@bp.route("/new", methods=["GET", "POST"])
@login_required
def add():
    """Add an address; the first one, or one with "make this my default" ticked, becomes the default. A full book
    (book.MAX_ADDRESSES) keeps what was typed and says so."""
    countries = choices(shipping_countries())
    form = BookAddressForm().offer(countries)
    if countries and form.validate_on_submit():
        try:
            book.add(current_user, form.address.form.cleaned, make_default=form.make_default.data)
        except book.BookFull as full:
            form.form_errors.append(str(full))
        else:
            flash("The address was added to your address book.", "success")
            return redirect(url_for(".book_page"))
    elif not form.is_submitted() and book.is_full(current_user):
        form.form_errors.append(str(book.BookFull()))
        return render_template("addresses/form.html", form=form, countries=countries, address=None, full=True)
    return render_template("addresses/form.html", form=form, countries=countries, address=None, full=False)


@bp.route("/<int:address_id>/edit", methods=["GET", "POST"])
@login_required
def edit(address_id):
    """Change an address of the customer's; 404 when it is not theirs. A country the store no longer ships to is
    pointed out on the country field."""
    address = book.address_of(current_user, address_id) or abort(404)
    countries = choices(shipping_countries())
    form = BookAddressForm()
    if not form.is_submitted():
        form.address.form.fill(address.to_dict())
        form.make_default.data = address.is_default
    form.offer(countries)
    if countries and form.validate_on_submit():
        book.update(address, form.address.form.cleaned, make_default=form.make_default.data)
        flash("The address was saved.", "success")
        return redirect(url_for(".book_page"))
    if not form.is_submitted() and address.country not in {code for code, _name in countries}:
        form.address.form.country.errors = [NO_LONGER_SHIPPED.format(country=country_name(address.country))]
    return render_template("addresses/form.html", form=form, countries=countries, address=address, full=False)


@bp.route("/<int:address_id>/remove", methods=["GET", "POST"])
@login_required
def remove(address_id):
    """Ask, then (POST with the CSRF token) remove an address of the customer's; 404 when it is not theirs. When it
    was the default, the newest one left becomes the default."""
    address = book.address_of(current_user, address_id) or abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        book.remove(address)
        flash("The address was removed from your address book.", "success")
        return redirect(url_for(".book_page"))
    if form.is_submitted():
        abort(400)  # no or a stale CSRF token
    return render_template("addresses/remove.html", form=form, address=address, country_name=country_name)


@bp.route("/<int:address_id>/default", methods=["POST"])
@login_required
def make_default(address_id):
    """Make an address of the customer's their default (POST with the CSRF token); 404 when it is not theirs."""
    address = book.address_of(current_user, address_id) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    book.make_default(address)
    flash("That address is now your default.", "success")
    return redirect(url_for(".book_page"))
