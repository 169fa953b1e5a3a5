"""The Hub mapping check: each product group's hub_reference and what the Hub says about it, references only the
Hub has, served from Redis until the owner checks again; only the owner sees it."""

import dataclasses
import re

import pytest

from sandbox.catalog import Catalog
from storefront.catalog.models import ProductGroup, ProductVariant
from storefront.extensions import db
from tests.fixtures.drivers import AdminDriver
from tests.fixtures.pages import csrf_token_from, flashes
from tests.fixtures.records import CUSTOMER, make_user

URL = "/admin/mapping"


def mapping(owner):
    response = owner.client.get(URL)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    return response.get_data(as_text=True)


def row(html, slug):
    """(state, {field: text}) of one product's row."""
    match = re.search(rf'<tr data-product="{slug}" data-state="(\w+)">(.*?)</tr>', html, re.S)
    assert match, f"no row for {slug}"
    fields = dict(re.findall(r'<td data-field="(\w+)">(.*?)</td>', match.group(2)))
    return match.group(1), fields


# The demo catalog file's hub_only_products: at the sandbox's Hub, never seeded into the store.
HUB_ONLY = "printshop-greeting-card"


def hub_only(html):
    return re.findall(r'<tr data-reference="([^"]+)">', html)


def check_again(owner, html):
    response = owner.client.post(f"{URL}/check", data={"csrf_token": csrf_token_from(html)}, follow_redirects=True)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    return page, flashes(page)


def hub_calls(sandbox):
    return sandbox.stats()["total_calls"]


def set_hub_editors(monkeypatch, sandbox, editors=None, drop=()):
    """The sandbox's catalog with other workflows for some references (`editors`) and without `drop` ones."""
    state = sandbox.app.extensions["sandbox"]
    editors = editors or {}
    products = [
        dataclasses.replace(product, editor=editors[product.reference]) if product.reference in editors else product
        for product in state.catalog.products
        if product.reference not in drop
    ]
    monkeypatch.setattr(state, "catalog", Catalog(products))


def group(slug):
    return db.session.execute(db.select(ProductGroup).filter_by(slug=slug)).scalar_one()


def test_linked_products_show_the_hub_product_and_its_workflow(owner, demo_catalog, sandbox):
    html = mapping(owner)
    state, fields = row(html, "classic-business-card")
    assert state == "linked"
    assert (fields["hub_product"], fields["workflow_type"]) == ("Classic business card", "WorkflowElements")
    assert fields["component"] == "handy-editor"
    state, fields = row(html, "event-poster")
    assert (state, fields["workflow_type"], fields["component"]) == ("linked", "UIFramework", "—")
    assert row(html, "kraft-envelopes")[0] == "plain"
    assert "No Hub reference" in html and "printshop-classic-business-card" in html
    assert hub_only(html) == [HUB_ONLY]
    assert sandbox.client_secret not in html and sandbox.access_token() not in html


def test_a_reference_the_hub_does_not_know_is_not_linked(owner, demo_catalog, sandbox):
    group("bold-business-card").hub_reference = "printshop-retired-card"
    db.session.commit()
    html = mapping(owner)
    state, fields = row(html, "bold-business-card")
    assert state == "not_linked" and fields["hub_product"] == "—"
    assert "Not linked at the Hub" in html
    # The Hub still has the old reference, which no product uses now.
    assert hub_only(html) == ["printshop-bold-business-card", HUB_ONLY]


def test_a_reference_only_the_hub_has_is_listed(owner, demo_catalog, sandbox):
    mug = group("photo-mug")
    db.session.execute(db.delete(ProductVariant).where(ProductVariant.product_group_id == mug.id))
    db.session.delete(mug)
    db.session.commit()
    html = mapping(owner)
    assert hub_only(html) == ["printshop-photo-mug", HUB_ONLY]
    assert re.search(r"<code>printshop-photo-mug</code></td><td>Personal mug</td>", html)
    assert 'data-product="photo-mug"' not in html


def test_an_editor_the_store_cannot_mount(owner, demo_catalog, sandbox, monkeypatch):
    editors = {
        "printshop-thank-you-card": {"workflowType": "WorkflowElements", "component": "template-editor"},
        "printshop-wedding-invitation": {"workflowType": "SimpleEditor"},
    }
    set_hub_editors(monkeypatch, sandbox, editors)
    html = mapping(owner)
    state, fields = row(html, "thank-you-card")
    assert (state, fields["workflow_type"]) == ("unmountable", "WorkflowElements")
    assert fields["component"] == "template-editor"
    state, fields = row(html, "wedding-invitation")
    assert (state, fields["workflow_type"]) == ("unmountable", "SimpleEditor")
    assert "Editor this store cannot mount" in html
    assert row(html, "travel-mug")[0] == "linked"  # handy-editor-3d is a shopper's editor


def test_the_page_is_served_from_cache_until_checked_again(owner, demo_catalog, sandbox, monkeypatch):
    mapping(owner)
    assert sandbox.stats()["ProductReferences_GetAll"] == 1
    before = hub_calls(sandbox)
    set_hub_editors(monkeypatch, sandbox, drop={"printshop-photo-mug"})
    again = mapping(owner)
    assert hub_calls(sandbox) == before
    assert row(again, "photo-mug")[0] == "linked"  # the cached report
    page, messages = check_again(owner, again)
    assert hub_calls(sandbox) > before
    assert any(message.startswith("Checked with the Hub at") for message in messages)
    assert row(page, "photo-mug")[0] == "not_linked"  # the Hub client's own cache was forgotten too
    assert row(mapping(owner), "photo-mug")[0] == "not_linked"


def test_the_hub_down_is_said_in_words(owner, demo_catalog, sandbox):
    sandbox.set_faults(error_rate=1.0, error_status=503, error_methods=["GET"])
    html = mapping(owner)
    assert "The Hub could not be reached, so the mapping could not be checked" in html
    assert "data-mapping-problem" in html and "data-mapping>" not in html
    sandbox.clear_faults()


def test_checking_again_with_the_hub_down_keeps_the_last_report(owner, demo_catalog, sandbox):
    html = mapping(owner)
    sandbox.set_faults(error_rate=1.0, error_status=503, error_methods=["GET"])
    page, messages = check_again(owner, html)
    assert any("could not be reached" in message and "previous one" in message for message in messages)
    assert row(page, "classic-business-card")[0] == "linked"
    sandbox.clear_faults()


def test_check_again_needs_the_csrf_token(owner, demo_catalog, sandbox):
    mapping(owner)
    before = hub_calls(sandbox)
    assert owner.client.post(f"{URL}/check", data={}).status_code == 400
    assert hub_calls(sandbox) == before


@pytest.mark.parametrize("method", ["get", "post"])
def test_visitors_log_in_and_customers_find_nothing(app, client, method):
    path = URL if method == "get" else f"{URL}/check"
    token = csrf_token_from(client.get("/").get_data(as_text=True))
    response = getattr(client, method)(path, data={"csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"].startswith("/account/login?next=")
    make_user(**CUSTOMER)
    customer = AdminDriver(app.test_client())
    customer.login(CUSTOMER["email"], CUSTOMER["password"])
    token = csrf_token_from(customer.client.get("/").get_data(as_text=True))
    assert getattr(customer.client, method)(path, data={"csrf_token": token}).status_code == 404
