"""The admin's shipping and tax forms: a shipping method (the countries it serves, its prices in the store currency)
and a tax rate (a country, one of its regions where it has them, a percentage), each field validated.

Countries are CLDR's names (Babel) of the codes Google's address data knows, so a method never serves "EU" or
"World" and a rate's region is one an address can name. `values()` gives what `owner_changes.save` stores.
"""

from decimal import Decimal

from flask_wtf import FlaskForm
from wtforms import BooleanField, DecimalField, IntegerField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, StopValidation

from ..addresses.countries import choices, names
from ..addresses.validation import is_country, region_code, rules_for
from ..money_fields import MoneyField, major
from ..shipping.management import destination, rate_taken
from ..shipping.percent import is_whole_basis_points, to_basis_points, to_percent
from .catalog_forms import POSITION

MAX_AMOUNT = Decimal("100000")
AMOUNT_RANGE = NumberRange(min=Decimal("0"), max=MAX_AMOUNT, message="Use an amount from 0 to 100000.")


def strip(value):
    return value.strip() if isinstance(value, str) else value


def country_choices():
    """[(code, name)] of every country an address can be in, by name in the store's language."""
    return choices([code for code in names() if is_country(code)])


class ShippingMethodForm(FlaskForm):
    """A shipping method; `fill(method)` shows a saved one."""

    name = StringField(
        "Name", validators=[DataRequired("Give the method a name, e.g. Standard."), Length(max=80)], filters=[strip]
    )
    delivery_time = StringField(
        "Delivery time",
        description="Words the customer reads beside the method, e.g. 3–5 working days.",
        validators=[Optional(), Length(max=120)],
        filters=[strip],
    )
    countries = SelectMultipleField("Countries it serves", validate_choice=False)
    price = MoneyField("Price per order", validators=[InputRequired("Give the price (0 for free)."), AMOUNT_RANGE])
    extra_item = MoneyField(
        "Price per extra item (optional)",
        description="Added for every item past the first (the quantities of the order's lines, summed).",
        validators=[Optional(), AMOUNT_RANGE],
    )
    free_above = MoneyField(
        "Free from an order subtotal of (optional)",
        description="Leave empty for a method that is never free.",
        validators=[Optional(), AMOUNT_RANGE],
    )
    active = BooleanField("On: offered at checkout", default=True)
    position = IntegerField(
        "Position", default=0, description="Checkout lists methods by position.", validators=POSITION
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.countries.choices = country_choices()

    def fill(self, method):
        self.process(
            data={
                "name": method.name,
                "delivery_time": method.delivery_time,
                "countries": list(method.countries or ()),
                "price": major(method.price_cents),
                "extra_item": major(method.extra_item_cents or None),
                "free_above": major(method.free_above_cents),
                "active": method.active,
                "position": method.position,
            }
        )

    def validate_countries(self, field):
        if not field.data:
            raise StopValidation("Choose at least one country.")
        unknown = sorted(set(field.data) - {code for code, _name in field.choices})
        if unknown:
            raise StopValidation(f"Not a country an address can be in: {', '.join(unknown[:5])}.")

    def values(self):
        return {
            "name": self.name.data,
            "delivery_time": self.delivery_time.data or "",
            "countries": sorted(set(self.countries.data)),
            "price_cents": self.price.minor_units,
            "extra_item_cents": self.extra_item.minor_units or 0,
            "free_above_cents": self.free_above.minor_units,
            "active": self.active.data,
            "position": self.position.data or 0,
        }


class PercentField(DecimalField):
    """A tax rate typed as a percentage from 0 to 100 with at most two decimals ("19", "7.25"); `basis_points`."""

    def __init__(self, label=None, validators=None, **kwargs):
        invalid = "Type the rate as a number, e.g. 19 or 7.25."
        super().__init__(label, validators, places=None, invalid_value_message=invalid, **kwargs)

    def pre_validate(self, form):
        if self.data is None:
            return
        if not self.data.is_finite() or not 0 <= self.data <= 100:
            raise StopValidation("Use a rate from 0 to 100.")
        if not is_whole_basis_points(self.data):
            raise StopValidation("Use at most two decimals, e.g. 7.25.")

    @property
    def basis_points(self):
        return None if self.data is None else to_basis_points(self.data)


class TaxRateForm(FlaskForm):
    """A tax rate for a country or one of its regions; `editing` is the rate's id (None for a new one), so the one
    rate per destination is checked against the others."""

    country = SelectField("Country", validate_choice=False)
    region = StringField(
        "State, province or region (optional)",
        description="Empty: the whole country. Else the region's code or name, e.g. CA or California; a region's "
        "rate wins over its country's.",
        validators=[Optional(), Length(max=60)],
        filters=[strip],
    )
    name = StringField(
        "Words on the tax line",
        description="What the customer reads on the order, e.g. VAT or Sales tax.",
        validators=[DataRequired("Give the tax its name, e.g. VAT or Sales tax."), Length(max=40)],
        filters=[strip],
    )
    rate = PercentField(
        "Rate in percent", validators=[InputRequired("Give the rate as a percentage, e.g. 19 or 7.25.")]
    )

    def __init__(self, *args, editing=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.editing = editing
        countries = country_choices()
        self.country.choices = [("", "Choose a country…"), *countries]
        self.known = {code for code, _name in countries}
        self.region_code = None

    def fill(self, rate):
        self.process(
            data={
                "country": rate.country,
                "region": rate.region,
                "name": rate.name,
                "rate": to_percent(rate.basis_points),
            }
        )

    def chosen_regions(self):
        """(the chosen country's name, its regions as (code, name)); no regions while no known country is chosen."""
        country = self.country.data
        if country not in self.known:
            return "", ()
        return destination(country), rules_for(country).regions

    def validate_country(self, field):
        if field.data not in self.known:
            raise StopValidation("Choose a country.")

    def validate_region(self, field):
        country = self.country.data
        if not field.data or self.country.errors:
            return
        rules = rules_for(country)
        if not rules.has_regions:
            raise StopValidation(
                f"{destination(country)} has no regions in Google's address data: leave this empty for a rate for "
                "the whole country."
            )
        self.region_code = region_code(country, field.data)
        if not self.region_code:
            examples = ", ".join(f"{code} ({name})" for code, name in rules.regions[:3])
            raise StopValidation(
                f"{field.data} is not a {rules.region_word} of {destination(country)}: use one of "
                f"its codes or names, e.g. {examples}."
            )

    def validate(self, extra_validators=None):
        fields_ok = super().validate(extra_validators)
        if self.country.errors or self.region.errors:
            return False
        region = self.region_code or None
        if rate_taken(self.country.data, region, exclude_id=self.editing):
            field = self.region if region else self.country
            field.errors = [
                *field.errors,
                f"{destination(self.country.data, region)} has a tax rate already: edit that one instead.",
            ]
            return False
        return fields_ok

    def values(self):
        return {
            "country": self.country.data,
            "region": self.region_code or None,
            "name": self.name.data,
            "basis_points": self.rate.basis_points,
        }
