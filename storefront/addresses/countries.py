"""Country names for the countries the store ships to, from CLDR (Babel), in the store's language, and the regions
those countries have."""

from babel import Locale
from flask import current_app

from .validation import rules_for


def names(locale=None):
    """{ISO code: name} in the store's locale (or `locale`)."""
    return Locale.parse(locale or current_app.config["STORE_LOCALE"]).territories


def country_name(code, locale=None):
    return names(locale).get(code, code)


def choices(codes):
    """[(code, name)] of these countries, sorted by name."""
    known = names()
    return sorted(((code, known.get(code, code)) for code in codes), key=lambda choice: choice[1])


def regions_of(codes):
    """{code: ((region code, name), ...)} of those of these countries that have regions (states, provinces...), from
    Google's address data: the region field's suggestions."""
    return {code: rules.regions for code in codes if (rules := rules_for(code)).has_regions}
