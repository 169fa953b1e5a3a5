"""Account views: register, log in (rate-limited), log out (POST only) and the customer's overview."""

from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from .. import shoppers
from ..extensions import limiter
from . import bp, services
from .forms import LoginForm, RegisterForm

LOGIN_FAILED = "Email or password is incorrect."


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
    shoppers.adopt_guest_after_login(user)
    flash(message, "success")
    return redirect(safe_next_url(request.args.get("next")) or url_for("catalog.home"))


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["REGISTER_RATE_LIMIT"], methods=["POST"])
def register():
    """Create an account, then log in; an address already in use is reported on the email field."""
    next_url = safe_next_url(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url or url_for(".overview"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = services.register_customer(form.email.data, form.name.data, form.password.data)
        except services.EmailTaken:
            form.email.errors.append("An account with this email already exists. Log in instead, or use another.")
        else:
            return _signed_in(user, remember=False, message=f"Welcome, {user.name}! Your account is ready.")
    return render_template("account/register.html", form=form, next_url=next_url)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    """Log in with email and password; one generic message for any mismatch. Too many POSTs answer 429."""
    next_url = safe_next_url(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url or url_for(".overview"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            return _signed_in(user, remember=form.remember.data, message=f"Welcome back, {user.name}.")
        form.form_errors.append(LOGIN_FAILED)
    return render_template("account/login.html", form=form, next_url=next_url)


@bp.route("/logout", methods=["POST"])
def logout():
    """Log out (POST with the CSRF token, so no other site can do it) and start a fresh guest session."""
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
