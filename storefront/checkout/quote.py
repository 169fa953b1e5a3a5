"""The checkout's quote: the cart's lines sent to a destination with a shipping method, and what that costs. The
summary the shopper sees, the totals JSON the page's script asks for and the order that is placed all come from
here, so they always agree; a total posted by the browser is never read.
"""

from dataclasses import dataclass

from ..addresses.countries import country_name
from ..addresses.validation import region_code
from ..money import format_money
from ..shipping import pricing
from ..shipping.queries import methods_for, prices_include_tax, rate_for, shipping_countries, shipping_taxed


@dataclass(frozen=True)
class Quote:
    """The cart quoted for a destination: the methods that serve it, the one chosen (None when none serves it or
    the one asked for does not), and the totals with that method."""

    country: str | None
    region: str
    methods: tuple
    method: object
    totals: pricing.Totals
    items: int

    def shipping_price(self, method):
        """What `method` would cost for this cart (the method list shows every price)."""
        return pricing.shipping_price(method, self.totals.subtotal, self.items)

    def to_json(self):
        """The summary for the page's script: amounts in minor units and in words, the methods with their prices."""
        totals = self.totals
        return {
            "country": self.country,
            "country_name": country_name(self.country) if self.country else None,
            "method_id": self.method.id if self.method is not None else None,
            "methods": [
                {
                    "id": method.id,
                    "name": method.name,
                    "delivery_time": method.delivery_time,
                    "price": self.shipping_price(method),
                    "price_text": format_money(self.shipping_price(method)),
                }
                for method in self.methods
            ],
            "subtotal": totals.subtotal,
            "shipping": totals.shipping,
            "tax": totals.tax,
            "total": totals.total,
            "prices_include_tax": totals.prices_include_tax,
            "tax_lines": [
                {**line.to_dict(), "amount_text": format_money(line.amount_cents)} for line in totals.tax_lines
            ],
            "text": {
                "subtotal": format_money(totals.subtotal),
                "shipping": format_money(totals.shipping),
                "tax": format_money(totals.tax),
                "total": format_money(totals.total),
            },
        }


def default_country():
    """The country a new checkout starts with: the first the store ships to (None when it ships nowhere yet)."""
    countries = shipping_countries()
    return countries[0] if countries else None


def quote(lines, country, region="", method_id=None, pick_first=True):
    """The cart `lines` quoted for `country` (and `region`, for its tax) with the method `method_id`.

    A method that does not serve the country is not used; with `pick_first` the first method that does is used
    instead (the summary's guess), else none (placing the order then refuses it).
    """
    subtotal = sum(line.total_cents for line in lines)
    items = sum(line.quantity for line in lines)
    methods = tuple(methods_for(country)) if country else ()
    method = next((m for m in methods if m.id == method_id), None)
    if method is None and pick_first and methods:
        method = methods[0]
    region = region_code(country, region)
    rate = rate_for(country, region or None) if country else None
    totals = pricing.totals(subtotal, items, method, rate, prices_include_tax(), shipping_taxed())
    return Quote(country, region or "", methods, method, totals, items)
