"""Cart fixtures: the store on the in-process Hub sandbox and a shopper adding designs as the editor's page does."""

import pytest

from tests.fixtures.drivers import ShopperDriver


@pytest.fixture
def app_config(sandbox_app_config):
    return sandbox_app_config


@pytest.fixture
def shopper(client, sandbox, demo_catalog):
    return ShopperDriver(client, sandbox)
