"""A form field for an amount the store owner types in the store currency's major unit ("19.99"): checked against
the currency's decimals (none for JPY, two for USD), kept as whole minor units (storefront/money.py)."""

from decimal import Decimal

from babel.numbers import get_currency_precision
from wtforms import DecimalField, ValidationError
from wtforms.validators import StopValidation

from .money import currency, to_major, to_minor

WORDS = {1: "one", 2: "two", 3: "three"}


class MoneyField(DecimalField):
    """`minor_units` is the amount as the store keeps it; fill the field from minor units with `major(...)`."""

    IN_FIGURES = "Type the amount in figures, e.g. 19.99."
    MAX_DIGITS = 15  # before the decimal point: far above any price, far below what Decimal's context holds

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, places=None, invalid_value_message=self.IN_FIGURES, **kwargs)

    def pre_validate(self, form):
        if self.data is None:
            if self.process_errors and (self.raw_data or [""])[0].strip():
                raise StopValidation()  # what was typed is not a number: that message alone, no range after it
            return  # empty: Optional or InputRequired decides
        if not self.data.is_finite() or self.data.adjusted() >= self.MAX_DIGITS:
            # Decimal reads "NaN", "Infinity" and "1e400" too; none is an amount (and quantize fails on them).
            raise StopValidation(self.IN_FIGURES)
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
