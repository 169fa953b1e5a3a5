"""Country names for the countries the store ships to, from CLDR (Babel), in the store's language."""

from babel import Locale
from flask import current_app


def names():
    """{ISO code: name} in the store's locale."""
    return Locale.parse(current_app.config["STORE_LOCALE"]).territories


def country_name(code):
    return names().get(code, code)


def choices(codes):
    """[(code, name)] of these countries, sorted by name."""
    known = names()
    return sorted(((code, known.get(code, code)) for code in codes), key=lambda choice: choice[1])
