"""Error pages rendered in the shop's layout (404, 400, 403, 429, 500)."""

from flask import render_template

MESSAGES = {
    400: ("Bad request", "We could not understand that request. Please go back and try again."),
    403: ("Not allowed", "You do not have access to this page."),
    404: ("Page not found", "We looked everywhere but could not find that page."),
    405: ("Not allowed", "That action is not available here."),
    429: ("Slow down", "Too many attempts in a short time. Please wait a minute and try again."),
    500: ("Something went wrong", "An unexpected error happened on our side. Please try again in a moment."),
}


def render_error(error):
    code = getattr(error, "code", 500) or 500
    title, message = MESSAGES.get(code, MESSAGES[500])
    return render_template("errors/error.html", code=code, title=title, message=message), code


def register(app):
    for code in MESSAGES:
        app.register_error_handler(code, render_error)
