"""Tax rates as people read and type them: a percentage with at most two decimals ("19", "7.25"), kept as whole basis
points (1900 is 19 %; pricing.BASIS in one), and shown by Babel in the store's locale ("7.25%", "7,25 %")."""

from decimal import Decimal

from babel.numbers import format_percent as babel_percent
from flask import current_app

from .pricing import BASIS

PLACES = 2  # a basis point is a hundredth of a percent
PER_PERCENT = BASIS // 100


def is_whole_basis_points(percent: Decimal) -> bool:
    """True when the percentage has at most two decimals, so it is a whole number of basis points."""
    return percent == percent.quantize(Decimal(1).scaleb(-PLACES))


def to_basis_points(percent) -> int:
    """A percentage of at most two decimals (a Decimal or its text) as basis points: "7.25" -> 725."""
    percent = Decimal(str(percent))
    if not is_whole_basis_points(percent):
        raise ValueError(f"{percent} % has more than {PLACES} decimals")
    return int(percent * PER_PERCENT)


def to_percent(basis_points: int) -> Decimal:
    """Basis points as the percentage the owner typed: 725 -> Decimal("7.25"), 1900 -> Decimal("19")."""
    return Decimal(basis_points) / PER_PERCENT  # exact, so Decimal keeps no trailing zeros: 1000 -> 10


def format_percent(basis_points: int, locale=None) -> str:
    """The rate in the store's locale: "7.25%" in English, "7,25 %" in German."""
    return babel_percent(
        Decimal(basis_points) / BASIS, locale=locale or current_app.config["STORE_LOCALE"], decimal_quantization=False
    )
