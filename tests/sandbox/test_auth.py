"""Client credentials and bearer checks: who gets a token, and which tokens the API refuses."""

import requests

from tests.fixtures.waiting import eventually

from .hub_api import STOREFRONT, HubSession


def token_request(sandbox, **form):
    data = {"grant_type": "client_credentials", "client_id": sandbox.client_id, "client_secret": sandbox.client_secret}
    data.update(form)
    return requests.post(f"{sandbox.url}/connect/token", data=data, timeout=10)


def test_a_client_with_the_right_secret_gets_a_bearer_token(sandbox):
    response = token_request(sandbox, scope="Projects_full")
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    assert body["scope"] == "Projects_full"
    assert len(body["access_token"]) >= 32
    assert response.headers["Cache-Control"] == "no-store"


def test_http_basic_client_authentication_is_accepted(sandbox):
    response = requests.post(
        f"{sandbox.url}/connect/token",
        data={"grant_type": "client_credentials"},
        auth=(sandbox.client_id, sandbox.client_secret),
        timeout=10,
    )
    assert response.status_code == 200
    assert response.json()["scope"]  # no scope asked: the maximum


def test_a_wrong_secret_or_client_is_refused_without_a_token(sandbox):
    for form in ({"client_secret": "wrong"}, {"client_id": "someone-else"}, {"client_secret": ""}):
        response = token_request(sandbox, **form)
        assert response.status_code == 401
        assert response.json()["error"] == "invalid_client"
        assert "access_token" not in response.text


def test_an_unsupported_grant_is_refused(sandbox):
    response = token_request(sandbox, grant_type="password")
    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_grant_type"


def test_api_calls_without_a_known_token_get_401(sandbox):
    for headers in ({}, {"Authorization": "Bearer made-up"}, {"Authorization": "Basic Zm9vOmJhcg=="}):
        response = requests.get(f"{sandbox.url}{STOREFRONT}/projects", headers=headers, timeout=10)
        assert response.status_code == 401
        response = requests.get(f"{sandbox.url}/api/storage/v1/artifacts", headers=headers, timeout=10)
        assert response.status_code == 401


def test_an_expired_token_is_refused(sandbox):
    sandbox.configure(token_ttl=0.3)
    with HubSession(sandbox, sandbox.access_token()) as api:
        assert api.get(f"{STOREFRONT}/projects/statuses").status_code == 200
        eventually(lambda: api.get(f"{STOREFRONT}/projects/statuses").status_code, lambda status: status == 401)


def test_build_info_needs_no_token(sandbox):
    response = requests.get(f"{sandbox.url}{STOREFRONT}/info", timeout=10)
    assert response.status_code == 200
    assert response.json()["appName"]


def test_another_tenant_is_forbidden(api):
    assert api.get(f"{STOREFRONT}/projects", params={"tenantId": 99}).status_code == 403
    assert api.get(f"{STOREFRONT}/projects", params={"tenantId": api.sandbox.tenant_id}).status_code == 200
