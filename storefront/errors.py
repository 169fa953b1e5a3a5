"""Error pages rendered in the shop's layout (404, 400, 403, 429, 500) and the answer to a failed CSRF check."""

from flask import jsonify, render_template, request
from flask_wtf.csrf import CSRFError

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


def render_csrf_error(error):
    """An expired or missing form token: say so plainly (JSON for the editor's Add to cart)."""
    message = "This page was open too long or your session changed. Reload the page and try again."
    if request.is_json or request.accept_mimetypes.best == "application/json":
        return jsonify(error=message), 400
    return render_template("errors/error.html", code=400, title="Please try that again", message=message), 400


def register(app):
    for code in MESSAGES:
        app.register_error_handler(code, render_error)
    app.register_error_handler(CSRFError, render_csrf_error)
