"""`flask --app app seed-demo`: creates the demo catalog once and changes nothing when run again."""

import json

from storefront.catalog.demo import CATALOG_FILE
from storefront.catalog.models import Category, ProductGroup, ProductVariant
from storefront.extensions import db

DEMO = json.loads(CATALOG_FILE.read_text())


def snapshot():
    rows = []
    for model in (Category, ProductGroup, ProductVariant):
        for row in db.session.execute(db.select(model).order_by(model.id)).scalars():
            rows.append({c.name: getattr(row, c.key) for c in model.__table__.columns})
    return rows


def test_seed_demo_creates_the_catalog_from_the_data_file(runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    skus = set(db.session.execute(db.select(ProductVariant.sku)).scalars())
    assert skus == {v["sku"] for p in DEMO["products"] for v in p["variants"]}
    references = set(db.session.execute(db.select(ProductGroup.hub_reference)).scalars())
    assert None in references, "the demo needs one product that is not personalizable"
    assert {p["hub_reference"] for p in DEMO["products"]} == references


def test_seed_demo_twice_leaves_the_same_rows(runner):
    runner.invoke(args=["seed-demo"])
    first = snapshot()
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0
    assert "up to date" in result.output
    assert snapshot() == first


def test_seed_demo_repairs_an_edited_price(runner):
    runner.invoke(args=["seed-demo"])
    variant = db.session.execute(db.select(ProductVariant).filter_by(sku="MUG-11OZ-WHITE")).scalar_one()
    variant.price_cents = 1
    db.session.commit()
    runner.invoke(args=["seed-demo"])
    db.session.refresh(variant)
    assert variant.price_cents == 1400


def test_bootstrap_seeds_only_an_empty_catalog(runner):
    runner.invoke(args=["bootstrap"])
    category = db.session.execute(db.select(Category).filter_by(slug="mugs")).scalar_one()
    category.name = "Cups"
    db.session.commit()
    result = runner.invoke(args=["bootstrap"])
    assert result.exit_code == 0
    db.session.refresh(category)
    assert category.name == "Cups"
