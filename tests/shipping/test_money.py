"""Amounts in the store's currency: whole minor units, formatted by Babel for the store's locale."""

from decimal import Decimal

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import Form
from wtforms.validators import InputRequired, NumberRange

from storefront.money import format_money, to_major, to_minor
from storefront.money_fields import MoneyField


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


IN_FIGURES = MoneyField.IN_FIGURES


class AmountForm(Form):
    amount = MoneyField("Amount", validators=[InputRequired("Give an amount."), NumberRange(min=0, max=100_000)])


@pytest.mark.parametrize(
    ("typed", "errors"),
    [
        ("19.99", []),
        ("19.999", ["Use at most two decimals."]),
        ("lots", [IN_FIGURES]),
        ("NaN", [IN_FIGURES]),
        ("-Infinity", [IN_FIGURES]),
        ("1e400", [IN_FIGURES]),
        ("", ["Give an amount."]),
    ],
)
def test_an_amount_the_owner_types_gets_one_message_when_it_is_not_one_the_currency_can_hold(app, typed, errors):
    form = AmountForm(MultiDict({"amount": typed}))
    assert form.validate() is (not errors)
    assert form.amount.errors == errors
