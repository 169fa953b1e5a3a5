"""Mail fixtures: the store on the sandbox with instant polls, sending through the suite's real SMTP server with
instant retries; a shopper who checks out and the store owner."""

import pytest

from tests.fixtures.drivers import AdminDriver, CheckoutDriver
from tests.fixtures.jobs import INSTANT_JOBS
from tests.mail.helpers import OWNER_ALERTS, STORE_URL


@pytest.fixture
def app_config(sandbox_app_config, smtp):
    sandbox_app_config.update(INSTANT_JOBS)
    sandbox_app_config.update(smtp.app_config())
    sandbox_app_config.update(
        {"STORE_URL": STORE_URL, "STORE_OWNER_EMAIL": OWNER_ALERTS, "MAIL_FROM": "Printshop <orders@shop.test>"}
    )
    # Two more tries after a temporary failure, at once (RQ queues a retry with no interval straight back).
    sandbox_app_config["MAIL_RETRY"] = [0, 0]
    return sandbox_app_config


@pytest.fixture
def shopper(client, sandbox, demo_catalog):
    return CheckoutDriver(client, sandbox)


@pytest.fixture
def owner(app):
    return AdminDriver.new_owner(app)
