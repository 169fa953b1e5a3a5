"""Order forms: the checkout (email, name and the one-time checkout key that makes a double submit harmless)."""

from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length, Regexp

from ..account.forms import normalise_email, strip

# new_checkout_key() makes 32 URL-safe characters; anything else did not come from our form.
CHECKOUT_KEY_PATTERN = r"^[A-Za-z0-9_-]{16,64}$"


class CheckoutForm(FlaskForm):
    """Who the order is for; guests and customers alike."""

    email = EmailField(
        "Email",
        filters=[normalise_email],
        validators=[
            DataRequired("Enter your email address, so we can tell you about your order."),
            Length(max=254, message="That email address is too long."),
            Email("Enter a valid email address, like name@example.com.", check_deliverability=False),
        ],
        render_kw={"autocomplete": "email"},
    )
    name = StringField(
        "Your name",
        filters=[strip],
        validators=[
            DataRequired("Enter your name."),
            Length(max=120, message="Keep your name to 120 characters or fewer."),
        ],
        render_kw={"autocomplete": "name"},
    )
    checkout_key = HiddenField(validators=[DataRequired(), Regexp(CHECKOUT_KEY_PATTERN)])
    submit = SubmitField("Place order")
