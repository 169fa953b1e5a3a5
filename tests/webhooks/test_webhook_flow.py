"""The pipeline's invoke-url callback makes an order ready long before the next scheduled poll."""

import threading

import pytest
from werkzeug.serving import make_server

from storefront.extensions import db
from storefront.orders.models import Order, OrderStatus
from tests.fixtures.jobs import run_jobs_until


@pytest.fixture
def live_store(app):
    """The store served over HTTP on a free port, so the sandbox can call its webhook."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)


def test_webhook_makes_the_order_ready_sooner_than_the_poll_interval(app, shopper, place, sandbox, live_store):
    app.config["HUB_POLL_INTERVAL"] = 3600
    sandbox.configure(
        webhook_url=f"{live_store}/webhooks/hub/pipeline", webhook_secret=app.config["HUB_WEBHOOK_SECRET"]
    )
    shopper.personalize_into_cart("photo-mug")
    order = place()

    def ready():
        db.session.expire_all()
        return db.session.get(Order, order.id).status == OrderStatus.READY

    run_jobs_until(ready, timeout=20)
    assert db.session.get(Order, order.id).hub_project.polls <= 2
