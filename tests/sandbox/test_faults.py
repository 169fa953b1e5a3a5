"""Fault injection and call statistics, as the store's retry tests and the benchmarks use them."""

import time

import requests

from .hub_api import STOREFRONT, HubSession, make_user

STATUSES = f"{STOREFRONT}/projects/statuses"


def test_injected_errors_hit_the_hub_api_only(api):
    api.sandbox.set_faults(error_rate=1.0, error_status=502)
    response = api.get(STATUSES)
    assert response.status_code == 502
    assert response.json()["title"] == "Injected fault"
    assert requests.post(f"{api.sandbox.url}/connect/token", data={}, timeout=10).status_code == 502
    assert requests.get(f"{api.sandbox.url}/libs/us/workflow-elements/handy-editor/index.js", timeout=10).ok
    assert requests.get(f"{api.sandbox.url}/sandbox/stats", timeout=10).ok
    assert requests.get(f"{api.sandbox.url}/api/sandbox-editor/v1/me", timeout=10).status_code == 401  # not 502


def test_429_asks_to_retry_after_a_second(api):
    api.sandbox.set_faults(error_rate=1.0, error_status=429)
    response = api.get(STATUSES)
    assert response.status_code == 429 and response.headers["Retry-After"] == "1"


def test_an_injected_error_has_no_effect(api):
    api.sandbox.set_faults(error_rate=1.0, error_status=503, error_methods=["POST"])
    user_id = "never-created"
    response = api.post(
        f"{STOREFRONT}/storefront-users", params={"storefrontId": 1}, json={"storefrontUserId": user_id}
    )
    assert response.status_code == 503
    assert api.get(f"{STOREFRONT}/storefront-users/{user_id}", params={"storefrontId": 1}).status_code == 404


def test_a_seed_makes_the_error_sequence_repeatable(api):
    def sequence():
        api.sandbox.set_faults(error_rate=0.5, seed=7)
        return [api.get(STATUSES).status_code for _ in range(12)]

    first = sequence()
    assert set(first) == {200, 503}
    assert sequence() == first


def test_latency_is_added(api):
    api.sandbox.set_faults(latency_ms=300)
    started = time.monotonic()
    assert api.get(STATUSES).ok
    assert time.monotonic() - started >= 0.3


def test_invalid_fault_settings_are_refused(sandbox):
    response = requests.post(f"{sandbox.url}/sandbox/faults", json={"error_status": 404}, timeout=10)
    assert response.status_code == 400 and "error_status" in response.json()["error"]
    assert sandbox.set_faults()["error_status"] == 503


def test_stats_count_calls_and_injected_errors_per_operation(api):
    make_user(api)
    make_user(api)
    api.sandbox.set_faults(error_rate=1.0)
    api.get(STATUSES)
    stats = api.sandbox.stats()
    assert stats["Token"] == 1  # the `api` fixture's token
    assert stats["StorefrontUsers_Create"] == 2
    assert stats["Projects_GetAllStatuses"] == 1
    assert stats["injected_errors"] == {"Projects_GetAllStatuses": 1}
    assert (stats["total_calls"], stats["total_injected_errors"]) == (4, 1)
    requests.post(f"{api.sandbox.url}/sandbox/stats/reset", timeout=10)
    assert api.sandbox.stats()["total_calls"] == 0


def test_reset_keeps_tokens_and_products_but_drops_users(sandbox):
    with HubSession(sandbox, sandbox.access_token()) as api:
        user_id = make_user(api)
        sandbox.reset()
        assert api.get(f"{STOREFRONT}/storefront-users/{user_id}", params={"storefrontId": 1}).status_code == 404
        linked = len(sandbox.app.extensions["sandbox"].catalog.products)
        assert linked == 9  # the demo catalog's hub references and its one Hub-only product
        assert api.get(f"{STOREFRONT}/product-references", params={"storefrontId": 1}).json()["total"] == linked
