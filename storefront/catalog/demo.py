"""The demo catalog: loads demo/catalog.json (shared with the Hub sandbox) into the database, idempotently, then the
demo shipping methods and tax rates (shipping/demo.py, from demo/shipping.json).

seed-demo creates the rows it lacks and updates only rows it made that the owner has not changed since
(`demo_managed`): a product the owner added, or a demo product the owner edited, is never overwritten.
"""

import json
from pathlib import Path

from ..extensions import db
from ..owner_changes import seed_row
from ..shipping.demo import seed_shipping
from .models import Category, ProductGroup, ProductVariant

CATALOG_FILE = Path(__file__).resolve().parents[2] / "demo" / "catalog.json"


def load_catalog(path=CATALOG_FILE):
    """Read the demo catalog data file."""
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def seed_demo(catalog=None):
    """Create or update the demo categories, product groups and variants, then the demo shipping methods and tax
    rates. Returns the number of rows changed."""
    catalog = catalog or load_catalog()
    changes = 0
    categories = {}
    for position, item in enumerate(catalog["categories"]):
        row, changed = seed_row(
            Category,
            {"slug": item["slug"]},
            {"name": item["name"], "description": item.get("description", ""), "position": position},
        )
        categories[item["slug"]] = row
        changes += changed
    db.session.flush()

    for position, item in enumerate(catalog["products"]):
        if _reference_taken(item):
            continue  # the owner linked that Hub product to a product of their own
        group, changed = seed_row(
            ProductGroup,
            {"slug": item["slug"]},
            {
                "category_id": categories[item["category"]].id,
                "name": item["name"],
                "description": item.get("description", ""),
                "image": item.get("image", ""),
                "hub_reference": item.get("hub_reference"),
                "featured": bool(item.get("featured")),
                "position": position,
            },
        )
        changes += changed
        db.session.flush()
        if not group.demo_managed:
            continue  # the owner's product now: its variants are theirs too
        for variant_position, variant in enumerate(item["variants"]):
            _, changed = seed_row(
                ProductVariant,
                {"sku": variant["sku"]},
                {
                    "product_group_id": group.id,
                    "name": variant["name"],
                    "price_cents": int(variant["price_cents"]),
                    "options": variant.get("options", {}),
                    "position": variant_position,
                },
            )
            changes += changed
    db.session.commit()
    return changes + seed_shipping()


def _reference_taken(item):
    reference = item.get("hub_reference")
    if not reference:
        return False
    holder = db.session.execute(db.select(ProductGroup).filter_by(hub_reference=reference)).scalar_one_or_none()
    return holder is not None and holder.slug != item["slug"]


def catalog_is_empty():
    return db.session.execute(db.select(Category.id).limit(1)).first() is None
