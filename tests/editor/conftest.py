"""Editor fixtures: the store on the in-process Hub sandbox and a shopper opening the personalize page."""

import pytest

from tests.fixtures.drivers import ShopperDriver


@pytest.fixture
def app_config(sandbox_app_config):
    return sandbox_app_config


@pytest.fixture
def shopper(client, sandbox, demo_catalog):
    return ShopperDriver(client, sandbox)
