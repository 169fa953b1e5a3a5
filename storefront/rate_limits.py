"""The limits on what a stranger can make the store spend: each limited view's rates and what they are counted per,
written once here, counted in Redis so every web host shares them; the rates are settings (config.py). A limited
request gets 429 with when to try again (storefront/errors.py).

Counted per client address (behind a proxy, TRUSTED_PROXIES makes that the client's own), per session (the
customer, else the session's CSRF token, which a form page gives every visitor), or per order and client.

Built on the `limits` library's public API (the counting engine under Flask-Limiter): a limit is checked by its
view's decorator only, so a page without one costs nothing. Flask-Limiter 4.1 offers no public way to skip the check
it adds before every request of the app, which cost each page about a tenth of its time. Each view's rates are
counted in fixed windows (Flask-Limiter's default); a request one of them refuses is counted against none of them.
When Redis cannot be reached, the request goes through uncounted and a warning is logged: an outage of the limits'
store must not take the login or the checkout down with it.
"""

import functools
import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app, request, session
from flask_login import current_user
from limits import parse_many
from limits.errors import StorageError
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter
from werkzeug.exceptions import TooManyRequests

log = logging.getLogger(__name__)

_EXTENSION = "rate_limits"
# When a refused request's limit lets it through again is not known (never expected): a minute.
UNKNOWN_WAIT = 60


@dataclass(frozen=True)
class Limit:
    """Rates from the setting `setting` (e.g. "10 per minute;30 per hour"), counted per `counted_per()` under
    `scope`, on requests of `methods` only (every method when empty) for which `when()` holds (always when None)."""

    setting: str
    counted_per: Callable[[], str]
    scope: str
    methods: frozenset = frozenset()
    when: Callable[[], bool] | None = None

    def applies(self):
        return (not self.methods or request.method in self.methods) and (self.when is None or self.when())


class RateLimited(TooManyRequests):
    """429: a limit of the view refused the request; `retry_after` is in seconds."""


def client_address():
    return request.remote_addr or "unknown"


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


def limited(*limits):
    """A view decorator checking `limits` before the view runs. Stacked, the decorators check all their limits as
    one, so a request the inner one refuses is counted against the outer one's neither."""

    def decorate(view):
        inner = getattr(view, "limited_view", view)
        together = (*limits, *getattr(view, "limits", ()))

        @functools.wraps(inner)
        def checked(*args, **kwargs):
            check(together)
            return inner(*args, **kwargs)

        checked.limited_view, checked.limits = inner, together
        return checked

    return decorate


@functools.lru_cache(maxsize=64)
def _items(rates):
    return tuple(parse_many(rates))


def check(limits):
    """Count this request against `limits`; raises RateLimited when one of them refuses it."""
    counted = [
        (item, limit.scope, limit.counted_per())
        for limit in limits
        if limit.applies()
        for item in _items(current_app.config[limit.setting])
    ]
    counter = current_app.extensions[_EXTENSION]
    try:
        refused = next((one for one in counted if not counter.test(*one)), None)
        if refused is None:
            # Each hit is one atomic increment: however many requests arrive at once, no more than the rate pass.
            refused = next((one for one in counted if not counter.hit(*one)), None)
        reset_at = counter.get_window_stats(*refused).reset_time if refused else None
    except StorageError:
        log.warning("rate limits could not be counted (storage unreachable): the request goes through uncounted")
        return
    if refused:
        log.info("rate limit %s per %s refused a request to %s", refused[0], refused[1], request.endpoint)
        raise RateLimited(retry_after=max(1, int(reset_at + 1 - time.time())))


def retry_after_seconds(error):
    """Seconds until the limit `error` broke lets the request through again (at least 1)."""
    return getattr(error, "retry_after", None) or UNKNOWN_WAIT


def wait_words(seconds):
    """'about 40 seconds', 'about 3 minutes', 'about 2 hours'."""
    if seconds < 90:
        return f"about {seconds} seconds"
    if seconds < 90 * 60:
        return f"about {round(seconds / 60)} minutes"
    return f"about {round(seconds / 3600)} hours"


def updating_totals():
    """The checkout's "Update totals" (without JavaScript): it only quotes the cart, it places nothing."""
    return "update_totals" in request.form


def placing():
    return not updating_totals()


POST = frozenset({"POST"})
# Placing an order sends an email and starts a Hub project: per client address and per session.
checkout_per_address = limited(Limit("CHECKOUT_RATE_LIMIT", client_address, "checkout", POST, placing))
checkout_per_session = limited(Limit("CHECKOUT_SESSION_RATE_LIMIT", session_key, "checkout-session", POST, placing))
# Quoting the cart for a destination (the summary's script, or Update totals) reads the database only.
checkout_quote = limited(Limit("CHECKOUT_QUOTE_RATE_LIMIT", client_address, "checkout-quote"))
checkout_quote_by_form = limited(
    Limit("CHECKOUT_QUOTE_RATE_LIMIT", client_address, "checkout-quote", POST, updating_totals)
)
# Each design added is checked at the Hub and kept as a saved design.
add_design = limited(Limit("CART_DESIGN_RATE_LIMIT", client_address, "add-design"))
# The editor's page and its token renewal are what spend the Hub's storefront users and tokens.
personalize = limited(Limit("PERSONALIZE_RATE_LIMIT", client_address, "personalize"))
editor_token = limited(Limit("EDITOR_TOKEN_RATE_LIMIT", client_address, "editor-token"))
# The order page asks every few seconds; counted per order and client, so nobody can use up another's polls.
order_status = limited(Limit("ORDER_STATUS_RATE_LIMIT", order_and_client, "order-status"))
login = limited(Limit("LOGIN_RATE_LIMIT", client_address, "login", POST))
register = limited(Limit("REGISTER_RATE_LIMIT", client_address, "register", POST))


def init_app(app):
    """Count in RATELIMIT_STORAGE_URI (default: REDIS_URL), with RATELIMIT_STORAGE_OPTIONS (short timeouts: a Redis
    that stops answering must not hang the login page)."""
    options = {"socket_connect_timeout": 1, "socket_timeout": 1, **app.config.get("RATELIMIT_STORAGE_OPTIONS", {})}
    uri = app.config.get("RATELIMIT_STORAGE_URI") or app.config["REDIS_URL"]
    app.extensions[_EXTENSION] = FixedWindowRateLimiter(storage_from_string(uri, wrap_exceptions=True, **options))
