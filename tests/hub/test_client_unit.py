"""HubClient against requests-mock: tokens, retries, errors, wire JSON, logging hygiene and the Redis caches."""

import io
import json
import logging
import pickle
import threading
import time
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import redis
import requests
from flask import Flask
from redis.backoff import NoBackoff
from redis.retry import Retry

from storefront.hub import (
    DownloadRefused,
    HubAuthError,
    HubConflict,
    HubNotFound,
    HubUnavailable,
    MultiItemProjectInput,
    ProjectItemInput,
    get_hub,
    hub_client_from_config,
)
from storefront.hub.cache import NEAR_TTL

SECRET = "s3cr3t-client-VALUE"
BASE = "https://hub.test"
API = "https://api.hub.test"
TOKEN_URL = f"{BASE}/connect/token"
SF = f"{API}/api/storefront/v1"
CONFIG = {
    "CCHUB_BASEURL": BASE,
    "CCHUB_API_URL": API + "/",
    "CCHUB_CLIENT_ID": "printshop",
    "CCHUB_CLIENT_SECRET": SECRET,
    "CCHUB_SCOPE": None,
    "CCHUB_STOREFRONT_ID": 7,
    "CCHUB_TENANT_ID": 3,
    "HUB_CONNECT_TIMEOUT": 1.5,
    "HUB_READ_TIMEOUT": 4,
    "HUB_MAX_RETRIES": 3,
    "HUB_BACKOFF_BASE": 0.5,
    "HUB_BACKOFF_MAX": 10,
    "HUB_CACHE_TTL": 300,
}
PROJECT = {"id": 41, "status": 1, "processingStatus": "Pending", "orderId": "o-1", "items": [{"id": 1, "sku": "X"}]}


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


class UpperBound:
    """An rng whose 'jitter' is always the top of the window, so backoff delays are predictable."""

    def uniform(self, low, high):
        return high


def token_response(n, expires_in=3600):
    return {"json": {"access_token": f"tok-{n}", "token_type": "Bearer", "expires_in": expires_in}}


@pytest.fixture
def sleeps():
    return []


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def make_client(sleeps, clock):
    def make(redis_conn=None, **overrides):
        return hub_client_from_config(
            {**CONFIG, **overrides}, redis=redis_conn, sleep=sleeps.append, rng=UpperBound(), clock=clock
        )

    return make


@pytest.fixture
def hub(make_client):
    return make_client()


@pytest.fixture
def token(requests_mock):
    return requests_mock.post(TOKEN_URL, [token_response(1), token_response(2), token_response(3)])


def query(request):
    return {k: v[0] if len(v) == 1 else v for k, v in parse_qs(urlsplit(request.url).query).items()}


# -- tokens -----------------------------------------------------------------------------------------------------


def test_token_is_fetched_once_and_reused_across_calls(hub, token, requests_mock):
    api = requests_mock.get(f"{SF}/projects/41", json=PROJECT)
    hub.get_project(41)
    hub.get_project(41)
    assert token.call_count == 1
    assert api.call_count == 2
    assert all(r.headers["Authorization"] == "Bearer tok-1" for r in api.request_history)
    form = parse_qs(token.last_request.text)
    assert form == {"grant_type": ["client_credentials"], "client_id": ["printshop"], "client_secret": [SECRET]}
    assert token.last_request.timeout == (1.5, 4.0)
    assert api.last_request.timeout == (1.5, 4.0)
    assert api.last_request.url.startswith(f"{SF}/projects/41?")  # no //api from the trailing slash
    assert query(api.last_request) == {"tenantId": "3"}


def test_scope_is_sent_when_configured(make_client, token, requests_mock):
    requests_mock.get(f"{SF}/projects/41", json=PROJECT)
    make_client(CCHUB_SCOPE="Projects_full Artifacts_read").get_project(41)
    assert parse_qs(token.last_request.text)["scope"] == ["Projects_full Artifacts_read"]


def test_token_is_refreshed_shortly_before_it_expires(hub, token, clock, requests_mock):
    api = requests_mock.get(f"{SF}/projects/41", json=PROJECT)
    hub.get_project(41)
    clock.now += 3600 - 61
    hub.get_project(41)
    assert token.call_count == 1
    clock.now += 2  # now inside the last 60 s of the token's life
    hub.get_project(41)
    assert token.call_count == 2
    assert api.last_request.headers["Authorization"] == "Bearer tok-2"


def test_a_401_fetches_a_new_token_and_retries_once(hub, token, requests_mock):
    api = requests_mock.get(f"{SF}/projects/41", [{"status_code": 401}, {"json": PROJECT}])
    assert hub.get_project(41).id == 41
    assert token.call_count == 2
    assert [r.headers["Authorization"] for r in api.request_history] == ["Bearer tok-1", "Bearer tok-2"]


def test_a_second_401_is_an_auth_error(hub, token, requests_mock, sleeps):
    api = requests_mock.get(f"{SF}/projects/41", status_code=401)
    with pytest.raises(HubAuthError) as info:
        hub.get_project(41)
    assert info.value.status == 401
    assert api.call_count == 2
    assert token.call_count == 2
    assert sleeps == []


def test_token_endpoint_refusal_is_an_auth_error_without_retries(hub, requests_mock, sleeps):
    body = {"error": "invalid_client", "error_description": f"client secret {SECRET} is wrong"}
    token = requests_mock.post(TOKEN_URL, status_code=400, json=body)
    api = requests_mock.get(f"{SF}/projects/41", json=PROJECT)
    with pytest.raises(HubAuthError) as info:
        hub.get_project(41)
    assert info.value.title == "invalid_client"
    assert SECRET not in str(info.value)
    assert token.call_count == 1
    assert api.call_count == 0
    assert sleeps == []


def test_token_endpoint_outage_is_retried_then_unavailable(hub, requests_mock, sleeps):
    token = requests_mock.post(TOKEN_URL, status_code=503)
    with pytest.raises(HubUnavailable):
        hub.get_project(41)
    assert token.call_count == 4
    assert sleeps == [0.5, 1.0, 2.0]


def test_concurrent_first_calls_share_one_token_fetch(hub, requests_mock):
    release = threading.Event()

    def slow_token(request, context):
        release.wait(0.2)  # hold the lock long enough for the other threads to queue behind it
        return token_response(1)["json"]

    token = requests_mock.post(TOKEN_URL, json=slow_token)
    requests_mock.get(f"{SF}/projects/41", json=PROJECT)
    errors = []

    def call():
        try:
            hub.get_project(41)
        except Exception as exc:  # noqa: BLE001 - collected for the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=call) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    assert errors == []
    assert token.call_count == 1


# -- retries ----------------------------------------------------------------------------------------------------


def test_reads_back_off_exponentially_on_503(hub, token, requests_mock, sleeps):
    api = requests_mock.get(f"{SF}/projects/41", [{"status_code": 503}, {"status_code": 503}, {"json": PROJECT}])
    assert hub.get_project(41).order_id == "o-1"
    assert api.call_count == 3
    assert sleeps == [0.5, 1.0]


def test_backoff_is_capped_and_gives_up_after_max_retries(make_client, token, requests_mock, sleeps):
    api = requests_mock.get(f"{SF}/projects/41", status_code=502)
    with pytest.raises(HubUnavailable) as info:
        make_client(HUB_BACKOFF_MAX=0.8).get_project(41)
    assert info.value.status == 502
    assert api.call_count == 4
    assert sleeps == [0.5, 0.8, 0.8]


def test_full_jitter_stays_inside_the_window(requests_mock, token, sleeps, clock):
    hub = hub_client_from_config(CONFIG, sleep=sleeps.append, clock=clock)
    requests_mock.get(f"{SF}/projects/41", status_code=504)
    with pytest.raises(HubUnavailable):
        hub.get_project(41)
    assert len(sleeps) == 3
    assert all(0 <= delay <= limit for delay, limit in zip(sleeps, [0.5, 1.0, 2.0], strict=True))


def test_429_honours_retry_after(hub, token, requests_mock, sleeps):
    api = requests_mock.get(
        f"{SF}/projects/41", [{"status_code": 429, "headers": {"Retry-After": "7"}}, {"json": PROJECT}]
    )
    hub.get_project(41)
    assert api.call_count == 2
    assert sleeps == [7.0]


def test_429_with_a_retry_after_beyond_the_cap_gives_up_at_once(hub, token, requests_mock, sleeps):
    requests_mock.get(f"{SF}/projects/41", status_code=429, headers={"Retry-After": "120"})
    with pytest.raises(HubUnavailable) as info:
        hub.get_project(41)
    assert info.value.retry_after == 120
    assert sleeps == []


def test_creates_are_not_retried_on_503(hub, token, requests_mock, sleeps):
    api = requests_mock.post(f"{SF}/projects/with-multiple-items", status_code=503)
    with pytest.raises(HubUnavailable):
        hub.create_multi_item_project(MultiItemProjectInput(owner_id="u1", items=(ProjectItemInput(sku="X"),)))
    assert api.call_count == 1
    assert sleeps == []


def test_creates_are_not_retried_after_a_read_timeout(hub, token, requests_mock):
    api = requests_mock.post(f"{SF}/storefront-users", exc=requests.ReadTimeout)
    with pytest.raises(HubUnavailable):
        hub.create_storefront_user("u1", is_anonymous=True)
    assert api.call_count == 1


def test_creates_are_retried_when_the_hub_never_saw_them(hub, token, requests_mock, sleeps):
    user = {"userId": "u1", "tenantId": 3, "storefrontId": 7, "isAnonymous": True}
    api = requests_mock.post(
        f"{SF}/storefront-users",
        [
            {"exc": requests.ConnectTimeout},
            {"status_code": 429, "headers": {"Retry-After": "1"}},
            {"status_code": 201, "json": user},
        ],
    )
    assert hub.create_storefront_user("u1", is_anonymous=True).is_anonymous
    assert api.call_count == 3
    assert sleeps == [0.5, 1.0]


@pytest.mark.parametrize("exc", [requests.ReadTimeout, requests.ConnectTimeout, requests.ConnectionError])
def test_timeouts_and_connection_errors_become_unavailable(hub, token, requests_mock, exc):
    api = requests_mock.get(f"{SF}/projects/41", exc=exc)
    with pytest.raises(HubUnavailable) as info:
        hub.get_project(41)
    assert info.value.status is None
    assert info.value.operation == "get_project"
    assert api.call_count == 4


# -- errors -----------------------------------------------------------------------------------------------------


def test_problem_details_become_not_found(hub, token, requests_mock):
    body = {"type": "about:blank", "title": "Not Found", "status": 404, "detail": "Project 41 does not exist."}
    requests_mock.get(f"{SF}/projects/41", status_code=404, json=body)
    with pytest.raises(HubNotFound) as info:
        hub.get_project(41)
    err = info.value
    assert (err.status, err.title, err.detail, err.operation) == (
        404,
        "Not Found",
        "Project 41 does not exist.",
        "get_project",
    )
    assert str(err) == "get_project failed: HTTP 404 Not Found: Project 41 does not exist."


def test_conflict_body_is_parsed(hub, token, requests_mock):
    body = {"description": "Storefront user 'u1' already exists.", "type": "IdConflict"}
    requests_mock.post(f"{SF}/storefront-users", status_code=409, json=body)
    with pytest.raises(HubConflict) as info:
        hub.create_storefront_user("u1", is_anonymous=False)
    assert info.value.conflict_type == "IdConflict"
    assert info.value.detail == "Storefront user 'u1' already exists."


def test_transition_conflict_lists_available_transitions(hub, token, requests_mock, sleeps):
    body = {
        "description": "Transition 'ship' is not available.",
        "type": "GeneralConflict",
        "availableTransitions": [
            {"id": 2, "name": "cancel", "displayName": "Cancel", "startStatus": 1, "resultStatus": 9}
        ],
    }
    api = requests_mock.post(f"{SF}/projects/41/transitions/ship", status_code=409, json=body)
    with pytest.raises(HubConflict) as info:
        hub.apply_transition(41, "ship")
    assert [t.name for t in info.value.available_transitions] == ["cancel"]
    assert info.value.available_transitions[0].result_status == 9
    assert api.call_count == 1


def test_errors_survive_pickling_with_their_details(hub, token, requests_mock):
    body = {"description": "nope", "type": "GeneralConflict", "availableTransitions": [{"name": "cancel"}]}
    requests_mock.post(f"{SF}/projects/41/transitions/ship", status_code=409, json=body)
    with pytest.raises(HubConflict) as info:
        hub.apply_transition(41, "ship")
    copy = pickle.loads(pickle.dumps(info.value))  # noqa: S301 (our own bytes)
    assert type(copy) is HubConflict
    assert (copy.status, copy.detail, copy.conflict_type) == (409, "nope", "GeneralConflict")
    assert copy.available_transitions[0].name == "cancel"
    assert str(copy) == str(info.value)


def test_secrets_and_tokens_never_reach_logs_or_error_text(hub, requests_mock, caplog):
    caplog.set_level(logging.DEBUG)
    requests_mock.post(TOKEN_URL, json={"access_token": "tok-SENSITIVE", "token_type": "Bearer", "expires_in": 3600})
    echo = {"title": "Bad Request", "detail": "header was Bearer tok-SENSITIVE, secret " + SECRET}
    requests_mock.get(f"{SF}/projects/41", status_code=400, json=echo)
    requests_mock.get(f"{SF}/storefront-users/token", text="user-TOKEN-VALUE")
    requests_mock.get(f"{SF}/projects/42", status_code=503)
    assert hub.get_storefront_user_token("u1") == "user-TOKEN-VALUE"
    errors = []
    for project_id in (41, 42):
        with pytest.raises(Exception) as info:
            hub.get_project(project_id)
        errors.append(info.value)
    texts = [str(e) for e in errors] + [repr(e) for e in errors] + [caplog.text, repr(hub.settings)]
    for text in texts:
        assert SECRET not in text
        assert "tok-SENSITIVE" not in text
        assert "user-TOKEN-VALUE" not in text
        assert "Authorization" not in text
    assert "get_project" in caplog.text and "503" in caplog.text


# -- wire format ------------------------------------------------------------------------------------------------


def test_multi_item_project_create_sends_camel_case_without_nones(hub, token, requests_mock):
    api = requests_mock.post(f"{SF}/projects/with-multiple-items", status_code=201, json=PROJECT)
    project = MultiItemProjectInput(
        owner_id="sf-u1",
        order_id="o-1",
        order_number=1001,
        order_url="https://shop.test/orders/1",
        customer_id="c-9",
        customer_name="Alex",
        items=(
            ProjectItemInput(
                order_line_item_index=0,
                product_reference="printshop-classic-business-card",
                sku="BC-CLASSIC-100-MATTE",
                quantity=100,
                design_ids=("d-1",),
                fields={"paper_type": "Matte", "note": None},
            ),
        ),
    )
    created = hub.create_multi_item_project(project)
    assert created.id == 41 and created.items[0].sku == "X"
    assert api.last_request.json() == {
        "ownerId": "sf-u1",
        "orderId": "o-1",
        "orderNumber": 1001,
        "orderUrl": "https://shop.test/orders/1",
        "customerId": "c-9",
        "customerName": "Alex",
        "items": [
            {
                "orderLineItemIndex": 0,
                "productReference": "printshop-classic-business-card",
                "sku": "BC-CLASSIC-100-MATTE",
                "quantity": 100,
                "designIds": ["d-1"],
                "fields": {"paper_type": "Matte"},
            }
        ],
    }
    assert query(api.last_request) == {"tenantId": "3", "storefrontId": "7"}


def test_find_projects_sends_filters_and_reads_the_page(hub, token, requests_mock):
    api = requests_mock.get(f"{SF}/projects", json={"total": 1, "items": [PROJECT]})
    page = hub.find_projects(order_id="o-1", processing_status="Completed")
    assert page.total == 1 and page.items[0].id == 41
    assert query(api.last_request) == {
        "tenantId": "3",
        "storefrontId": "7",
        "orderId": "o-1",
        "processingStatus": "Completed",
        "skip": "0",
        "take": "100",
    }


def test_workflow_content_is_parsed_and_type_kept(hub, token, requests_mock):
    content = {"component": "handy-editor", "tagName": "au-handy-editor", "settings": {"a": 1}}
    requests_mock.get(
        f"{SF}/product-references/ref%2F1/personalization-workflow",
        json={"id": 5, "workflowType": "WorkflowElements", "content": json.dumps(content), "extra": True},
    )
    workflow = hub.get_personalization_workflow("ref/1")
    assert workflow.workflow_type == "WorkflowElements"
    assert workflow.content["tagName"] == "au-handy-editor"


def test_storefront_user_token_accepts_a_json_string(hub, token, requests_mock):
    api = requests_mock.get(f"{SF}/storefront-users/token", json="eyJ.json.token")
    assert hub.get_storefront_user_token("u 1") == "eyJ.json.token"
    assert query(api.last_request) == {"tenantId": "3", "storefrontId": "7", "storefrontUserId": "u 1"}


def test_merge_sends_both_user_ids(hub, token, requests_mock):
    api = requests_mock.post(f"{SF}/storefront-users/merge-anonymous", status_code=200)
    hub.merge_anonymous_user("guest-1", "user-1")
    assert api.last_request.json() == {"anonymousStorefrontUserId": "guest-1", "regularStorefrontUserId": "user-1"}


# -- downloads --------------------------------------------------------------------------------------------------


def test_download_artifact_streams_with_the_bearer_token(hub, token, requests_mock):
    body = b"%PDF-1.4\n" + b"x" * 200_000
    api = requests_mock.get(f"{API}/api/storage/v1/artifacts/a-1/file", content=body)
    out = io.BytesIO()
    assert hub.download_artifact("a-1", out, chunk_size=4096) == len(body)
    assert out.getvalue() == body
    assert api.last_request.headers["Authorization"] == "Bearer tok-1"
    assert api.last_request.stream is True
    assert api.last_request.timeout == (1.5, 4.0)


def test_anonymous_output_files_are_fetched_without_our_token(make_client, token, requests_mock):
    api = requests_mock.get("https://cdn.example/out/file.pdf?sig=abc", content=b"%PDF-1.7")
    out = io.BytesIO()
    hub = make_client(HUB_DOWNLOAD_HOSTS=["cdn.example"])
    assert hub.download_url("https://cdn.example/out/file.pdf?sig=abc", out, authenticated=False) == 8
    assert "Authorization" not in api.last_request.headers
    assert token.call_count == 0


def test_the_token_is_never_sent_to_a_foreign_host(hub, token, requests_mock):
    evil = requests_mock.get("https://evil.example/file.pdf", content=b"%PDF-1.7")
    with pytest.raises(DownloadRefused):
        hub.download_url("https://evil.example/file.pdf", io.BytesIO(), authenticated=True)
    assert evil.call_count == 0


# -- caches -----------------------------------------------------------------------------------------------------


def test_product_reference_lookups_are_cached_in_redis(make_client, token, requests_mock, redis_conn):
    ref = {"productReference": "card", "productReferenceType": "Product", "productId": 12, "storefrontId": 7}
    api = requests_mock.get(f"{SF}/product-references/card", json=ref)
    hub = make_client(redis_conn)
    assert hub.get_product_reference("card").product_id == 12
    assert make_client(redis_conn).get_product_reference("card").product_id == 12
    assert api.call_count == 1
    key = "printshop:hub:product-ref:7:card"
    assert 290 < redis_conn.ttl(key) <= 300
    assert query(api.last_request) == {"tenantId": "3", "storefrontId": "7"}


def test_a_forgotten_reference_is_asked_anew_at_once_here_and_within_seconds_elsewhere(
    make_client, token, requests_mock, redis_conn
):
    ref = {"productReference": "card", "productReferenceType": "Product", "productId": 12, "storefrontId": 7}
    api = requests_mock.get(f"{SF}/product-references/card", [{"json": ref}, {"status_code": 404, "json": {}}])
    here, elsewhere = make_client(redis_conn), make_client(redis_conn)
    assert here.get_product_reference("card").product_id == 12
    assert elsewhere.get_product_reference("card").product_id == 12
    here.forget_product_reference("card")  # the owner unlinked it at the Hub
    with pytest.raises(HubNotFound):
        here.get_product_reference("card")
    assert elsewhere.get_product_reference("card").product_id == 12  # that process's own copy, a few seconds old
    later = time.time() + NEAR_TTL + 1
    elsewhere.cache.now = lambda: later
    with pytest.raises(HubNotFound):
        elsewhere.get_product_reference("card")
    assert api.call_count == 2


def test_unknown_references_are_remembered_briefly(make_client, token, requests_mock, redis_conn):
    api = requests_mock.get(f"{SF}/product-references/nope", status_code=404, json={"title": "Not Found"})
    hub = make_client(redis_conn)
    for _ in range(2):
        with pytest.raises(HubNotFound):
            hub.get_product_reference("nope")
    assert api.call_count == 1
    assert 0 < redis_conn.ttl("printshop:hub:product-ref:7:nope") <= 60


def test_storefront_user_tokens_are_cached_for_half_their_life(make_client, token, requests_mock, redis_conn):
    user_token = jwt.encode({"sub": "u1", "exp": int(time.time()) + 3600}, "k" * 32, algorithm="HS256")
    api = requests_mock.get(f"{SF}/storefront-users/token", text=user_token)
    hub = make_client(redis_conn)
    assert hub.get_storefront_user_token("u1") == user_token
    assert hub.get_storefront_user_token("u1") == user_token
    assert api.call_count == 1
    # An editor page given the cached token still has at least half an hour before it must renew it.
    assert 1790 <= redis_conn.ttl("printshop:hub:user-token:7:u1") <= 1800
    assert hub.get_storefront_user_token("u1", fresh=True) == user_token
    assert api.call_count == 2


def test_opaque_user_tokens_get_a_short_cache_life(make_client, token, requests_mock, redis_conn):
    requests_mock.get(f"{SF}/storefront-users/token", text="opaque-token")
    make_client(redis_conn).get_storefront_user_token("u2")
    assert 0 < redis_conn.ttl("printshop:hub:user-token:7:u2") <= 120


def test_a_redis_outage_does_not_break_hub_calls(make_client, token, requests_mock, caplog, monkeypatch):
    dead = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2, retry=Retry(NoBackoff(), 0))
    calls = []
    monkeypatch.setattr(dead, "get", lambda key: calls.append(key) or redis.Redis.get(dead, key))
    api = requests_mock.get(f"{SF}/tenant-info/applications", json={"tenantId": 3, "designEditorApiKey": "k-1"})
    hub = make_client(dead)
    assert hub.get_tenant_applications().tenant_id == 3
    assert hub.get_tenant_applications().design_editor_api_key == "k-1"
    assert api.call_count == 2
    cache_reads = [key for key in calls if "tenant-apps" in key]
    assert len(cache_reads) == 1  # after the first failure the cache leaves Redis alone for a while
    assert "hub cache" in caplog.text
    assert "k-1" not in repr(hub.get_tenant_applications())


# -- app wiring -------------------------------------------------------------------------------------------------


def test_get_hub_memoizes_one_client_per_app(redis_conn):
    app = Flask(__name__)
    app.config.update(CONFIG)
    app.extensions["redis"] = redis_conn
    with app.app_context():
        client = get_hub()
        assert get_hub() is client
        assert client.cache.conn is redis_conn
    assert app.extensions["hub"] is client
