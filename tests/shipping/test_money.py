"""Amounts in the store's currency: whole minor units, formatted by Babel for the store's locale."""

from decimal import Decimal

import pytest

from storefront.money import format_money, to_major, to_minor


@pytest.mark.parametrize(
    ("currency", "locale", "minor", "shown"),
    [
        ("USD", "en_US", 1999, "$19.99"),
        ("EUR", "de_DE", 1999, "19,99\xa0€"),
        ("JPY", "ja_JP", 1999, "￥1,999"),
        ("USD", "en_US", 0, "$0.00"),
    ],
)
def test_amounts_are_shown_as_the_locale_writes_the_currency(app, currency, locale, minor, shown):
    app.config.update(STORE_CURRENCY=currency, STORE_LOCALE=locale)
    assert format_money(minor) == shown


def test_minor_units_follow_the_currencys_decimals(app):
    assert to_minor(Decimal("19.99")) == 1999 and to_major(1999) == Decimal("19.99")
    app.config["STORE_CURRENCY"] = "JPY"
    assert to_minor("1999") == 1999 and to_major(1999) == Decimal("1999")
    assert to_minor("0.5") == 1  # half up
