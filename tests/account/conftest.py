"""Account fixtures: a registered customer."""

import pytest

from storefront.shoppers import accounts as services

CUSTOMER = {"email": "ada@example.com", "name": "Ada Lovelace", "password": "analytical-engine"}


@pytest.fixture
def customer(app):
    """A registered customer (see CUSTOMER for the credentials)."""
    return services.register_customer(CUSTOMER["email"], CUSTOMER["name"], CUSTOMER["password"])
