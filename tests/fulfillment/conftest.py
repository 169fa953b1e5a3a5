"""Fulfilment fixtures: the store on the sandbox with instant polls and a shopper."""

import pytest

from tests.fixtures.drivers import ShopperDriver
from tests.fixtures.jobs import INSTANT_JOBS


@pytest.fixture
def app_config(sandbox_app_config):
    sandbox_app_config.update(INSTANT_JOBS)
    return sandbox_app_config


@pytest.fixture
def shopper(client, sandbox, demo_catalog):
    return ShopperDriver(client, sandbox)
