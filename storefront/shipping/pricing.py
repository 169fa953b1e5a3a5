"""An order's totals from its lines, its shipping method and its destination's tax rate: pure arithmetic in whole
minor units, with one rounding rule.

The rule: tax is computed once per tax line, on the line's whole base (the subtotal, plus shipping when shipping is
taxed), and rounded half up to a whole minor unit. One rounding per order and rate (not one per order line) keeps
the tax the customer sees equal to the rate applied to the total they see, which is what an invoice must show; half
up is the commercial rounding tax offices expect. Prices that include tax hold their tax already: it is taken out
of the base as base × rate / (1 + rate), rounded the same way, and the total does not grow.
"""

from dataclasses import dataclass
from decimal import Decimal

from ..money import round_half_up

BASIS = 10_000  # basis points in one


@dataclass(frozen=True)
class TaxLine:
    """One tax on an order: its words, rate (basis points), the amount it was computed on and its amount."""

    name: str
    basis_points: int
    base_cents: int
    amount_cents: int

    def to_dict(self):
        return {
            "name": self.name,
            "basis_points": self.basis_points,
            "base": self.base_cents,
            "amount": self.amount_cents,
        }


@dataclass(frozen=True)
class Totals:
    """What an order costs, in minor units. With prices that include tax, `tax` is the part of the total that is tax."""

    subtotal: int
    shipping: int
    tax_lines: tuple
    prices_include_tax: bool

    @property
    def tax(self):
        return sum(line.amount_cents for line in self.tax_lines)

    @property
    def total(self):
        return self.subtotal + self.shipping + (0 if self.prices_include_tax else self.tax)


@dataclass(frozen=True)
class Rate:
    """A tax rate as pricing needs it."""

    name: str
    basis_points: int


def shipping_price(method, subtotal, items):
    """The method's price for an order of `items` items: free above its threshold, else per order plus each extra."""
    if method.free_above_cents is not None and subtotal >= method.free_above_cents:
        return 0
    return method.price_cents + method.extra_item_cents * max(0, items - 1)


def tax_on(base, basis_points, included):
    """The tax in `base`: added on top (rate × base), or held in it already (base × rate / (1 + rate))."""
    if not basis_points or not base:
        return 0
    rate = Decimal(basis_points)
    share = Decimal(base) * rate / (BASIS + rate if included else BASIS)
    return round_half_up(share)


def totals(subtotal, items, method, rate, prices_include_tax, shipping_taxed):
    """The order's totals; `method` None (nothing chosen yet) costs nothing to send, `rate` None taxes nothing."""
    shipping = shipping_price(method, subtotal, items) if method is not None else 0
    lines = ()
    if rate is not None and rate.basis_points:
        base = subtotal + (shipping if shipping_taxed else 0)
        lines = (TaxLine(rate.name, rate.basis_points, base, tax_on(base, rate.basis_points, prices_include_tax)),)
    return Totals(subtotal, shipping, lines, prices_include_tax)
