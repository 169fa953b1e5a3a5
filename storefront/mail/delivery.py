"""How messages leave the store: Flask-Mailman set up from our MAIL_* settings, SMTP when MAIL_SERVER is set,
otherwise .eml files in the outbox folder (outbox_files.py)."""

from flask import current_app
from flask_mailman import EmailMultiAlternatives

from ..extensions import mail

OUTBOX_BACKEND = "storefront.mail.outbox_files.EmailBackend"


def init_app(app):
    """Translate our settings into Flask-Mailman's names, then initialise it."""
    config = app.config
    config.setdefault("MAIL_BACKEND", "smtp" if config.get("MAIL_SERVER") else OUTBOX_BACKEND)
    config.setdefault("MAIL_FILE_PATH", config["MAIL_OUTBOX_DIR"])
    config.setdefault("MAIL_DEFAULT_SENDER", config["MAIL_FROM"])
    mail.init_app(app)


def new_message(subject, text, html, to):
    """A plain-text message with an HTML alternative, from MAIL_FROM."""
    message = EmailMultiAlternatives(subject, text, current_app.config["MAIL_FROM"], [to])
    message.attach_alternative(html, "text/html")
    return message


def deliver(message):
    """Hand one message to the backend; SMTP errors propagate (sending.py tells temporary from permanent)."""
    with mail.get_connection() as connection:
        connection.send_messages([message])
