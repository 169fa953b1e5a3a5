"""The limits on what a stranger can make the store spend: each limited view's rates and what they are counted per,
written once here (Flask-Limiter, counted in Redis so every web host shares them); the rates are settings
(config.py). A limited request gets 429 with when to try again (storefront/errors.py).

Counted per client address (behind a proxy, TRUSTED_PROXIES makes that the client's own), per session (the
customer, else the session's CSRF token, which a form page gives every visitor), or per order and client.
"""

import hashlib
import time

from flask import current_app, request, session
from flask_limiter.util import get_remote_address
from flask_login import current_user

from .extensions import limiter


def _rate(setting):
    return lambda: current_app.config[setting]


def client_address():
    return get_remote_address()


def session_key():
    """The customer, else this browser's session (its CSRF token's digest), else its address."""
    if current_user.is_authenticated:
        return f"customer:{current_user.id}"
    token = session.get("csrf_token")
    if token:
        return "session:" + hashlib.sha256(str(token).encode()).hexdigest()[:32]
    return f"address:{client_address()}"


def order_and_client():
    return f"order:{(request.view_args or {}).get('number')}:{client_address()}"


# Placing an order sends an email and starts a Hub project: per client address and per session.
# "Update totals" (the checkout without JavaScript) only quotes: it counts as a quote, not as an order.
def _updating_totals():
    return "update_totals" in request.form


def _placing():
    return not _updating_totals()


checkout_per_address = limiter.limit(
    _rate("CHECKOUT_RATE_LIMIT"), key_func=client_address, methods=["POST"], exempt_when=_updating_totals
)
checkout_per_session = limiter.limit(
    _rate("CHECKOUT_SESSION_RATE_LIMIT"),
    key_func=session_key,
    methods=["POST"],
    scope="checkout-session",
    exempt_when=_updating_totals,
)
# Quoting the cart for a destination (the summary's script, or Update totals) reads the database only.
checkout_quote = limiter.limit(_rate("CHECKOUT_QUOTE_RATE_LIMIT"), key_func=client_address)
checkout_quote_by_form = limiter.limit(
    _rate("CHECKOUT_QUOTE_RATE_LIMIT"), key_func=client_address, methods=["POST"], exempt_when=_placing
)
# Each design added is checked at the Hub and kept as a saved design.
add_design = limiter.limit(_rate("CART_DESIGN_RATE_LIMIT"), key_func=client_address)
# The editor's page and its token renewal are what spend the Hub's storefront users and tokens.
personalize = limiter.limit(_rate("PERSONALIZE_RATE_LIMIT"), key_func=client_address)
editor_token = limiter.limit(_rate("EDITOR_TOKEN_RATE_LIMIT"), key_func=client_address)
# The order page asks every few seconds; counted per order and client, so nobody can use up another's polls.
order_status = limiter.limit(_rate("ORDER_STATUS_RATE_LIMIT"), key_func=order_and_client)
login = limiter.limit(_rate("LOGIN_RATE_LIMIT"), key_func=client_address, methods=["POST"])
register = limiter.limit(_rate("REGISTER_RATE_LIMIT"), key_func=client_address, methods=["POST"])


def retry_after_seconds():
    """Seconds until the limit this request broke lets it through again (at least 1)."""
    broken = limiter.current_limit
    if broken is None:
        return 60
    return max(1, int(broken.reset_at - time.time()))


def wait_words(seconds):
    """'about 40 seconds', 'about 3 minutes', 'about 2 hours'."""
    if seconds < 90:
        return f"about {seconds} seconds"
    if seconds < 90 * 60:
        return f"about {round(seconds / 60)} minutes"
    return f"about {round(seconds / 3600)} hours"
