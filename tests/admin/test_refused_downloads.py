"""A print file the Hub names where the worker does not download from (download_hosts.py) fails its order for the
owner to see, says on the timeline which host was refused and why, and is not retried."""

import re

from storefront.extensions import db
from storefront.jobs.redis_queue import get_queue
from storefront.orders.lifecycle import SETTLED
from storefront.orders.models import OrderStatus
from tests.fixtures.jobs import run_jobs_until
from tests.fixtures.records import reload


def refused_events(order):
    db.session.expire_all()
    return [event for event in reload(order).events if event.kind == "file_refused"]


def attention_orders(owner):
    html = owner.client.get("/admin/orders?status=attention").get_data(as_text=True)
    return re.findall(r'<tr class="admin-row[^"]*" data-order="([^"]+)"', html)


def assert_not_retried():
    queue = get_queue()
    assert queue.failed_job_registry.count == 0
    assert queue.scheduled_job_registry.count == 0
    assert queue.count == 0


def test_a_print_file_on_a_host_that_is_not_the_hubs_puts_the_order_before_the_owner(
    owner, shopper, place, sandbox, monkeypatch
):
    sandbox.configure(anonymous_access=True)
    shopper.personalize_into_cart("photo-mug")
    order = place()
    # The sandbox now hands out its files under another name of this machine: a host the store was not given.
    elsewhere = sandbox.url.replace("127.0.0.1", "localhost")
    monkeypatch.setitem(sandbox.app.config, "SANDBOX_PUBLIC_URL", elsewhere)
    run_jobs_until(lambda: reload(order).status in SETTLED)

    order = reload(order)
    assert order.status == OrderStatus.RENDER_FAILED
    assert "localhost" in order.status_detail
    (event,) = refused_events(order)
    assert event.details["host"] == "localhost"
    assert f"refused: {elsewhere.removeprefix('http://')}/public/artifacts/" in event.message
    assert "not a Hub host" in event.message
    assert sandbox.stats().get("Public_GetArtifactFile", 0) == 0
    assert_not_retried()

    assert attention_orders(owner) == [order.number]
    page = owner.page(order)
    assert "Needs attention:" in page and "the download from localhost was refused" in page
    assert "not a Hub host" in page  # the timeline says why


def test_a_ready_order_whose_file_can_no_longer_be_fetched_waits_for_the_owner(owner, ready_order):
    print_file = ready_order.artifacts[0]
    print_file.anonymous_access = True
    print_file.source_url = "https://files.elsewhere.example/out/mug.pdf?sig=SIGNED-TOKEN"
    db.session.commit()
    owner.post(ready_order, "redownload")
    run_jobs_until(lambda: reload(ready_order).status != OrderStatus.READY)

    order = reload(ready_order)
    assert order.status == OrderStatus.RENDER_FAILED
    (event,) = refused_events(order)
    assert "files.elsewhere.example/out/mug.pdf" in event.message
    assert_not_retried()
    assert attention_orders(owner) == [order.number]
    page = owner.page(order)
    assert "files.elsewhere.example" in page
    assert "SIGNED-TOKEN" not in page
    assert all("SIGNED-TOKEN" not in event.message for event in order.events)
