"""Checkout fixtures: the store on the Hub sandbox, a shopper who can check out, and the owner's shipping methods
and tax rates for the destinations the tests ship to."""

import pytest

from storefront.extensions import db
from storefront.shipping.models import ShippingMethod, TaxRate
from tests.fixtures.drivers import CheckoutDriver


@pytest.fixture
def app_config(sandbox_app_config):
    return sandbox_app_config


@pytest.fixture
def shopper(client, sandbox, demo_catalog):
    return CheckoutDriver(client, sandbox)


@pytest.fixture
def shipping(app, demo_catalog):
    """Standard to the US and Germany, Express to Germany only (free from 100.00), German VAT and a Californian
    sales tax; returns {name: method}."""
    db.session.execute(db.delete(ShippingMethod))
    db.session.execute(db.delete(TaxRate))
    methods = {
        "Standard": ShippingMethod(
            name="Standard", delivery_time="3-5 working days", countries=["US", "DE"], price_cents=595, position=1
        ),
        "Express": ShippingMethod(
            name="Express",
            delivery_time="1-2 working days",
            countries=["DE"],
            price_cents=1495,
            extra_item_cents=200,
            free_above_cents=10_000,
            position=2,
        ),
    }
    db.session.add_all(methods.values())
    db.session.add_all(
        [
            TaxRate(country="DE", name="VAT", basis_points=1900),
            TaxRate(country="US", region="CA", name="Sales tax", basis_points=725),
        ]
    )
    db.session.commit()
    return methods
