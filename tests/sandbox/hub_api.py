"""The sandbox suite's helpers: an authorized session and quick ways to make users, designs and projects."""

import uuid

import requests

from tests.fixtures.waiting import eventually

STOREFRONT = "/api/storefront/v1"
CARD = ("printshop-classic-business-card", "BC-CLASSIC-100-MATTE")
MUG = ("printshop-photo-mug", "MUG-11OZ-WHITE")


class HubSession(requests.Session):
    """requests against the sandbox: paths are relative to its URL, the bearer token is sent when set."""

    def __init__(self, sandbox, token=None):
        super().__init__()
        self.sandbox = sandbox
        if token:
            self.headers["Authorization"] = f"Bearer {token}"

    def request(self, method, url, *args, **kwargs):
        kwargs.setdefault("timeout", 10)
        return super().request(method, self.sandbox.url + url, *args, **kwargs)


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def make_user(api, anonymous=False, user_id=None) -> str:
    user_id = user_id or unique("anon" if anonymous else "user")
    response = api.post(
        f"{STOREFRONT}/storefront-users",
        params={"storefrontId": api.sandbox.storefront_id},
        json={"storefrontUserId": user_id, "isAnonymous": anonymous},
    )
    assert response.status_code == 201, response.text
    return user_id


def user_token(api, user_id) -> str:
    response = api.get(
        f"{STOREFRONT}/storefront-users/token",
        params={"storefrontId": api.sandbox.storefront_id, "storefrontUserId": user_id},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 200, response.text
    return response.json()


def make_design(api, token, product=CARD, lines=("Alex Morgan", "Studio Manager"), **design) -> dict:
    """Save a design through the editor API the way the editor's Add to cart does."""
    reference, sku = product
    body = {"productReference": reference, "sku": sku, "lines": list(lines), "font_size": 14}
    body.update({"text_color": "#1f2933", "background_color": "#ffffff", "width_mm": 85, "height_mm": 55, **design})
    response = requests.post(
        f"{api.sandbox.url}/api/sandbox-editor/v1/designs",
        json=body,
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert response.status_code == 201, response.text
    return response.json()


def make_project(api, owner, items, **fields) -> dict:
    """A multi-item project; `items` is a list of (product, [design ids]) per order line."""
    order_id = fields.pop("orderId", unique("order"))
    body = {"ownerId": owner, "orderId": order_id, "orderNumber": 1042, "customerName": "Test Customer", **fields}
    body["items"] = [
        {
            "orderLineItemIndex": index,
            "orderLineItemId": f"{order_id}-{index}",
            "productReference": product[0],
            "sku": product[1],
            "quantity": index + 1,
            "designIds": list(design_ids),
        }
        for index, (product, design_ids) in enumerate(items)
    ]
    response = api.post(
        f"{STOREFRONT}/projects/with-multiple-items", params={"storefrontId": api.sandbox.storefront_id}, json=body
    )
    assert response.status_code == 201, response.text
    return response.json()


def processing_results(api, project_id) -> dict:
    response = api.get(f"{STOREFRONT}/projects/{project_id}/processing-results")
    assert response.status_code == 200, response.text
    return response.json()


def wait_processing(api, project_id, until=("Completed", "Failed")) -> dict:
    return eventually(lambda: processing_results(api, project_id), lambda r: r["status"] in until)
