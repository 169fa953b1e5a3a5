"""Admin forms: the form behind every action button (the CSRF token; Mark as shipped adds a carrier and a tracking
number), the Hub status transition form, and the correction of an order's shipping address."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, FormField, SearchField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from ..addresses.forms import AddressForm, strip
from ..shipping.carriers import MAX_TRACKING_NUMBER, TRACKING_NUMBER, carrier_names, tracking_number
from .actions import MAX_TRANSITION_NAME


class ActionForm(FlaskForm):
    """A button that changes an order: the CSRF token, and `confirmed` once the owner confirmed what the Hub refused.

    An action that takes more (a subclass's fields) hands them to what it runs as `details()`.
    """

    confirmed = BooleanField()

    def details(self):
        return {}


class ShipForm(ActionForm):
    """Mark as shipped: the carrier (one of SHIPPING_CARRIERS) and the tracking number, both optional."""

    carrier = SelectField("Carrier (optional)", validate_choice=False)
    tracking_number = StringField(
        "Tracking number (optional)",
        validators=[
            Optional(),
            Length(max=MAX_TRACKING_NUMBER, message=f"At most {MAX_TRACKING_NUMBER} characters."),
            Regexp(TRACKING_NUMBER, message="Use letters, digits, spaces and hyphens only."),
        ],
        filters=[strip],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.carrier.choices = [("", "No carrier"), *((name, name) for name in carrier_names())]

    def validate_carrier(self, field):
        if field.data and field.data not in carrier_names():
            raise ValidationError("Choose one of the carriers listed.")

    def details(self):
        return {"carrier": self.carrier.data or None, "tracking_number": tracking_number(self.tracking_number.data)}


class ShippingAddressForm(FlaskForm):
    """The owner's correction of an order's shipping address: the address form checkout uses, `offer`ed the
    countries it may name (admin/address_correction.countries_for)."""

    address = FormField(AddressForm, label="Shipping address")


class OrderSearchForm(FlaskForm):
    """The orders list's search (number, email or name) and date range; read from the query string."""

    class Meta:
        csrf = False  # a GET that changes nothing

    q = SearchField("Search", validators=[Optional(), Length(max=100, message="Search for at most 100 characters.")])
    since = DateField("Placed from", validators=[Optional()])
    until = DateField("to", validators=[Optional()])

    def validate_until(self, field):
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError("The end date is before the start date.")


class TransitionForm(FlaskForm):
    """A project status transition by name, chosen from the Hub's live list."""

    transition = StringField("Transition", validators=[DataRequired(), Length(max=MAX_TRANSITION_NAME)])
