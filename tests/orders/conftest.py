"""Order fixtures: the store on the Hub sandbox and a shopper who can check out."""

import pytest

from tests.fixtures.drivers import CheckoutDriver


@pytest.fixture
def app_config(sandbox_app_config):
    return sandbox_app_config


@pytest.fixture
def shopper(client, sandbox, demo_catalog):
    return CheckoutDriver(client, sandbox)
