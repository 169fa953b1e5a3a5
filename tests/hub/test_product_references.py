"""Listing our storefront's product references (page by page) and forgetting what the cache holds for one."""

from urllib.parse import parse_qs, urlsplit

import pytest

from storefront.hub import HubNotFound, hub_client_from_config

BASE = "https://hub.test"
SF = f"{BASE}/api/storefront/v1"
CONFIG = {
    "CCHUB_BASEURL": BASE,
    "CCHUB_CLIENT_ID": "printshop",
    "CCHUB_CLIENT_SECRET": "secret",
    "CCHUB_STOREFRONT_ID": 7,
    "CCHUB_TENANT_ID": 3,
    "HUB_MAX_RETRIES": 0,
}


def query(request):
    return {key: values[0] for key, values in parse_qs(urlsplit(request.url).query).items()}


@pytest.fixture
def token(requests_mock):
    body = {"access_token": "tok", "token_type": "Bearer", "expires_in": 3600}
    return requests_mock.post(f"{BASE}/connect/token", json=body)


def test_a_page_of_references_is_read_from_the_wire(token, requests_mock):
    items = [
        {"productReference": "card", "productReferenceType": "Product", "productReferenceName": "Card", "productId": 1},
        {"productReference": "mug", "productReferenceName": "Mug", "productId": 2, "created": "2026-01-01T00:00:00Z"},
    ]
    api = requests_mock.get(f"{SF}/product-references", json={"total": 5, "items": items})
    page = hub_client_from_config(CONFIG).list_product_references(skip=2, take=2)
    assert page.total == 5
    assert [(ref.product_reference, ref.product_reference_name, ref.product_id) for ref in page.items] == [
        ("card", "Card", 1),
        ("mug", "Mug", 2),
    ]
    assert query(api.last_request) == {"tenantId": "3", "storefrontId": "7", "skip": "2", "take": "2"}
    assert api.last_request.headers["Authorization"] == "Bearer tok"


def test_an_empty_listing(token, requests_mock):
    requests_mock.get(f"{SF}/product-references", json={"total": 0, "items": []})
    page = hub_client_from_config(CONFIG).list_product_references()
    assert (page.total, page.items) == (0, ())


def test_forgetting_a_reference_asks_the_hub_again(token, requests_mock, redis_conn):
    found = requests_mock.get(f"{SF}/product-references/card", json={"productReference": "card", "productId": 1})
    missing = requests_mock.get(f"{SF}/product-references/card/product", status_code=404, json={"title": "Not Found"})
    hub = hub_client_from_config(CONFIG, redis=redis_conn)
    for _ in range(2):
        hub.get_product_reference("card")
        with pytest.raises(HubNotFound):
            hub.get_product_by_reference("card")
    assert (found.call_count, missing.call_count) == (1, 1)
    hub.forget_product_reference("card")
    assert redis_conn.keys("printshop:hub:*") == []
    hub.get_product_reference("card")
    with pytest.raises(HubNotFound):
        hub.get_product_by_reference("card")
    assert (found.call_count, missing.call_count) == (2, 2)


def test_the_sandbox_lists_every_demo_reference_in_pages(sandbox):
    hub = hub_client_from_config(sandbox.hub_config())
    everything = hub.list_product_references()
    references = [ref.product_reference for ref in everything.items]
    assert everything.total == len(references) >= 3
    assert "printshop-classic-business-card" in references
    first, second = hub.list_product_references(take=2), hub.list_product_references(skip=2, take=2)
    assert first.total == second.total == everything.total
    assert [ref.product_reference for ref in first.items + second.items] == references[:4]
    assert sandbox.stats()["ProductReferences_GetAll"] == 3
