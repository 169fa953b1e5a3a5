"""Catalog pages as a shopper sees them."""

import json

from storefront.catalog.demo import CATALOG_FILE

DEMO = json.loads(CATALOG_FILE.read_text())


def test_home_lists_categories_and_featured_products(client, demo_catalog):
    page = client.get("/").get_data(as_text=True)
    for category in DEMO["categories"]:
        assert category["name"] in page
    for product in DEMO["products"]:
        assert (product["name"] in page) == bool(product.get("featured"))


def test_empty_catalog_home_tells_how_to_seed(client):
    page = client.get("/").get_data(as_text=True)
    assert "seed-demo" in page


def test_category_page_lists_only_its_products(client, demo_catalog):
    page = client.get("/categories/invitations").get_data(as_text=True)
    assert "Wedding invitation" in page
    assert "Birthday party invitation" in page
    assert "Personal mug" not in page


def test_personalizable_product_offers_personalize_with_every_variant(client, demo_catalog):
    response = client.get("/products/classic-business-card")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Personalize</button>" in page
    assert "Add to cart</button>" not in page
    for sku, price in (("BC-CLASSIC-100-MATTE", "$29.00"), ("BC-CLASSIC-250-GLOSS", "$54.00")):
        assert f'value="{sku}"' in page
        assert price in page
    assert 'action="/products/classic-business-card/personalize"' in page


def test_plain_product_offers_add_to_cart(client, demo_catalog):
    page = client.get("/products/kraft-envelopes").get_data(as_text=True)
    assert "Add to cart</button>" in page
    assert "Personalize</button>" not in page
    assert 'name="csrf_token"' in page


def test_sku_in_query_preselects_variant_and_price(client, demo_catalog):
    page = client.get("/products/classic-business-card?sku=BC-CLASSIC-250-GLOSS").get_data(as_text=True)
    assert '<p class="price price-large" id="price" aria-live="polite">$54.00</p>' in page
    assert 'value="BC-CLASSIC-250-GLOSS" data-price="$54.00"\n                   checked' in page


def test_unknown_product_and_category_answer_404_in_shop_layout(client, demo_catalog):
    for url in ("/products/no-such-thing", "/categories/no-such-thing", "/no/such/page"):
        response = client.get(url)
        page = response.get_data(as_text=True)
        assert response.status_code == 404
        assert "Page not found" in page
        assert 'class="site-header"' in page
        assert "Business cards" in page  # the header's category navigation still renders


def test_personalize_for_plain_product_is_404(client, demo_catalog):
    assert client.get("/products/kraft-envelopes/personalize").status_code == 404


def test_product_images_are_shipped_not_downloaded(client, demo_catalog):
    for product in DEMO["products"]:
        response = client.get(f"/static/{product['image']}")
        assert response.status_code == 200
        assert b"<svg" in response.data
        response.close()
