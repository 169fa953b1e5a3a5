"""Contract tests: Aurigma's official Asset Storage client reads, copies and keeps private designs at the sandbox,
reads the tenant's retention settings and triggers its clean-up."""

import aurigma.asset_storage as st
import pytest

from .test_official_clients import CARD, Hub, create_design, error_body, get_design, hub_token

pytestmark = pytest.mark.contract


@pytest.fixture
def hub(sandbox):
    return Hub(sandbox, hub_token(sandbox))


def designs(apis):
    return st.PrivateDesignsApi(apis.artifacts.api_client)


def tenants(apis):
    return st.TenantsApi(apis.artifacts.api_client)


@pytest.fixture
def owned_design(hub, sandbox):
    owner = hub.create_user(is_anonymous=True)
    token = hub.user_token(owner.user_id)
    return owner.user_id, token, create_design(sandbox, token, *CARD)


def test_copy_and_get_parse_as_design_dtos_and_the_copy_opens_like_the_source(hub, sandbox, owned_design):
    owner, token, design = owned_design
    copy = hub.ok(
        lambda a: designs(a).private_designs_copy_with_http_info(id=design["id"], owner_id=owner, tenant_id=1),
        st.DesignDto,
        status=201,
    )
    assert copy.id and copy.id != design["id"] and copy.owner_id == owner
    source = hub.ok(
        lambda a: designs(a).private_designs_get_with_http_info(id=design["id"], owner_id=owner), st.DesignDto
    )
    assert source.id == design["id"]
    assert get_design(sandbox, token, copy.id).json()["lines"] == design["lines"]


def test_retention_policy_round_trip_with_the_clients_enum(hub, owned_design):
    owner, _token, design = owned_design
    get_policy = lambda a: designs(a).private_designs_get_retention_policy_with_http_info(  # noqa: E731
        id=design["id"], owner_id=owner
    )
    assert hub.ok(get_policy, st.RetentionPolicy) == st.RetentionPolicy.DEFAULT
    hub.ok(
        lambda a: designs(a).private_designs_set_retention_policy_with_http_info(
            id=design["id"], policy=st.RetentionPolicy.NEVER, owner_id=owner
        ),
        None,
    )
    assert hub.ok(get_policy, st.RetentionPolicy) == st.RetentionPolicy.NEVER


def test_a_design_outside_the_owners_storage_is_404_problem_details(hub, owned_design):
    _owner, _token, design = owned_design
    stranger = hub.create_user().user_id
    for call in (
        lambda a: designs(a).private_designs_get(id=design["id"], owner_id=stranger),
        lambda a: designs(a).private_designs_copy(id=design["id"], owner_id=stranger),
        lambda a: designs(a).private_designs_set_retention_policy(
            id=design["id"], policy=st.RetentionPolicy.NEVER, owner_id=stranger
        ),
    ):
        error = hub.fails(call, 404)
        assert error_body(error, st.ProblemDetails).status == 404


def test_tenant_retention_settings_and_clean_up(hub, sandbox, owned_design):
    owner, _token, design = owned_design
    tenant = hub.ok(lambda a: tenants(a).tenants_get_with_http_info(id=sandbox.tenant_id), st.TenantDto)
    assert tenant.settings.enable_assets_retention is True
    assert tenant.settings.assets_retention_period_in_days == 60
    hub.ok(lambda a: tenants(a).tenants_clean_up_with_http_info(id=sandbox.tenant_id), None)
    # A design saved a moment ago is far younger than the tenant's period.
    hub.ok(lambda a: designs(a).private_designs_get_with_http_info(id=design["id"], owner_id=owner), st.DesignDto)
