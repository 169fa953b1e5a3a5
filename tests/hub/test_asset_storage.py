"""HubClient's Asset Storage calls against the sandbox: reading, copying and keeping private designs."""

import pytest
import requests

from storefront.hub import HubNotFound

from .test_client_sandbox import create_design, hub, unique  # noqa: F401 - `hub` is a fixture


@pytest.fixture
def guest_design(hub, sandbox):  # noqa: F811
    guest = unique("guest")
    hub.create_storefront_user(guest, is_anonymous=True)
    return guest, create_design(sandbox, hub.get_storefront_user_token(guest))


def test_a_copy_is_a_new_design_of_the_same_owner(hub, guest_design):  # noqa: F811
    guest, design_id = guest_design
    copy = hub.copy_private_design(design_id, guest)
    assert copy.id != design_id and copy.owner_id == guest
    assert hub.get_private_design(copy.id, guest).id == copy.id
    assert {d.id for d in hub.list_private_designs(guest).items} == {design_id, copy.id}


def test_a_design_the_hub_forgot_is_not_found(hub, sandbox, guest_design):  # noqa: F811
    guest, design_id = guest_design
    requests.post(f"{sandbox.url}/sandbox/clean-up", json={"older_than_seconds": 0}, timeout=10).raise_for_status()
    with pytest.raises(HubNotFound):
        hub.get_private_design(design_id, guest)
    with pytest.raises(HubNotFound):
        hub.copy_private_design(design_id, guest)


def test_a_kept_design_survives_the_clean_up(hub, sandbox, guest_design):  # noqa: F811
    guest, design_id = guest_design
    hub.keep_private_design(design_id, guest)
    requests.post(f"{sandbox.url}/sandbox/clean-up", json={"older_than_seconds": 0}, timeout=10).raise_for_status()
    assert hub.get_private_design(design_id, guest).id == design_id


def test_the_tenant_retention_period_comes_from_the_hub(hub, sandbox):  # noqa: F811
    sandbox.configure(retention_days=14)
    retention = hub.get_asset_retention()
    assert retention.enabled is True and retention.period_days == 14
