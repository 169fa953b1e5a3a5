"""Fulfilment fixtures: the store on the sandbox with instant polls, orders placed the way checkout does, and real
`python worker.py` processes for the fault tests."""

import pytest

from storefront.extensions import db
from storefront.orders.checkout import new_checkout_key, place_order
from storefront.shoppers.identity import GUEST_ID_KEY, Shopper, customer_storefront_user_id
from storefront.shoppers.models import User
from tests.fixtures.processes import WorkerProcess, worker_env
from tests.shoppers.conftest import ShopperDriver

# What the worker processes of the fault tests run with: short intervals, so recovery takes seconds.
RECONCILE_INTERVAL = 5
WORKER_SETTINGS = {
    "HUB_POLL_INTERVAL": 1,
    "HUB_RESUME_DELAY": 1,
    "RECONCILE_INTERVAL": RECONCILE_INTERVAL,
    "JOB_HEARTBEAT_TTL": 3,
}


@pytest.fixture
def app_config(app_config, sandbox):
    app_config.update(sandbox.hub_config())
    app_config.update(
        {
            "HUB_MAX_RETRIES": 3,
            "HUB_BACKOFF_BASE": 0.01,
            "HUB_BACKOFF_MAX": 0.05,
            "HUB_POLL_INTERVAL": 0,
            "HUB_RESUME_DELAY": 0,
            "HUB_WEBHOOK_SECRET": "test-webhook-secret",
            "JOB_HEARTBEAT_TTL": 1,  # the reconciler's second look waits half of it
        }
    )
    return app_config


@pytest.fixture
def shopper(client, sandbox, demo_catalog):
    return ShopperDriver(client, sandbox)


@pytest.fixture
def place(shopper):
    """Check out the shopper's cart through the checkout service; returns the order."""

    def place_cart(email="guest@example.com", name="Guest Shopper"):
        with shopper.client.session_transaction() as session:
            guest_id = session.get(GUEST_ID_KEY)
            user_id = session.get("_user_id")
        if user_id:
            user = db.session.get(User, int(user_id))
            who = Shopper(customer_storefront_user_id(user), user=user)
        else:
            who = Shopper(guest_id, anonymous_id=guest_id)
        return place_order(who, email, name, new_checkout_key())

    return place_cart


@pytest.fixture
def spawn_worker(app, sandbox, database_url, tmp_path):
    """Start `python worker.py` processes on the test database, the app's Redis (or another) and the sandbox.

    Every worker still running is stopped at teardown, and the tail of each log is printed (pytest shows it when
    the test failed).
    """
    started = []

    def spawn(redis_url=None):
        redis_url = redis_url or app.config["REDIS_URL"]
        env = worker_env(
            database_url=database_url,
            redis_url=redis_url,
            sandbox=sandbox,
            artifacts_dir=app.config["ARTIFACTS_DIR"],
            instance_dir=tmp_path / "instance",
            **WORKER_SETTINGS,
        )
        worker = WorkerProcess(env, tmp_path / f"worker-{len(started) + 1}.log", redis_url)
        started.append(worker.start())
        return worker

    yield spawn
    for worker in started:
        worker.stop()
    for worker in started:
        print(f"--- {worker.log_path.name} (pid {worker.pid}, exit code {worker.process.returncode}) ---")
        print(worker.log_tail())
