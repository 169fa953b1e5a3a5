"""`flask --app app seed-demo` brings the demo's shipping methods and tax rates once, repairs its own rows, and leaves
the owner's changes alone; `bootstrap` gives a store that has a catalog but no shipping the demo's."""

import json

import pytest

from storefront.addresses.validation import is_country, rules_for
from storefront.catalog.demo import seed_demo
from storefront.extensions import db
from storefront.shipping.demo import SHIPPING_FILE
from storefront.shipping.models import ShippingMethod, TaxRate
from storefront.shipping.pricing import Rate
from storefront.shipping.queries import methods_for, rate_for
from tests.fixtures.admin_forms import row, submit
from tests.fixtures.drivers import AdminDriver

DEMO = json.loads(SHIPPING_FILE.read_text())


def snapshot():
    db.session.expire_all()
    rows = []
    for model in (ShippingMethod, TaxRate):
        for found in db.session.execute(db.select(model).order_by(model.id)).scalars():
            rows.append({c.name: getattr(found, c.key) for c in model.__table__.columns})
    return rows


def test_seed_demo_adds_standard_and_express_and_the_demo_rates_once(runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    for country in ("US", "CA", "GB", "DE", "FR", "NL", "AT"):
        assert [method.name for method in methods_for(country)] == ["Standard", "Express"], country
    express = row(ShippingMethod, name="Express")
    assert (express.price_cents, express.free_above_cents, express.delivery_time) == (1495, None, "1–2 working days")
    assert row(ShippingMethod, name="Standard").free_above_cents == 15_000
    assert rate_for("DE") == Rate("VAT", 1900)
    assert rate_for("US", "CA") == Rate("Sales tax", 725)
    assert rate_for("CA", "ON") == Rate("HST", 1300) and rate_for("CA", "QC") == Rate("GST", 500)
    assert len(snapshot()) == len(DEMO["shipping_methods"]) + len(DEMO["tax_rates"])
    assert all(found["demo_managed"] for found in snapshot())

    first = snapshot()
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0 and "up to date" in result.output
    assert snapshot() == first


def test_seed_demo_repairs_a_demo_row_but_keeps_what_the_owner_changed(app, runner):
    seed_demo()
    owner = AdminDriver.new_owner(app)
    express = row(ShippingMethod, name="Express")
    fields = {"name": "Express", "delivery_time": "Next day", "countries": ["DE", "GB"], "price": "19.95"}
    assert submit(owner, f"/admin/shipping/methods/{express.id}", {**fields, "active": "y"}).status_code == 302
    vat = row(TaxRate, country="DE", region=None)
    edited = {"country": "DE", "region": "", "name": "MwSt.", "rate": "7"}
    assert submit(owner, f"/admin/shipping/rates/{vat.id}", edited).status_code == 302
    standard = row(ShippingMethod, name="Standard")
    standard.price_cents = 1  # changed behind seed-demo's back, not by the owner's pages: still the demo's row
    db.session.commit()

    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    express = row(ShippingMethod, name="Express")
    assert (express.price_cents, express.countries, express.delivery_time) == (1995, ["DE", "GB"], "Next day")
    assert not express.demo_managed
    assert rate_for("DE") == Rate("MwSt.", 700)
    assert row(ShippingMethod, name="Standard").price_cents == 595
    assert db.session.scalar(db.select(db.func.count()).select_from(ShippingMethod)) == 2


@pytest.mark.parametrize("method", DEMO["shipping_methods"], ids=lambda method: method["name"])
def test_the_demo_methods_serve_only_countries_an_address_can_be_in(method):
    assert all(is_country(code) for code in method["countries"])


def test_bootstrap_adds_the_demo_shipping_to_a_store_that_has_a_catalog_but_no_shipping(runner):
    seed_demo()
    db.session.execute(db.delete(TaxRate))
    db.session.execute(db.delete(ShippingMethod))
    db.session.commit()
    result = runner.invoke(args=["bootstrap"])
    assert result.exit_code == 0, result.output
    assert "Seeded the demo shipping methods and tax rates." in result.output
    assert [method.name for method in methods_for("DE")] == ["Standard", "Express"]
    assert "Seeded" not in runner.invoke(args=["bootstrap"]).output, "nothing to seed the second time"


@pytest.mark.parametrize("rate", [r for r in DEMO["tax_rates"] if r["region"]], ids=lambda r: r["region"])
def test_the_demo_rates_name_regions_their_country_has(rate):
    assert rate["region"] in dict(rules_for(rate["country"]).regions)
