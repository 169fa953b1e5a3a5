"""The shop's pages come from each web process's copy of the catalog, yet show every change on the next request:
from a shell edit, an ORM UPDATE statement, `flask seed-demo`, or another web host on the same database."""

import re

import pytest
from sqlalchemy import update

from storefront.catalog.models import Category, ProductGroup, ProductVariant
from storefront.extensions import db

MUG = "/products/photo-mug"
MUG_SKU = "MUG-11OZ-WHITE"


def variant(sku=MUG_SKU):
    db.session.expire_all()
    return db.session.execute(db.select(ProductVariant).filter_by(sku=sku)).scalar_one()


def page(client, url=MUG):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


@pytest.fixture
def other_host(second_host):
    return second_host.test_client()


def test_a_price_edited_in_a_shell_shows_on_the_next_page(client, demo_catalog):
    assert "$43.21" not in page(client)
    variant().price_cents = 4321
    db.session.commit()
    assert "$43.21" in page(client)


def test_a_price_changed_by_an_update_statement_shows_on_the_next_page(client, demo_catalog):
    assert "$43.21" not in page(client)
    db.session.execute(update(ProductVariant).where(ProductVariant.sku == MUG_SKU).values(price_cents=4321))
    db.session.commit()
    assert "$43.21" in page(client)


def without_csrf(html):
    """The page but for its CSRF token, which carries the second it was signed in."""
    return re.sub(r'(name="csrf[-_]token" (?:content|value)=")[^"]+"', r'\1"', html)


def test_seed_demo_repairing_a_price_shows_on_the_next_page(client, runner, demo_catalog):
    demo_price = without_csrf(page(client))
    variant().price_cents = 4321
    db.session.commit()
    assert "$43.21" in page(client)
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert without_csrf(page(client)) == demo_price


def test_another_web_host_shows_a_price_changed_here_on_its_next_page(client, other_host, demo_catalog):
    assert "$43.21" not in page(other_host)
    variant().price_cents = 4321
    db.session.commit()
    assert "$43.21" in page(other_host)
    assert "$43.21" in page(client)


def test_a_hidden_product_leaves_the_pages_of_every_host_at_once(client, other_host, demo_catalog):
    for shop in (client, other_host):
        assert "Personal mug" in page(shop, "/categories/mugs")
    group = db.session.execute(db.select(ProductGroup).filter_by(slug="photo-mug")).scalar_one()
    group.visible = False
    db.session.commit()
    for shop in (client, other_host):
        assert "Personal mug" not in page(shop, "/categories/mugs")
        assert shop.get(MUG).status_code == 404


def test_a_renamed_category_shows_in_every_pages_header(client, demo_catalog):
    assert "Coffee mugs" not in page(client, "/")
    category = db.session.execute(db.select(Category).filter_by(slug="mugs")).scalar_one()
    category.name = "Coffee mugs"
    db.session.commit()
    assert "Coffee mugs" in page(client, "/cart/")


def test_a_change_rolled_back_leaves_the_pages_as_they_were(client, demo_catalog):
    before = without_csrf(page(client))
    variant().price_cents = 4321
    db.session.flush()
    db.session.rollback()
    assert without_csrf(page(client)) == before
