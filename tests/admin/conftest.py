"""Admin fixtures: the store on the sandbox with instant polls, orders placed through checkout, a logged-in owner."""

import pytest

from storefront.orders.lifecycle import SETTLED
from storefront.orders.models import OrderStatus
from tests.fixtures.drivers import AdminDriver, ShopperDriver
from tests.fixtures.jobs import INSTANT_JOBS, run_jobs_until
from tests.fixtures.records import OWNER, make_user, reload


@pytest.fixture
def app_config(sandbox_app_config):
    sandbox_app_config.update(INSTANT_JOBS)
    return sandbox_app_config


@pytest.fixture
def shopper(client, sandbox, demo_catalog):
    return ShopperDriver(client, sandbox)


@pytest.fixture
def owner_user(app):
    return make_user(is_admin=True, **OWNER)


@pytest.fixture
def owner(app, owner_user):
    """The store owner, logged in on a client of their own (the shopper keeps the `client` fixture)."""
    driver = AdminDriver(app.test_client())
    driver.login(OWNER["email"], OWNER["password"])
    return driver


@pytest.fixture
def ready_order(shopper, place):
    """A personalized order placed through checkout and worked by the real worker until its print files are ready."""
    shopper.personalize_into_cart("photo-mug", lines=("Admin test",))
    order = place()
    run_jobs_until(lambda: reload(order).status in SETTLED)
    order = reload(order)
    assert order.status == OrderStatus.READY
    return order
