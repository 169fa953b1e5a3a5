"""Account forms: registration and login, validated on the server (Flask-WTF adds the CSRF field)."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from ..shoppers.accounts import normalise_email

MIN_PASSWORD_LENGTH = 8
# Long enough for any passphrase or password manager, short enough that hashing it is never a burden.
MAX_PASSWORD_LENGTH = 200


def strip(value):
    return value.strip() if isinstance(value, str) else value


def contact_email_field(missing="Enter your email address."):
    """A validated, normalised email field (registration, checkout)."""
    return EmailField(
        "Email",
        filters=[normalise_email],
        validators=[
            DataRequired(missing),
            Length(max=254, message="That email address is too long."),
            Email("Enter a valid email address, like name@example.com.", check_deliverability=False),
        ],
        render_kw={"autocomplete": "email"},
    )


def contact_name_field():
    """A person's name, trimmed, up to 120 characters (registration, checkout)."""
    return StringField(
        "Your name",
        filters=[strip],
        validators=[
            DataRequired("Enter your name."),
            Length(max=120, message="Keep your name to 120 characters or fewer."),
        ],
        render_kw={"autocomplete": "name"},
    )


class RegisterForm(FlaskForm):
    """A new customer: email, name and a password typed twice."""

    email = contact_email_field()
    name = contact_name_field()
    password = PasswordField(
        "Password",
        validators=[
            DataRequired("Choose a password."),
            Length(min=MIN_PASSWORD_LENGTH, message=f"Use at least {MIN_PASSWORD_LENGTH} characters."),
            Length(max=MAX_PASSWORD_LENGTH, message=f"Use at most {MAX_PASSWORD_LENGTH} characters."),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        "Confirm password",
        validators=[
            DataRequired("Type your password again."),
            EqualTo("password", message="The two passwords do not match."),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField("Create account")


class LoginForm(FlaskForm):
    """A returning customer: email and password, optionally remembered on this device."""

    email = EmailField(
        "Email",
        filters=[normalise_email],
        validators=[DataRequired("Enter your email address.")],
        render_kw={"autocomplete": "email"},
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired("Enter your password.")],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField("Remember me on this device")
    submit = SubmitField("Log in")


class DeleteDesignForm(FlaskForm):
    """Only the CSRF token."""
