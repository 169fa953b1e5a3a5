"""Fixtures for the sandbox's own tests; their helpers live in hub_api.py."""

import pytest

from .hub_api import HubSession, make_design, make_user, user_token


@pytest.fixture
def api(sandbox):
    """A session with a valid access token."""
    with HubSession(sandbox, sandbox.access_token()) as session:
        yield session


@pytest.fixture
def owner_with_design(api):
    """(owner id, owner's user token, one saved business-card design)."""
    owner = make_user(api)
    token = user_token(api, owner)
    return owner, token, make_design(api, token)
