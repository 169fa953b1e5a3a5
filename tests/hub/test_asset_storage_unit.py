"""HubClient's Asset Storage calls on the wire (requests-mock): paths, the ownerId and policy query, retries."""

import pytest

from storefront.hub import HubNotFound, HubUnavailable

from .test_client_unit import API, clock, hub, make_client, query, sleeps, token  # noqa: F401 - fixtures

DESIGNS = f"{API}/api/storage/v1/private-designs"


def test_keeping_a_design_sends_the_never_policy_in_the_query(hub, token, requests_mock):  # noqa: F811
    call = requests_mock.post(f"{DESIGNS}/d%2F1/retention-policy", status_code=200)
    hub.keep_private_design("d/1", "customer-9")
    assert query(call.last_request) == {"tenantId": "3", "ownerId": "customer-9", "policy": "Never"}
    assert call.last_request.body is None
    assert call.last_request.headers["Authorization"] == "Bearer tok-1"


def test_a_copy_is_not_repeated_after_a_server_error(hub, token, requests_mock):  # noqa: F811
    call = requests_mock.post(f"{DESIGNS}/d-1", [{"status_code": 502}, {"status_code": 201, "json": {"id": "d-2"}}])
    with pytest.raises(HubUnavailable):
        hub.copy_private_design("d-1", "guest-1")
    assert call.call_count == 1


def test_a_copy_returns_the_new_design(hub, token, requests_mock):  # noqa: F811
    call = requests_mock.post(
        f"{DESIGNS}/d-1", status_code=201, json={"id": "d-2", "ownerId": "guest-1", "private": True}
    )
    copy = hub.copy_private_design("d-1", "guest-1")
    assert (copy.id, copy.owner_id) == ("d-2", "guest-1")
    assert query(call.last_request) == {"tenantId": "3", "ownerId": "guest-1"}


def test_a_design_the_hub_forgot_is_not_found(hub, token, requests_mock):  # noqa: F811
    requests_mock.get(f"{DESIGNS}/d-1", status_code=404, json={"status": 404, "title": "Not Found"})
    with pytest.raises(HubNotFound):
        hub.get_private_design("d-1", "guest-1")


def test_the_retention_period_is_read_from_the_tenant_settings(hub, token, requests_mock):  # noqa: F811
    requests_mock.get(
        f"{API}/api/storage/v1/tenants/3",
        json={"id": 3, "settings": {"enableAssetsRetention": True, "assetsRetentionPeriodInDays": 30}},
    )
    retention = hub.get_asset_retention()
    assert retention.enabled is True and retention.period_days == 30


def test_a_confirmed_owner_is_remembered_and_a_refusal_is_asked_anew(make_client, token, requests_mock, redis_conn):  # noqa: F811
    call = requests_mock.get(
        f"{DESIGNS}/d-1",
        [{"status_code": 404, "json": {"status": 404, "title": "Not Found"}}, {"json": {"id": "d-1"}}],
    )
    client = make_client(redis_conn)
    with pytest.raises(HubNotFound):
        client.confirm_private_design("d-1", "customer-9")  # not (yet) theirs: a guest merge may move it there
    client.confirm_private_design("d-1", "customer-9")
    make_client(redis_conn).confirm_private_design("d-1", "customer-9")  # another process: from Redis
    assert call.call_count == 2
    assert query(call.last_request) == {"tenantId": "3", "ownerId": "customer-9"}
    assert 3590 < redis_conn.ttl("printshop:hub:design-owner:7:customer-9:d-1") <= 3600
    client.confirm_private_design("d-1", "guest-1")  # the yes was for one owner only
    assert call.call_count == 3
