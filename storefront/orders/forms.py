"""Order forms: Order again (a button: only its CSRF token)."""

from flask_wtf import FlaskForm


class OrderAgainForm(FlaskForm):
    """Order again: a POST carrying the CSRF token, so no other site can fill a customer's cart."""
