"""Tax rates as the owner types and reads them: a percentage with at most two decimals, kept as basis points."""

from decimal import Decimal

import pytest

from storefront.shipping.percent import format_percent, to_basis_points, to_percent


@pytest.mark.parametrize(("typed", "basis_points"), [("19", 1900), ("7.25", 725), ("0.01", 1), ("100", 10_000)])
def test_a_percentage_is_kept_as_basis_points_and_shown_as_typed(typed, basis_points):
    assert to_basis_points(typed) == basis_points
    assert to_percent(basis_points) == Decimal(typed) and str(to_percent(basis_points)) == typed


def test_a_percentage_with_three_decimals_is_not_a_whole_number_of_basis_points():
    with pytest.raises(ValueError, match="more than 2 decimals"):
        to_basis_points("7.255")


def test_a_rate_is_written_as_the_stores_locale_writes_percentages(app):
    assert format_percent(725) == "7.25%"
    assert format_percent(1900, locale="de_DE") == "19\xa0%"
