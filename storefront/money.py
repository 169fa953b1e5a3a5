"""Money: amounts are integers in the minor units of the store's currency (STORE_CURRENCY: cents for USD, none for
JPY), formatted by Babel for the store's locale (STORE_LOCALE). Nothing else in the store formats an amount."""

from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_currency, get_currency_precision
from flask import current_app


def currency():
    return current_app.config["STORE_CURRENCY"]


def to_major(minor_units, code=None):
    """Minor units as a Decimal of the currency's major unit (1999 cents -> Decimal('19.99'))."""
    return Decimal(int(minor_units or 0)).scaleb(-get_currency_precision(code or currency()))


def to_minor(major, code=None):
    """A Decimal (or str) in the currency's major unit as whole minor units, rounded half up."""
    precision = get_currency_precision(code or currency())
    return int((Decimal(str(major)).scaleb(precision)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def format_money(minor_units, code=None, locale=None):
    """'$19.99' in English, '19,99 €' in German: the amount in the currency's own notation for the locale."""
    code = code or currency()
    return format_currency(to_major(minor_units, code), code, locale=locale or current_app.config["STORE_LOCALE"])


def round_half_up(value):
    """A Decimal rounded to a whole number of minor units, halves away from zero (the store's one rounding rule)."""
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))
