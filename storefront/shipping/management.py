"""The owner's changes to shipping methods and tax rates: what the admin page lists, the one-rate-per-destination
check, and removing safely.

A method named on orders is never deleted (orders refer to it by `shipping_method_id`; they keep their own copy of
its name, delivery time and price): it is switched off instead, so checkout no longer offers it, and the owner is told
so. A tax rate can always go: orders keep their tax lines frozen. Saving goes through `owner_changes.save`, which
takes a demo row out of seed-demo's hands.
"""

from sqlalchemy import func

from ..addresses.countries import country_name
from ..addresses.validation import rules_for
from ..extensions import db
from ..orders.models import Order
from ..owner_changes import Outcome, delete, keep_instead
from .models import ShippingMethod, TaxRate


def all_methods():
    """Every method, switched off too, in the order checkout lists them."""
    query = db.select(ShippingMethod).order_by(ShippingMethod.position, ShippingMethod.id)
    return db.session.execute(query).scalars().all()


def all_rates():
    """Every tax rate, by country, the whole country's rate before its regions'."""
    query = db.select(TaxRate).order_by(TaxRate.country, TaxRate.region.is_not(None), TaxRate.region)
    return db.session.execute(query).scalars().all()


def orders_using(method) -> int:
    return db.session.scalar(db.select(func.count()).where(Order.shipping_method_id == method.id))


def remove_method(method: ShippingMethod) -> Outcome:
    """Delete a method no order names; one that orders name is switched off instead."""
    used = orders_using(method)
    if used:
        message = (
            f"{method.name} is the shipping method of {used} order(s), so it was switched off instead of removed: "
            "checkout no longer offers it, and those orders keep it."
        )
        return keep_instead(method, {"active": False}, message)
    return delete([method], f"{method.name} was removed.")


def destination(country, region=None) -> str:
    """A rate's destination in words: "Germany", or "California, United States" (`region` is the region's code)."""
    if not region:
        return country_name(country)
    return f"{dict(rules_for(country).regions).get(region, region)}, {country_name(country)}"


def remove_rate(rate: TaxRate) -> Outcome:
    """Delete a tax rate; orders placed with it keep their tax lines."""
    return delete([rate], f"The {rate.name} rate for {destination(rate.country, rate.region)} was removed.")


def rate_taken(country, region, exclude_id=None) -> bool:
    """True when another rate is set for this country and region (None: the whole country).

    Checked here rather than left to the unique constraint: SQL counts two NULL regions as different, so the database
    alone would take a second whole-country rate.
    """
    region_is = TaxRate.region.is_(None) if region is None else TaxRate.region == region
    query = db.select(TaxRate.id).where(TaxRate.country == country, region_is)
    if exclude_id is not None:
        query = query.where(TaxRate.id != exclude_id)
    return db.session.execute(query.limit(1)).first() is not None
