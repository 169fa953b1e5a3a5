"""The product page offers Personalize only for a product the Hub knows; a Hub outage keeps the button (the
personalize page explains it), and a plain product never costs a Hub call."""

from storefront.catalog.models import ProductGroup
from storefront.extensions import db

MESSAGE = "This product can't be personalized right now"


def product_page(client, slug):
    response = client.get(f"/products/{slug}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def lookups(sandbox):
    return sandbox.stats().get("ProductReferences_Get", 0)


def test_a_product_the_hub_knows_offers_personalize(client, demo_catalog, sandbox):
    page = product_page(client, "classic-business-card")
    assert "Personalize</button>" in page and MESSAGE not in page
    product_page(client, "classic-business-card")
    assert lookups(sandbox) == 1  # the answer is cached


def test_a_product_the_hub_does_not_know_hides_personalize(client, demo_catalog, sandbox):
    group = db.session.execute(db.select(ProductGroup).filter_by(slug="photo-mug")).scalar_one()
    group.hub_reference = "printshop-never-linked"
    db.session.commit()
    for _ in range(2):
        page = product_page(client, "photo-mug")
        assert "Personalize</button>" not in page and "Add to cart</button>" not in page
        assert MESSAGE in page
    assert lookups(sandbox) == 1  # the 404 is cached too


def test_the_hub_down_keeps_personalize(client, demo_catalog, sandbox):
    sandbox.set_faults(error_rate=1.0, error_status=503, error_methods=["GET"])
    page = product_page(client, "classic-business-card")
    assert "Personalize</button>" in page and MESSAGE not in page
    sandbox.clear_faults()


def test_a_plain_product_asks_the_hub_nothing(client, demo_catalog, sandbox):
    page = product_page(client, "kraft-envelopes")
    assert "Add to cart</button>" in page and MESSAGE not in page
    assert sandbox.stats()["total_calls"] == 0
