"""The real gunicorn access log of a guest's whole journey (the Procfile's web process: design, checkout, the
emailed link, status polls, the Hub's webhook) holds paths, and no order key, token or secret."""

import re
from email import policy
from email.parser import BytesParser

import pytest
import requests

from bench.shopper import Shopper
from bench.stack import Settings, Stack
from tests.fixtures.settings import TEST_REDIS_URL
from tests.fixtures.waiting import eventually

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def stack():
    with Stack(Settings(redis_url=TEST_REDIS_URL, pending_seconds=0.2, processing_seconds=0.2)) as running:
        yield running


def emailed_link(stack):
    """The order link in the guest's confirmation, as the worker wrote it to its outbox."""

    def message():
        found = sorted((stack.workdir / "worker-1" / "outbox").glob("*.eml"))
        return found[0] if found else None

    eml = eventually(message, timeout=60, what="the confirmation email")
    body = BytesParser(policy=policy.default).parsebytes(eml.read_bytes()).get_body(("plain",)).get_content()
    return re.search(r"http://\S+/orders/PS-\d+\?key=\S+", body).group(0)


def test_a_guests_journey_leaves_no_key_token_or_secret_in_the_access_log(stack):
    guest = Shopper(stack.store_url, name="Log Reader")
    guest.personalize_into_cart("classic-business-card", lines=("Access", "log"))
    editor_token = guest.http.get(f"{stack.store_url}/editor/token", timeout=10).json()["token"]
    number, key_in_url, _placed = guest.checkout()
    assert key_in_url is None

    link = emailed_link(stack)
    elsewhere = requests.Session()  # the emailed link opened on another device
    assert elsewhere.get(link, timeout=10).url == f"{stack.store_url}/orders/{number}"
    status_url = f"{stack.store_url}/orders/{number}/status.json"
    for browser in (guest.http, elsewhere):
        ready = lambda browser=browser: browser.get(status_url, timeout=10).json()["status"] == "ready"  # noqa: E731
        eventually(ready, timeout=60, what="the order ready")
    callback = '"POST /webhooks/hub/pipeline HTTP/1.1" 202'  # the sandbox pipeline's, with its secret header
    eventually(lambda: callback in stack.log_tail("web", 1_000_000), timeout=30, what="the pipeline's callback")
    refused = requests.post(
        f"{stack.store_url}/webhooks/hub/pipeline?secret={stack.webhook_secret}", json={"projectId": 1}, timeout=10
    )
    assert refused.status_code == 400

    log = stack.log_tail("web", 1_000_000)
    key = link.rsplit("key=", 1)[1]
    assert f'"GET /orders/{number}/status.json HTTP/1.1" 200' in log
    for secret in (key, stack.webhook_secret, editor_token, stack.secret_key):
        assert secret not in log
    assert "key=" not in log and "secret=" not in log
