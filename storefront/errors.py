"""Error pages rendered in the shop's layout (404, 400, 403, 429, 500) and the answer to a failed CSRF check."""

from flask import jsonify, make_response, render_template, request
from flask_wtf.csrf import CSRFError

from . import rate_limits

MESSAGES = {
    400: ("Bad request", "We could not understand that request. Please go back and try again."),
    403: ("Not allowed", "You do not have access to this page."),
    404: ("Page not found", "We looked everywhere but could not find that page."),
    405: ("Not allowed", "That action is not available here."),
    413: ("Too large", "That was more than we accept in one go."),
    429: ("Slow down", "Too many attempts in a short time. Please wait a minute and try again."),
    500: ("Something went wrong", "An unexpected error happened on our side. Please try again in a moment."),
}


def render_error(error):
    code = getattr(error, "code", 500) or 500
    title, message = MESSAGES.get(code, MESSAGES[500])
    return render_template("errors/error.html", code=code, title=title, message=message), code


# Routes that answer JSON to the store's own scripts (the editor's Add to cart and token renewal, the order page's
# polls) and to the Hub's pipeline callback.
JSON_ENDPOINTS = {"cart.add_design", "checkout.totals", "editor.fresh_token", "orders.status", "webhooks.hub_pipeline"}


def wants_json():
    return request.endpoint in JSON_ENDPOINTS or request.is_json or request.accept_mimetypes.best == "application/json"


def render_too_many(error):
    """429 with when to try again: in words, and in Retry-After."""
    seconds = rate_limits.retry_after_seconds(error)
    title, message = MESSAGES[429]
    message = f"Too many requests in a short time. Please try again in {rate_limits.wait_words(seconds)}."
    if wants_json():
        response = jsonify(error=message, retry_after=seconds)
    else:
        response = make_response(render_template("errors/error.html", code=429, title=title, message=message))
    response.status_code = 429
    response.headers["Retry-After"] = str(seconds)
    return response


def render_csrf_error(error):
    """An expired or missing form token: say so plainly (JSON for the editor's Add to cart)."""
    message = "This page was open too long or your session changed. Reload the page and try again."
    if wants_json():
        return jsonify(error=message), 400
    return render_template("errors/error.html", code=400, title="Please try that again", message=message), 400


def register(app):
    for code in MESSAGES:
        app.register_error_handler(code, render_error)
    app.register_error_handler(429, render_too_many)
    app.register_error_handler(CSRFError, render_csrf_error)
