"""Look-ups for checkout: where the store ships, which methods serve a country, and the tax rate of a destination."""

from flask import current_app

from ..extensions import db
from .models import ShippingMethod, TaxRate
from .pricing import Rate


def active_methods():
    """Every method on offer, in the owner's order."""
    query = db.select(ShippingMethod).filter_by(active=True).order_by(ShippingMethod.position, ShippingMethod.id)
    return db.session.execute(query).scalars().all()


def shipping_countries():
    """The countries some active method serves (ISO codes, sorted): the only ones an address may name."""
    return sorted({country for method in active_methods() for country in method.countries or ()})


def methods_for(country):
    """The active methods that serve `country`, in the owner's order."""
    return [method for method in active_methods() if method.serves(country)]


def method_for(method_id, country):
    """The active method with this id when it serves `country`, else None (a method posted for another country)."""
    method = db.session.get(ShippingMethod, method_id) if method_id else None
    return method if method is not None and method.active and method.serves(country) else None


def rate_for(country, region=None):
    """The destination's tax rate: its region's when the owner set one, else its country's, else None."""
    rows = db.session.execute(db.select(TaxRate).filter_by(country=country)).scalars().all()
    by_region = {row.region: row for row in rows}
    row = by_region.get(region) if region else None
    row = row or by_region.get(None)
    return Rate(row.name, row.basis_points) if row is not None else None


def prices_include_tax():
    return current_app.config["PRICES_INCLUDE_TAX"]


def shipping_taxed():
    return current_app.config["SHIPPING_TAXED"]
