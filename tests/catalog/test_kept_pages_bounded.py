"""What a web process keeps of rendered pages stays bounded whatever visitors send: query strings the page does not
read never make a new copy, and long carts fill the store only up to its byte bound."""

import re

import pytest

from storefront.cart.models import CartLine
from storefront.catalog.models import ProductVariant
from storefront.extensions import db
from storefront.rendered_pages import kept_pages
from storefront.shoppers.identity import GUEST_ID_KEY

BOUND = 400_000
LINES_PER_CART = 40


@pytest.fixture
def app_config(app_config):
    app_config.update(KEPT_PAGES_MAX_BYTES=BOUND, CART_MAX_LINES=LINES_PER_CART)
    return app_config


def test_a_thousand_query_strings_keep_one_copy_of_each_page(client, demo_catalog):
    paths = ["/", "/categories/invitations", "/products/photo-mug", "/products/kraft-envelopes", "/cart/"]
    for path in paths:
        assert client.get(path).status_code == 200
    kept, kept_bytes = len(kept_pages()), kept_pages().kept_bytes

    for number in range(1000):
        response = client.get(paths[number % len(paths)], query_string={"n": number, f"x{number}": "y" * 200})
        assert response.status_code == 200

    assert (len(kept_pages()), kept_pages().kept_bytes) == (kept, kept_bytes)


def test_a_product_page_is_kept_for_the_option_it_shows_and_links_back_to_nothing_else(client, demo_catalog):
    unknown = client.get("/products/photo-mug?sku=NO-SUCH-SKU&utm=mail").get_data(as_text=True)
    plain = client.get("/products/photo-mug").get_data(as_text=True)
    chosen = client.get("/products/photo-mug?sku=MUG-15OZ-WHITE&utm=evil").get_data(as_text=True)

    assert "utm" not in unknown + plain + chosen
    assert "NO-SUCH-SKU" not in unknown
    assert unknown == plain
    assert "next=/products/photo-mug?sku%3DMUG-15OZ-WHITE" in chosen  # Log in comes back to the chosen option
    assert re.search(r'value="MUG-15OZ-WHITE"[^>]*checked', chosen)
    assert len(kept_pages()) == 2  # the default option (asked for by nothing or by an unknown SKU) and the chosen


def long_cart(guest_id, variants, index):
    for position in range(LINES_PER_CART):
        variant = variants[(index + position) % len(variants)]
        db.session.add(CartLine(anonymous_id=guest_id, variant=variant, quantity=1 + position, design_ids=[]))
    db.session.commit()


def test_many_long_carts_fill_the_kept_pages_only_up_to_their_byte_bound(app, demo_catalog):
    variants = db.session.execute(db.select(ProductVariant).order_by(ProductVariant.id)).scalars().all()
    for index in range(30):
        guest_id = f"guest-long-cart-{index}"
        long_cart(guest_id, variants, index)
        browser = app.test_client()
        with browser.session_transaction() as session:
            session[GUEST_ID_KEY] = guest_id
        page = browser.get("/cart/").get_data(as_text=True)
        assert page.count('class="cart-line"') == LINES_PER_CART
        assert kept_pages().kept_bytes <= BOUND

    assert 0 < len(kept_pages()) < 30  # pages were kept, the oldest dropped to stay under the bound
