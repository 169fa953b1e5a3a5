"""The shop's pages are kept by each web process (rendered_pages.py) over its copy of the catalog, yet a page kept
before a change shows it on the next request: a shell edit, an ORM UPDATE statement, `flask seed-demo`, or a change
made on another web host on the same database. Every test first has the page kept (asked twice, the second answer
from the kept copy), so a kept copy that outlives the change fails it."""

import re

import pytest
from sqlalchemy import update

from storefront.cart.models import CartLine
from storefront.catalog.models import Category, ProductGroup, ProductVariant
from storefront.extensions import db
from storefront.rendered_pages import kept_pages
from storefront.shoppers.identity import GUEST_ID_KEY

MUG = "/products/photo-mug"
MUG_SKU = "MUG-11OZ-WHITE"  # the mug's cheapest option: its price is the "from" price of the mug's cards
# The pages that show the mug's price: home (a featured card), its category, its own page, a cart holding it.
PRICED_PAGES = ("/", "/categories/mugs", MUG, "/cart/")
EVERY_KEPT_PAGE = ("/", "/categories/business-cards", "/products/classic-business-card", "/cart/")


def variant(sku=MUG_SKU):
    db.session.expire_all()
    return db.session.execute(db.select(ProductVariant).filter_by(sku=sku)).scalar_one()


def page(client, url=MUG):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def without_csrf(html):
    """The page but for its CSRF token, which carries the second it was signed in."""
    return re.sub(r'(name="csrf[-_]token" (?:content|value)=")[^"]+"', r'\1"', html)


def kept(client, host, url=MUG):
    """The page as `host` keeps it: asked twice, the second time from the kept copy (nothing new is kept)."""
    first = page(client, url)
    with host.app_context():
        count = len(kept_pages())
    again = page(client, url)
    with host.app_context():
        assert len(kept_pages()) == count, f"{url} was rendered again instead of coming from its kept copy"
    assert without_csrf(again) == without_csrf(first)
    return again


@pytest.fixture
def other_host(second_host):
    return second_host.test_client()


@pytest.fixture
def mug_in_cart(client, demo_catalog):
    """The client's session is a guest whose cart holds the mug's cheapest option."""
    with client.session_transaction() as session:
        session[GUEST_ID_KEY] = "guest-freshness"
    db.session.add(CartLine(anonymous_id="guest-freshness", variant=variant(), quantity=1, design_ids=[]))
    db.session.commit()


def test_a_price_edited_in_a_shell_shows_on_every_page_kept_before_it(app, client, mug_in_cart):
    for url in PRICED_PAGES:
        assert "$14.00" in kept(client, app, url) and "$12.34" not in page(client, url)
    variant().price_cents = 1234
    db.session.commit()
    for url in PRICED_PAGES:
        assert "$12.34" in page(client, url) and "$14.00" not in page(client, url), url


def test_a_price_changed_by_an_update_statement_shows_on_the_next_page(app, client, demo_catalog):
    assert "$43.21" not in kept(client, app)
    db.session.execute(update(ProductVariant).where(ProductVariant.sku == MUG_SKU).values(price_cents=4321))
    db.session.commit()
    assert "$43.21" in page(client)


def test_seed_demo_repairing_a_price_shows_on_the_next_page(app, client, runner, demo_catalog):
    demo_price = without_csrf(kept(client, app))
    variant().price_cents = 4321
    db.session.commit()
    assert "$43.21" in kept(client, app)
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert without_csrf(page(client)) == demo_price


def test_another_web_host_shows_a_price_changed_here_on_its_next_page(
    app, client, second_host, other_host, demo_catalog
):
    assert "$43.21" not in kept(other_host, second_host)
    assert "$43.21" not in kept(client, app)
    variant().price_cents = 4321
    db.session.commit()
    assert "$43.21" in page(other_host)
    assert "$43.21" in page(client)


def test_a_hidden_product_leaves_the_pages_of_every_host_at_once(app, client, second_host, other_host, demo_catalog):
    for shop, host in ((client, app), (other_host, second_host)):
        assert "Personal mug" in kept(shop, host, "/categories/mugs")
        kept(shop, host, MUG)
    group = db.session.execute(db.select(ProductGroup).filter_by(slug="photo-mug")).scalar_one()
    group.visible = False
    db.session.commit()
    for shop in (client, other_host):
        assert "Personal mug" not in page(shop, "/categories/mugs")
        assert shop.get(MUG).status_code == 404


def test_a_renamed_category_shows_in_the_header_of_every_page_kept_before(app, client, mug_in_cart):
    for url in EVERY_KEPT_PAGE:
        assert "Coffee mugs" not in kept(client, app, url)
    category = db.session.execute(db.select(Category).filter_by(slug="mugs")).scalar_one()
    category.name = "Coffee mugs"
    db.session.commit()
    for url in EVERY_KEPT_PAGE:
        assert "Coffee mugs" in page(client, url), url


def test_a_change_rolled_back_leaves_the_pages_as_they_were(app, client, demo_catalog):
    before = without_csrf(kept(client, app))
    variant().price_cents = 4321
    db.session.flush()
    db.session.rollback()
    assert without_csrf(page(client)) == before
