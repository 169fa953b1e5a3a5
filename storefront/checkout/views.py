"""Checkout views: the checkout page (contact, addresses, shipping method and a summary that follows them), the
totals its script asks for, and placing the order, which leads to the order page.

Without JavaScript, "Update totals" posts the form and shows it again with the new summary; with it, the page
asks totals.json and redraws the summary and the methods in place. Either way the server computes every amount.
"""

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from .. import rate_limits
from ..addresses.book import BookFull, addresses_of
from ..addresses.book import add as add_to_book
from ..addresses.countries import choices
from ..addresses.formatting import address_lines
from ..cart import services as carts
from ..orders import order_keys
from ..shipping.queries import shipping_countries
from ..shoppers.identity import current_shopper, hand_over_to_next_owner, new_guest_id
from .forms import CheckoutForm, method_id
from .placing import (
    CheckoutError,
    Delivery,
    DeliveryRefused,
    new_checkout_key,
    order_for_key,
    place_order,
    resubmitted,
)
from .quote import default_country, quote

bp = Blueprint("checkout", __name__)

EXPIRED_FORM = "Your checkout form had expired, so nothing was ordered. Please check your details and try again."
SHIPS_NOWHERE = "We cannot take orders just now: no shipping method is set up yet. Please try again later."


@bp.route("/checkout", methods=["GET", "POST"])
@rate_limits.checkout_per_address
@rate_limits.checkout_per_session
@rate_limits.checkout_quote_by_form
def checkout():
    """The checkout; placing the order leads to its page. The form carries a one-time checkout key, so submitting
    it twice finds the order made the first time. A refused order keeps the cart and what was typed."""
    shopper = current_shopper(create=False)
    form = CheckoutForm()
    earlier = order_for_key(form.checkout_key.data) if form.is_submitted() and form.checkout_key.data else None
    if earlier is not None and not form.update_totals.data:
        return _resubmission(earlier)  # the same form again (a double click, a reload): the order it made
    lines = carts.lines_for(shopper)
    if not lines:
        flash("Your cart is empty. Add something to it before checking out.", "info")
        return redirect(url_for("cart.show"))
    book = book_of_customer()
    _fill(form, book)
    priced = _priced(form, lines)
    if form.is_submitted() and not form.update_totals.data and form.validate():
        placed = _place(form)
        if placed is not None:
            return placed
    elif form.is_submitted() and ("csrf_token" in form.errors or form.checkout_key.errors):
        form.form_errors.append(EXPIRED_FORM)
        form.checkout_key.data = None
    if not form.checkout_key.data:
        form.checkout_key.data = new_checkout_key()
    if not priced.methods:
        form.form_errors.append(SHIPS_NOWHERE)
    saved = {address.id: address.to_dict() for address in book}
    return render_template("checkout/checkout.html", form=form, lines=lines, quote=priced, saved_addresses=saved)


def _fill(form, book):
    """Offer the customer's book; a first visit starts from the default address, Update totals from the one chosen."""
    form.saved_address.choices = [(address.id, ", ".join(address_lines(address.to_dict())[:3])) for address in book]
    if not form.is_submitted():
        _prefill(form, book)
    elif form.update_totals.data and form.saved_address.data:
        _use_saved(form, book)


def _priced(form, lines):
    """The cart quoted for the form's destination and method; the form offers what may be chosen for it."""
    country = form.shipping.form.country.data or default_country()
    priced = quote(lines, country, form.shipping.form.region.data, form.shipping_method.data)
    form.offer(choices(shipping_countries()), priced.methods)
    if form.shipping_method.data is None and priced.method is not None:
        form.shipping_method.data = priced.method.id
    return priced


@bp.route("/checkout/totals.json")
@rate_limits.checkout_quote
def totals():
    """JSON for the page's script: the summary for ?country=&region=&method= (the methods that serve the country,
    the one used, subtotal, shipping, tax lines and total, in minor units and in words)."""
    lines = carts.lines_for(current_shopper(create=False))
    country = request.args.get("country")
    if country not in shipping_countries():
        return jsonify(error="We do not ship to that country."), 400
    return jsonify(
        quote(lines, country, request.args.get("region", "")[:40], method_id(request.args.get("method"))).to_json()
    )


def book_of_customer():
    """The signed-in customer's address book (none for a guest)."""
    return addresses_of(current_user) if current_user.is_authenticated else []


def _prefill(form, book):
    """A customer's name and email, and the default address of their book; a guest starts empty."""
    if not current_user.is_authenticated:
        return
    form.email.data = current_user.email
    form.name.data = current_user.name
    if book and book[0].country in shipping_countries():
        form.shipping.form.fill(book[0].to_dict())
        form.saved_address.data = book[0].id


def _use_saved(form, book):
    """Update totals with an address of the book chosen: the shipping address becomes it (no JavaScript)."""
    chosen = next((address for address in book if address.id == form.saved_address.data), None)
    if chosen is not None:
        form.shipping.form.fill(chosen.to_dict())


def _save_to_book(form):
    """The customer asked to keep the new shipping address; a full book says so (the order is placed anyway)."""
    if not (current_user.is_authenticated and form.save_address.data):
        return
    try:
        add_to_book(current_user, form.shipping_address)
    except BookFull as exc:
        flash(str(exc), "info")


def _place(form):
    """Place the order (None when the form is refused: the page shows it again with everything typed). A guest's order
    goes to a new owner id that the session's rows take from now on, and its key into the order's cookie."""
    shopper = current_shopper()
    next_owner = new_guest_id() if shopper.user is None else None
    delivery = Delivery(form.shipping_address, form.billing_address, form.shipping_method.data)
    try:
        order = place_order(
            shopper, form.email.data, form.name.data, form.checkout_key.data, next_owner, delivery=delivery
        )
    except DeliveryRefused as exc:
        form.shipping_method.errors = [*form.shipping_method.errors, str(exc)]
        return None
    except CheckoutError as exc:  # the cart must change first: the cart page says what, and keeps every line
        flash(str(exc), "info")
        return redirect(url_for("cart.show"))
    _save_to_book(form)
    return _placed(order)


def _resubmission(order):
    try:
        return _placed(resubmitted(order, current_shopper()))
    except CheckoutError as exc:
        flash(str(exc), "info")
        return redirect(url_for("cart.show"))


def _placed(order):
    """On to the order page; a guest's session hands its rows to the order's new owner id, the key to a cookie."""
    flash(f"Thank you, {order.name}! We have your order {order.number}.", "success")
    response = redirect(url_for("orders.show", number=order.number))
    if order_keys.link_key(order) is not None:
        hand_over_to_next_owner(order.anonymous_id)
        order_keys.remember_key(response, order)
    return response
