"""A form field for an amount the store owner types in the store currency's major unit ("19.99"): checked against
the currency's decimals (none for JPY, two for USD), kept as whole minor units (storefront/money.py)."""

from decimal import Decimal

from babel.numbers import get_currency_precision
from wtforms import DecimalField, ValidationError

from .money import currency, to_major, to_minor

WORDS = {1: "one", 2: "two", 3: "three"}


class MoneyField(DecimalField):
    """`minor_units` is the amount as the store keeps it; fill the field from minor units with `major(...)`."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, places=None, **kwargs)

    def pre_validate(self, form):
        if self.data is None:
            return
        precision = get_currency_precision(currency())
        if self.data != self.data.quantize(Decimal(1).scaleb(-precision)):
            raise ValidationError(
                f"Use at most {WORDS.get(precision, precision)} decimals." if precision else "Use a whole amount."
            )

    @property
    def minor_units(self):
        return None if self.data is None else to_minor(self.data)


def major(minor_units):
    """An amount the store keeps (minor units) as the number a MoneyField shows, or None."""
    return None if minor_units is None else to_major(minor_units)
