"""An order's totals at the edges: prices with and without tax, taxed and untaxed shipping, the free-shipping
threshold, several lines and the one rounding rule (once per tax line, half up)."""

from types import SimpleNamespace

import pytest

from storefront.shipping.pricing import Rate, shipping_price, tax_on, totals

STANDARD = SimpleNamespace(price_cents=595, extra_item_cents=0, free_above_cents=None)
PER_ITEM = SimpleNamespace(price_cents=500, extra_item_cents=150, free_above_cents=10_000)
VAT = Rate("VAT", 1900)


def test_prices_without_tax_get_the_tax_on_top_of_goods_and_shipping():
    result = totals(7200, 3, STANDARD, VAT, prices_include_tax=False, shipping_taxed=True)
    assert (result.subtotal, result.shipping, result.tax, result.total) == (7200, 595, 1481, 9276)  # 7795 × 19 %
    (line,) = result.tax_lines
    assert (line.name, line.basis_points, line.base_cents) == ("VAT", 1900, 7795)


def test_prices_with_tax_hold_it_already_and_the_total_does_not_grow():
    result = totals(11_900, 1, STANDARD, VAT, prices_include_tax=True, shipping_taxed=True)
    assert (result.tax, result.total) == (1995, 12_495)  # 12 495 × 19 / 119 = 1 995.0


def test_untaxed_shipping_stays_out_of_the_base():
    result = totals(10_000, 1, STANDARD, VAT, prices_include_tax=False, shipping_taxed=False)
    assert (result.tax_lines[0].base_cents, result.tax, result.total) == (10_000, 1900, 12_495)


def test_shipping_is_free_from_the_threshold_on_and_charged_per_extra_item_below_it():
    assert shipping_price(PER_ITEM, 10_000, items=4) == 0
    assert shipping_price(PER_ITEM, 9_999, items=4) == 500 + 3 * 150
    assert shipping_price(PER_ITEM, 9_999, items=1) == 500


def test_several_lines_are_taxed_once_on_their_sum_not_line_by_line():
    lines = [333, 333, 334]  # each line alone at 7 %: 23.31 + 23.31 + 23.38 rounds to 69; the order's 1 000: 70
    result = totals(sum(lines), len(lines), None, Rate("Tax", 700), prices_include_tax=False, shipping_taxed=True)
    assert result.tax == 70
    assert sum(tax_on(line, 700, included=False) for line in lines) == 69


@pytest.mark.parametrize(
    ("base", "basis_points", "included", "tax"),
    [
        (25, 1000, False, 3),  # 2.5 rounds half up, not to the even 2
        (35, 1000, False, 4),  # 3.5 -> 4
        (24, 1000, False, 2),  # 2.4 -> 2
        (110, 1000, True, 10),  # 110 × 10 / 110
        (0, 1900, False, 0),
        (1000, 0, False, 0),
    ],
)
def test_the_rounding_rule(base, basis_points, included, tax):
    assert tax_on(base, basis_points, included) == tax


def test_no_rate_no_tax_and_no_method_no_shipping():
    result = totals(5_000, 2, None, None, prices_include_tax=False, shipping_taxed=True)
    assert (result.shipping, result.tax_lines, result.tax, result.total) == (0, (), 0, 5_000)
