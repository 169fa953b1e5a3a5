"""Storefront users: create/conflict, lookups, storefront checks, tokens, paging and merging anonymous work."""

import jwt
import requests

from .hub_api import STOREFRONT, make_design, make_user, unique, user_token

USERS = f"{STOREFRONT}/storefront-users"


def test_creating_a_user_twice_conflicts(api):
    user_id = unique("user")
    params = {"storefrontId": api.sandbox.storefront_id}
    created = api.post(USERS, params=params, json={"storefrontUserId": user_id, "isAnonymous": True})
    assert created.status_code == 201
    assert created.json() == {"userId": user_id, "tenantId": 1, "storefrontId": 1, "isAnonymous": True}
    again = api.post(USERS, params=params, json={"storefrontUserId": user_id, "isAnonymous": False})
    assert again.status_code == 409
    assert again.json() == {"description": f"Storefront user '{user_id}' already exists.", "type": "GeneralConflict"}


def test_unknown_users_are_404_problem_details(api):
    response = api.get(f"{USERS}/nobody", params={"storefrontId": 1})
    assert response.status_code == 404
    body = response.json()
    assert body["status"] == 404 and body["title"] == "Not Found" and "nobody" in body["detail"]
    assert body["type"].startswith("https://")


def test_storefront_id_is_required_and_must_be_ours(api):
    user_id = make_user(api)
    missing = api.get(f"{USERS}/{user_id}")
    assert missing.status_code == 400
    assert missing.json()["errors"] == {"storefrontId": ["The storefrontId field is required."]}
    assert api.get(f"{USERS}/{user_id}", params={"storefrontId": 2}).status_code == 404
    assert api.get(f"{USERS}/{user_id}", params={"storefrontId": 1}).status_code == 200


def test_a_user_token_is_a_signed_jwt_as_json_or_plain_text(api):
    user_id = make_user(api)
    params = {"storefrontId": 1, "storefrontUserId": user_id}
    as_json = api.get(f"{USERS}/token", params=params, headers={"Accept": "application/json"})
    assert as_json.headers["Content-Type"].startswith("application/json")
    token = as_json.json()
    as_text = api.get(f"{USERS}/token", params=params, headers={"Accept": "text/plain"})
    assert as_text.headers["Content-Type"].startswith("text/plain")
    assert as_text.text.count(".") == 2 and not as_text.text.startswith('"')
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["sub"] == user_id
    assert claims["storefrontId"] == 1 and claims["tenantId"] == 1
    assert claims["exp"] - claims["iat"] == 3600
    assert jwt.get_unverified_header(token)["alg"] == "HS256"
    assert api.get(f"{USERS}/token", params={**params, "storefrontUserId": "nobody"}).status_code == 404


def test_user_list_pages_with_total(api):
    users = sorted(make_user(api, anonymous=index == 0) for index in range(3))
    page = api.get(USERS, params={"storefrontId": 1, "skip": 1, "take": 1}).json()
    assert page["total"] == 3 and len(page["items"]) == 1
    regular = api.get(USERS, params={"storefrontId": 1, "includeAnonymous": "false"}).json()
    assert regular["total"] == 2
    one = api.get(USERS, params={"storefrontId": 1, "storefrontUserId": users[0]}).json()
    assert [user["userId"] for user in one["items"]] == [users[0]]


def test_merging_moves_designs_to_the_regular_user_and_can_repeat(api):
    guest, customer = make_user(api, anonymous=True), make_user(api)
    guest_token, customer_token = user_token(api, guest), user_token(api, customer)
    design = make_design(api, guest_token)
    body = {"anonymousStorefrontUserId": guest, "regularStorefrontUserId": customer}

    for _ in range(2):  # a retried merge must not fail
        response = api.post(f"{USERS}/merge-anonymous", params={"storefrontId": 1}, json=body)
        assert response.status_code == 200 and response.content == b""

    url = f"{api.sandbox.url}/api/sandbox-editor/v1/designs/{design['id']}"
    assert requests.get(url, headers={"Authorization": f"Bearer {customer_token}"}, timeout=10).status_code == 200
    assert requests.get(url, headers={"Authorization": f"Bearer {guest_token}"}, timeout=10).status_code == 404


def test_merging_unknown_users_is_404(api):
    guest = make_user(api, anonymous=True)
    body = {"anonymousStorefrontUserId": guest, "regularStorefrontUserId": "nobody"}
    assert api.post(f"{USERS}/merge-anonymous", params={"storefrontId": 1}, json=body).status_code == 404


def test_registering_makes_an_anonymous_user_regular(api):
    guest = make_user(api, anonymous=True)
    response = api.post(f"{USERS}/register", params={"storefrontId": 1}, json={"storefrontUserId": guest})
    assert response.status_code == 200
    assert response.json()["isAnonymous"] is False
