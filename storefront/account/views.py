"""Account views: register, log in (rate-limited), log out (POST only), the customer's overview and My designs."""

from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from .. import rate_limits
from ..cart.capacity import max_lines
from ..shoppers import accounts, design_retention, designs
from ..shoppers.guest_merge import adopt_guest_after_login
from ..shoppers.identity import current_shopper
from .forms import DeleteDesignForm, LoginForm, RegisterForm

bp = Blueprint("account", __name__, url_prefix="/account")

LOGIN_FAILED = "Email or password is incorrect."
FORGOTTEN_DESIGN = (
    "Our design service no longer has this design, so it cannot be opened. Use Design it again to make it anew."
)


def safe_next_url(target):
    """`target` when it is a path on this site, else None: `next` must never send a customer elsewhere."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    # Browsers read "/\evil.example" as "//evil.example" and drop tabs and newlines inside URLs.
    if "\\" in target or any(ch.isspace() or not ch.isprintable() for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def _signed_in(user, remember, message):
    """Log `user` in, hand them the guest's cart and designs, and send them on."""
    login_user(user, remember=remember)
    # The hook reads the guest id from the session, so nothing may clear the session before it runs.
    left_out = adopt_guest_after_login(user)
    flash(message, "success")
    if left_out:
        flash(
            f"Your cart holds at most {max_lines()} lines, so {left_out} of the lines you added before logging in "
            "did not fit. Designs among them are under My designs.",
            "info",
        )
    return redirect(safe_next_url(request.args.get("next")) or url_for("catalog.home"))


@bp.route("/register", methods=["GET", "POST"])
@rate_limits.register
def register():
    """Create an account, then log in; an address already in use is reported on the email field."""
    next_url = safe_next_url(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url or url_for(".overview"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = accounts.register_customer(form.email.data, form.name.data, form.password.data)
        except accounts.EmailTaken:
            form.email.errors.append("An account with this email already exists. Log in instead, or use another.")
        else:
            return _signed_in(user, remember=False, message=f"Welcome, {user.name}! Your account is ready.")
    return render_template("account/register.html", form=form, next_url=next_url)


@bp.route("/login", methods=["GET", "POST"])
@rate_limits.login
def login():
    """Log in with email and password; one generic message for any mismatch. Too many POSTs answer 429."""
    next_url = safe_next_url(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url or url_for(".overview"))
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is not None:
            return _signed_in(user, remember=form.remember.data, message=f"Welcome back, {user.name}.")
        form.form_errors.append(LOGIN_FAILED)
    return render_template("account/login.html", form=form, next_url=next_url)


@bp.route("/logout", methods=["POST"])
def logout():
    """Log out (POST with the CSRF token, so no other site can do it) and start a fresh guest session.

    The customer's sessions end everywhere, so a copy of this session's cookie opens nothing afterwards."""
    if current_user.is_authenticated:
        accounts.end_sessions(current_user.id)
    # Forget the whole session, guest id included, so the next person at this device starts clean.
    session.clear()
    logout_user()
    flash("You have been logged out.", "success")
    return redirect(url_for("catalog.home"))


@bp.route("/")
@login_required
def overview():
    """The customer's account page; anonymous visitors are sent to log in first."""
    return render_template("account/overview.html", user=current_user)


@bp.route("/designs")
@login_required
def my_designs():
    """The customer's saved designs, newest first; those the Hub no longer has are marked (one Hub call)."""
    saved = designs.designs_of(current_user)
    design_retention.mark_forgotten(current_user, saved)
    return render_template("account/designs.html", designs=saved, delete_form=DeleteDesignForm())


@bp.route("/designs/<int:design_id>/open")
@login_required
def open_design(design_id):
    """Reopen a saved design in the editor; 404 when it is not the customer's. A design the Hub no longer has is
    not opened (the editor would be empty): My designs marks it and offers to design it again."""
    shopper = current_shopper()
    design = designs.design_of(shopper, design_id) or abort(404)
    if not design_retention.still_at_hub(shopper, design):
        flash(FORGOTTEN_DESIGN, "error")
        return redirect(url_for("account.my_designs"))
    return redirect(
        url_for("editor.personalize", slug=design.product_group.slug, sku=design.variant.sku, design=design.id)
    )


@bp.route("/designs/<int:design_id>/delete", methods=["POST"])
@login_required
def delete_design(design_id):
    """Remove a saved design from the list; 404 when it is not the customer's."""
    design = designs.design_of(current_shopper(), design_id) or abort(404)
    if not DeleteDesignForm().validate_on_submit():
        abort(400)
    designs.delete_design(design)
    flash("The design was removed from My designs.", "success")
    return redirect(url_for("account.my_designs"))
