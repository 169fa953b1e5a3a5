"""The demo store's shipping methods and tax rates: loads demo/shipping.json into the database, idempotently.

Run by seed-demo after the demo catalog (catalog/demo.py), by the same rule (`owner_changes.seed_row`): it creates
the rows it lacks and updates only rows it made that the owner has not changed since, so a method or rate the owner
added or edited is never overwritten. A method is known by its name, a rate by its country and region.
"""

import json
from pathlib import Path

from ..extensions import db
from ..owner_changes import seed_row
from .models import ShippingMethod, TaxRate
from .percent import to_basis_points

SHIPPING_FILE = Path(__file__).resolve().parents[2] / "demo" / "shipping.json"


def load_shipping(path=SHIPPING_FILE):
    """Read the demo shipping and tax data file."""
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def seed_shipping(data=None):
    """Create or update the demo shipping methods and tax rates. Returns the number of rows changed."""
    data = data or load_shipping()
    changes = 0
    for position, item in enumerate(data["shipping_methods"]):
        _, changed = seed_row(
            ShippingMethod,
            {"name": item["name"]},
            {
                "delivery_time": item.get("delivery_time", ""),
                "countries": sorted(item["countries"]),
                "price_cents": int(item["price_cents"]),
                "extra_item_cents": int(item.get("extra_item_cents") or 0),
                "free_above_cents": item.get("free_above_cents"),
                "active": True,
                "position": position,
            },
        )
        changes += changed
    for item in data["tax_rates"]:
        _, changed = seed_row(
            TaxRate,
            {"country": item["country"], "region": item.get("region")},
            {"name": item["name"], "basis_points": to_basis_points(item["percent"])},
        )
        changes += changed
    db.session.commit()
    return changes


def shipping_is_empty():
    """True while the store has neither a shipping method nor a tax rate (a fresh database)."""
    no_methods = db.session.execute(db.select(ShippingMethod.id).limit(1)).first() is None
    return no_methods and db.session.execute(db.select(TaxRate.id).limit(1)).first() is None
