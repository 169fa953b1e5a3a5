"""HubClient against the running Hub sandbox: users, catalog, a whole order's project, and a flaky Hub."""

import io
import uuid

import pytest
import requests

from storefront.hub import (
    HubConflict,
    HubError,
    HubNotFound,
    HubUnavailable,
    MultiItemProjectInput,
    ProjectItemInput,
    hub_client_from_config,
)
from tests.fixtures.waiting import eventually

REFERENCE = "printshop-classic-business-card"
SKU = "BC-CLASSIC-100-MATTE"


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def make_hub(sandbox, **overrides):
    config = {**sandbox.hub_config(), "HUB_BACKOFF_BASE": 0.01, "HUB_BACKOFF_MAX": 0.05, **overrides}
    return hub_client_from_config(config)


@pytest.fixture
def hub(sandbox):
    """A client for the sandbox (which the fixture resets before every test)."""
    return make_hub(sandbox)


def create_design(sandbox, user_token, lines=("Alex Morgan", "Studio Manager")):
    """A private design through the sandbox's editor API (what the in-browser editor does on add-to-cart)."""
    body = {
        "productReference": REFERENCE,
        "sku": SKU,
        "lines": list(lines),
        "font_size": 14,
        "text_color": "#1f2933",
        "background_color": "#ffffff",
        "width_mm": 85,
        "height_mm": 55,
    }
    resp = requests.post(
        f"{sandbox.url}/api/sandbox-editor/v1/designs",
        json=body,
        headers={"Authorization": f"Bearer {user_token}"},
        timeout=10,
    )
    resp.raise_for_status()
    return resp.json()["id"]


def order_project(owner_id, order_id, design_ids):
    items = tuple(
        ProjectItemInput(
            order_line_item_index=index,
            order_line_item_id=f"{order_id}-{index}",
            product_reference=REFERENCE,
            sku=SKU,
            quantity=100,
            design_ids=(design_id,),
        )
        for index, design_id in enumerate(design_ids)
    )
    return MultiItemProjectInput(
        owner_id=owner_id,
        order_id=order_id,
        order_number=1001,
        order_url=f"http://127.0.0.1:5000/orders/{order_id}",
        customer_id="c-1",
        customer_name="Alex Morgan",
        items=items,
    )


def download_outputs(hub, results):
    """Every output file's bytes, fetched the way fulfilment does it."""
    files = []
    for output in results.output_files:
        out = io.BytesIO()
        if output.anonymous_access:
            size = hub.download_url(output.url, out, authenticated=False)
        else:
            size = hub.download_artifact(output.artifact_id, out)
        assert size == len(out.getvalue())
        files.append(out.getvalue())
    return files


def completed(hub, project_id, timeout=30.0):
    return eventually(lambda: hub.get_processing_results(project_id), lambda r: r.finished, timeout=timeout)


# -- storefront users and catalog ---------------------------------------------------------------------------------


def test_storefront_user_is_created_found_and_given_a_token(hub):
    user_id = unique("guest")
    created = hub.create_storefront_user(user_id, is_anonymous=True)
    assert created.user_id == user_id and created.is_anonymous
    assert hub.get_storefront_user(user_id) == created
    with pytest.raises(HubConflict):
        hub.create_storefront_user(user_id, is_anonymous=True)
    token = hub.get_storefront_user_token(user_id)
    assert isinstance(token, str) and len(token) > 20


def test_unknown_storefront_user_is_not_found(hub):
    with pytest.raises(HubNotFound):
        hub.get_storefront_user(unique("nobody"))


def test_guest_designs_merge_into_a_registered_user(hub):
    guest, customer = unique("guest"), unique("customer")
    hub.create_storefront_user(guest, is_anonymous=True)
    hub.create_storefront_user(customer, is_anonymous=False)
    hub.merge_anonymous_user(guest, customer)
    assert hub.get_storefront_user(customer).is_anonymous is False


def test_demo_product_is_personalizable_with_the_handy_editor(hub, sandbox):
    reference = hub.get_product_reference(REFERENCE)
    assert reference.product_reference == REFERENCE
    assert reference.product_id is not None
    product = hub.get_product_by_reference(REFERENCE)
    assert product.id == reference.product_id
    workflow = hub.get_personalization_workflow(REFERENCE)
    assert workflow.workflow_type == "WorkflowElements"
    assert workflow.content["tagName"] == "au-handy-editor"


def test_unknown_reference_is_not_personalizable(hub):
    with pytest.raises(HubNotFound) as info:
        hub.get_product_reference(unique("no-such-product"))
    assert info.value.status == 404


def test_tenant_applications(hub, sandbox):
    apps = hub.get_tenant_applications()
    assert apps.tenant_id == sandbox.tenant_id


def test_statuses_and_transitions_are_listed(hub):
    statuses = hub.get_project_statuses()
    assert statuses.total == len(statuses.items) > 0
    transitions = hub.get_all_transitions()
    assert all(t.name for t in transitions.items)


# -- projects -----------------------------------------------------------------------------------------------------


def test_an_order_becomes_a_project_with_print_ready_pdfs(hub, sandbox):
    owner = unique("customer")
    hub.create_storefront_user(owner, is_anonymous=False)
    user_token = hub.get_storefront_user_token(owner)
    designs = [create_design(sandbox, user_token), create_design(sandbox, user_token, lines=("Sam", "Photos"))]
    order_id = unique("order")

    project = hub.create_multi_item_project(order_project(owner, order_id, designs))
    assert project.order_id == order_id and len(project.items) == 2
    found = hub.find_projects(order_id=order_id)
    assert [p.id for p in found.items] == [project.id]
    assert hub.get_project(project.id).owner_id == owner

    results = completed(hub, project.id)
    assert results.status == "Completed"
    assert len(results.output_files) == 2
    files = download_outputs(hub, results)
    assert all(data.startswith(b"%PDF") for data in files)
    first = results.output_files[0]
    assert first.size == len(files[0])
    by_url = io.BytesIO()
    hub.download_url(first.url, by_url, authenticated=True)  # the output URL, with our bearer token
    assert by_url.getvalue() == files[0]


def test_anonymous_output_files_download_without_our_token(hub, sandbox):
    sandbox.configure(anonymous_access=True)
    owner = unique("customer")
    hub.create_storefront_user(owner, is_anonymous=False)
    design = create_design(sandbox, hub.get_storefront_user_token(owner))
    project = hub.create_multi_item_project(order_project(owner, unique("order"), [design]))
    results = completed(hub, project.id)
    assert results.status == "Completed"
    assert all(f.anonymous_access for f in results.output_files)
    assert download_outputs(hub, results)[0].startswith(b"%PDF")


def test_project_status_transitions_apply(hub, sandbox):
    owner = unique("customer")
    hub.create_storefront_user(owner, is_anonymous=False)
    design = create_design(sandbox, hub.get_storefront_user_token(owner))
    project = hub.create_multi_item_project(order_project(owner, unique("order"), [design]))
    available = hub.get_project_transitions(project.id).items
    assert available, "a new project should have somewhere to go"
    status = hub.apply_transition(project.id, available[0].name)
    assert status.code == available[0].result_status
    assert hub.get_project(project.id).status == status.code
    with pytest.raises(HubConflict) as info:
        hub.apply_transition(project.id, available[0].name)  # already taken: not available from here
    now_available = {t.name for t in hub.get_project_transitions(project.id).items}
    assert {t.name for t in info.value.available_transitions} == now_available
    with pytest.raises(HubError) as info:
        hub.apply_transition(project.id, unique("no-such-transition"))
    assert info.value.status == 400


def test_a_failed_pipeline_is_resumed(hub, sandbox):
    owner = unique("customer")
    hub.create_storefront_user(owner, is_anonymous=False)
    design = create_design(sandbox, hub.get_storefront_user_token(owner))
    sandbox.set_faults(fail_pipeline_next=1)
    project = hub.create_multi_item_project(order_project(owner, unique("order"), [design]))
    assert completed(hub, project.id).status == "Failed"
    hub.resume_processing(project.id)
    results = completed(hub, project.id)
    assert results.status == "Completed"
    assert download_outputs(hub, results)[0].startswith(b"%PDF")


def test_missing_project_is_not_found(hub):
    with pytest.raises(HubNotFound):
        hub.get_project(987654321)


# -- a flaky Hub --------------------------------------------------------------------------------------------------


def ensure_user(hub, user_id, is_anonymous):
    """Get-or-create that survives lost answers: the client does not retry creates, so we look before retrying."""
    for _ in range(10):
        try:
            return hub.get_storefront_user(user_id)
        except HubNotFound:
            pass
        try:
            return hub.create_storefront_user(user_id, is_anonymous)
        except (HubUnavailable, HubConflict):
            continue  # maybe created after all: the next get tells
    raise AssertionError("could not create the storefront user")


def ensure_project(hub, project_input):
    """Find-before-create by orderId (what submit_order does), so a lost 201 never makes a second project."""
    for _ in range(10):
        found = hub.find_projects(order_id=project_input.order_id)
        if found.items:
            assert len(found.items) == 1
            return found.items[0]
        try:
            return hub.create_multi_item_project(project_input)
        except HubUnavailable:
            continue
    raise AssertionError("could not create the project")


def test_the_order_flow_survives_30_percent_503s(hub, sandbox):
    owner = unique("customer")
    ensure_user(hub, owner, is_anonymous=False)
    design = create_design(sandbox, hub.get_storefront_user_token(owner))
    flaky = make_hub(sandbox, HUB_MAX_RETRIES=10)
    sandbox.set_faults(error_rate=0.3, error_status=503, seed=1)  # a seed that fails both creates at least once

    guest = unique("guest")
    ensure_user(flaky, guest, is_anonymous=True)
    assert flaky.get_storefront_user_token(guest)
    assert flaky.get_personalization_workflow(REFERENCE).workflow_type == "WorkflowElements"
    with pytest.raises(HubNotFound):
        flaky.get_product_reference(unique("no-such-product"))
    flaky.merge_anonymous_user(guest, owner)

    order_id = unique("order")
    project = ensure_project(flaky, order_project(owner, order_id, [design]))
    assert project.order_id == order_id
    results = completed(flaky, project.id)
    assert results.status == "Completed"
    assert download_outputs(flaky, results)[0].startswith(b"%PDF")
    assert len(flaky.find_projects(order_id=order_id).items) == 1
    injected = sandbox.stats()["injected_errors"]
    assert injected.get("StorefrontUsers_Create") and injected.get("Projects_CreateWithMultipleItems")


def test_a_revoked_access_token_is_replaced_once(hub, sandbox):
    hub.get_project_statuses()  # fetch a real token first
    hub.transport.session.token = {"access_token": "revoked-token", "token_type": "Bearer", "expires_in": 3600}
    assert hub.get_project_statuses().total > 0
    assert hub.transport.session.token["access_token"] != "revoked-token"
