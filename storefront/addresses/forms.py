"""The address form: recipient, company, two lines, city, postal code, region where the country has them, country
(only those the store ships to) and a phone for the carrier. Used inside checkout (shipping and billing), the
address book and the admin's correction of an order's shipping address. The address book's own forms (an
address with its "make this my default" box, and the CSRF-only confirmation) are at the end.

Each field says what is wrong with it, and what was typed is kept: the country's own rules (validation.py) run
after the field checks, and their messages land on the fields they are about.
"""

from flask_wtf import FlaskForm
from wtforms import BooleanField, Form, FormField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from .countries import regions_of
from .models import FIELDS
from .validation import check


def strip(value):
    return value.strip() if isinstance(value, str) else value


PHONE = Regexp(r"^[0-9+()./ -]{5,40}$", message="Use digits, spaces and + ( ) - . only.")


class AddressForm(Form):
    """One postal address; `countries` ([(code, name)]) are the ones offered. After `validate`, `cleaned` holds the
    address (a dict of addresses.models.FIELDS) with its postal code and region as the country writes them."""

    name = StringField(
        "Recipient name", validators=[DataRequired("Enter the recipient's name."), Length(max=120)], filters=[strip]
    )
    company = StringField("Company (optional)", validators=[Optional(), Length(max=120)], filters=[strip])
    line1 = StringField(
        "Address line 1",
        validators=[DataRequired("Enter the street address."), Length(max=200)],
        filters=[strip],
    )
    line2 = StringField("Address line 2 (optional)", validators=[Optional(), Length(max=200)], filters=[strip])
    city = StringField("City", validators=[DataRequired("Enter the city."), Length(max=120)], filters=[strip])
    postal_code = StringField("Postal code", validators=[Length(max=20)], filters=[strip])
    region = StringField("State / region", validators=[Length(max=40)], filters=[strip])
    country = SelectField("Country", validate_choice=False)
    phone = StringField(
        "Phone for the carrier (optional)", validators=[Optional(), Length(max=40), PHONE], filters=[strip]
    )

    cleaned = None

    # {country code: ((region code, name), ...)} of the offered countries that have regions: the region field's
    # suggestions (the address_fields macro of _forms.html draws them).
    regions = None

    def offer(self, countries):
        """Offer these countries [(code, name)]; the first is chosen when nothing is."""
        self.country.choices = list(countries)
        if not self.country.data and self.country.choices:
            self.country.data = self.country.choices[0][0]
        self.regions = regions_of(code for code, _name in self.country.choices)
        return self

    def values(self):
        return {field: (self[field].data or "") for field in FIELDS}

    def validate(self, extra_validators=None):
        fields_ok = super().validate(extra_validators)
        if self.country.data not in {code for code, _name in self.country.choices or ()}:
            self.country.errors = [*self.country.errors, "Choose a country we ship to."]
            return False
        cleaned, messages = check(self.values())
        for field, message in messages.items():
            if field in self._fields and not self[field].errors:
                self[field].errors = [*self[field].errors, message]
        if fields_ok and not messages:
            self.cleaned = cleaned
            return True
        return False

    def fill(self, address):
        """Show a saved address (a dict of FIELDS) in the form."""
        for field in FIELDS:
            self[field].data = (address or {}).get(field) or ""
        return self


class BookAddressForm(FlaskForm):
    """An address of the customer's address book (the address fields are prefixed `address-`), and whether it is
    to be their default."""

    address = FormField(AddressForm)
    make_default = BooleanField("Make this my default address")
    submit = SubmitField("Save address")

    def offer(self, countries):
        self.address.form.offer(countries)
        return self


class ConfirmForm(FlaskForm):
    """Only the CSRF token: removing an address, making one the default."""
