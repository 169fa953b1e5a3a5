"""Order forms: the checkout (email, name and the one-time checkout key that makes a double submit harmless) and
Order again (a button: only its CSRF token)."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, SubmitField
from wtforms.validators import DataRequired, Regexp

from ..account.forms import contact_email_field, contact_name_field

# new_checkout_key() makes 32 URL-safe characters; anything else did not come from our form.
CHECKOUT_KEY_PATTERN = r"^[A-Za-z0-9_-]{16,64}$"


class CheckoutForm(FlaskForm):
    """Who the order is for; guests and customers alike."""

    email = contact_email_field("Enter your email address, so we can tell you about your order.")
    name = contact_name_field()
    checkout_key = HiddenField(validators=[DataRequired(), Regexp(CHECKOUT_KEY_PATTERN)])
    submit = SubmitField("Place order")


class OrderAgainForm(FlaskForm):
    """Order again: a POST carrying the CSRF token, so no other site can fill a customer's cart."""
