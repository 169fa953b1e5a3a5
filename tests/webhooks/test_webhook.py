"""The Hub pipeline webhook: with the shared secret it queues an immediate poll; without it, nothing."""

import pytest

from storefront.extensions import db
from storefront.fulfillment.models import HubProject
from storefront.jobs.queueing import poll_now_job_id
from storefront.jobs.redis_queue import get_queue
from tests.fixtures.records import make_order
from tests.fixtures.settings import WEBHOOK_SECRET

URL = "/webhooks/hub/pipeline"


@pytest.fixture
def project(app, sandbox):
    order = make_order(anonymous_id="guest-abc")
    project = HubProject(order_id=order.id, hub_project_id=4242, processing_status="InProgress")
    db.session.add(project)
    db.session.commit()
    return project


def test_webhook_with_the_secret_header_queues_an_immediate_poll(client, project):
    body = {"projectId": 4242, "orderId": project.order.number, "status": "Completed"}
    response = client.post(URL, json=body, headers={"X-Webhook-Secret": WEBHOOK_SECRET})
    assert response.status_code == 202
    assert response.get_json() == {"queued": True}
    assert poll_now_job_id(project.order_id) in get_queue().job_ids


def test_a_secret_in_the_url_is_refused_with_a_message_naming_the_header(client, project):
    response = client.post(f"{URL}?secret={WEBHOOK_SECRET}", json={"projectId": 4242})
    assert response.status_code == 400
    assert "X-Webhook-Secret header" in response.get_json()["error"]
    with_header = client.post(f"{URL}?secret=x", json={"projectId": 4242}, headers={"X-Webhook-Secret": WEBHOOK_SECRET})
    assert with_header.status_code == 400
    assert get_queue().job_ids == []


def test_wrong_or_missing_secret_is_403_and_queues_nothing(client, project):
    assert client.post(URL, json={"projectId": 4242}).status_code == 403
    assert client.post(URL, json={"projectId": 4242}, headers={"X-Webhook-Secret": "guess"}).status_code == 403
    assert client.post(URL, json={"projectId": 4242}, headers={"X-Webhook-Secret": "é"}).status_code == 403
    assert get_queue().job_ids == []


def test_no_secret_configured_refuses_everything(app, client, project):
    app.config["HUB_WEBHOOK_SECRET"] = None
    assert client.post(URL, json={"projectId": 4242}, headers={"X-Webhook-Secret": "None"}).status_code == 403
    app.config["HUB_WEBHOOK_SECRET"] = ""
    assert client.post(URL, json={"projectId": 4242}, headers={"X-Webhook-Secret": ""}).status_code == 403


def test_unknown_project_is_404(client, project):
    response = client.post(URL, json={"projectId": 999}, headers={"X-Webhook-Secret": WEBHOOK_SECRET})
    assert response.status_code == 404
    assert response.get_json()["error"]
    assert get_queue().job_ids == []


@pytest.mark.parametrize(
    "body",
    [None, "not json", [], {}, {"projectId": "abc"}, {"projectId": True}, {"projectId": 2**40}, {"projectId": -1}],
)
def test_malformed_body_is_400(client, project, body):
    headers = {"X-Webhook-Secret": WEBHOOK_SECRET}
    if isinstance(body, str) or body is None:
        response = client.post(URL, data=body or "", headers={**headers, "Content-Type": "application/json"})
    else:
        response = client.post(URL, json=body, headers=headers)
    assert response.status_code == 400


def test_secret_never_reaches_the_logs(client, project, caplog):
    client.post(URL, json={"projectId": 4242}, headers={"X-Webhook-Secret": WEBHOOK_SECRET})
    client.post(URL, json={"projectId": 4242}, headers={"X-Webhook-Secret": "a-wrong-guess"})
    assert WEBHOOK_SECRET not in caplog.text and "a-wrong-guess" not in caplog.text
