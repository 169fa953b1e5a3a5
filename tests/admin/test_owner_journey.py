"""The store owner's day, end to end against the sandbox: add a product the Hub knows, see it linked, a shopper
designs and orders it, the owner finds the order by email, follows it to ready and ships it (the project completed)."""

import re

from storefront.catalog.models import Category, ProductGroup
from storefront.extensions import db
from storefront.hub import get_hub
from storefront.orders.lifecycle import SETTLED
from storefront.orders.models import OrderStatus
from tests.fixtures.jobs import run_jobs_until
from tests.fixtures.pages import csrf_token_from
from tests.fixtures.records import reload

REFERENCE = "printshop-greeting-card"  # set up at the sandbox's Hub, not sold by the demo catalog


def post_form(owner, url, fields):
    page = owner.client.get(url).get_data(as_text=True)
    response = owner.client.post(url, data={"csrf_token": csrf_token_from(page), **fields})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response


def mapping_row(html, slug_or_reference):
    match = re.search(rf'<tr[^>]*data-(?:product|reference)="{slug_or_reference}"[^>]*>(.*?)</tr>', html, re.S)
    return match.group(1) if match else None


def test_owner_adds_a_hub_product_then_ships_the_order_made_of_it(owner, demo_catalog, shopper, place, sandbox):
    mapping = owner.client.get("/admin/mapping").get_data(as_text=True)
    assert mapping_row(mapping, REFERENCE) is not None, "the Hub's product is listed as not in the catalog yet"

    invitations = db.session.execute(db.select(Category).filter_by(slug="invitations")).scalar_one()
    fields = {"name": "Greeting card", "slug": "greeting-card", "category_id": str(invitations.id)}
    post_form(owner, "/admin/catalog/products/new", {**fields, "hub_reference": REFERENCE, "visible": "y"})
    group_id = db.session.execute(db.select(ProductGroup.id).filter_by(slug="greeting-card")).scalar_one()
    variant = {"sku": "GC-A6-FOLDED-10", "name": "10 cards", "price": "18.00", "active": "y"}
    post_form(owner, f"/admin/catalog/products/{group_id}/variants/new", variant)

    mapping = owner.client.get("/admin/mapping").get_data(as_text=True)
    row = mapping_row(mapping, "greeting-card")
    assert row is not None and "Folded greeting card" in row and "handy-editor" in row
    assert mapping_row(mapping, REFERENCE) is None, "no longer listed as missing from the catalog"

    product_page = shopper.client.get("/products/greeting-card").get_data(as_text=True)
    assert "/products/greeting-card/personalize" in product_page
    shopper.personalize_into_cart("greeting-card", lines=("Happy", "day"))
    order = place(email="gina@example.com", name="Gina Greeting")

    found = owner.client.get("/admin/orders", query_string={"q": "gina@example"}).get_data(as_text=True)
    assert f'data-order="{order.number}"' in found
    run_jobs_until(lambda: reload(order).status in SETTLED)
    assert reload(order).status == OrderStatus.READY

    _response, messages = owner.post(order, "fulfil")
    assert any("marked as shipped" in m for m in messages), messages
    project = get_hub().get_project(reload(order).hub_project.hub_project_id)
    statuses = {s.code: s.display_name for s in get_hub().get_project_statuses().items}
    assert statuses[project.status] == "Completed"
    assert reload(order).status == OrderStatus.FULFILLED
