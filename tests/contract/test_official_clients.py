"""Contract tests: Aurigma's official generated Python clients against the Hub sandbox.

Every Hub call goes through `aurigma-storefront-api-client` or `aurigma-asset-storage-api-client` (async, httpx +
pydantic v2), except the OAuth2 token fetch (the clients have no token endpoint) and the sandbox's stand-in editor
API. Each response must parse into the official model with its declared status code, carry no key the model does
not know (a misspelt field would otherwise be silently dropped), and hold the values the journey needs.
"""

import asyncio
import base64
import concurrent.futures
import io
import json
import re
import uuid
from dataclasses import dataclass

import aurigma.asset_storage as st
import aurigma.asset_storage.exceptions as st_errors
import aurigma.storefront as sf
import aurigma.storefront.exceptions as sf_errors
import pypdf
import pytest
import requests

from tests.fixtures.waiting import eventually

pytestmark = pytest.mark.contract

HTTP_TIMEOUT = 10
PROCESSING_DEADLINE = 10.0
POLL_INTERVAL = 0.05

CARD = ("printshop-classic-business-card", "BC-CLASSIC-100-MATTE")
INVITATION = ("printshop-wedding-invitation", "INV-WED-A5-25")
MUG = ("printshop-photo-mug", "MUG-11OZ-WHITE")

Status = sf.ProjectProcessingStatus
JWT_PART = re.compile(r"^[A-Za-z0-9_-]+$")


# ---------------------------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class Apis:
    users: sf.StorefrontUsersApi
    refs: sf.ProductReferencesApi
    projects: sf.ProjectsApi
    tenant: sf.TenantInfoApi
    artifacts: st.ArtifactsApi


def unknown_keys(raw, parsed, path="$"):
    """Keys present (non-null) on the wire but absent from the official model's own serialization."""
    found = []
    if isinstance(raw, dict) and isinstance(parsed, dict):
        for key, value in raw.items():
            if value is None:
                continue
            if key not in parsed:
                found.append(f"{path}.{key}")
            else:
                found.extend(unknown_keys(value, parsed[key], f"{path}.{key}"))
    elif isinstance(raw, list) and isinstance(parsed, list):
        for index, (raw_item, parsed_item) in enumerate(zip(raw, parsed, strict=False)):
            found.extend(unknown_keys(raw_item, parsed_item, f"{path}[{index}]"))
    return found


def assert_wire_matches(raw_json, model):
    extra = unknown_keys(raw_json, model.to_dict())
    assert not extra, f"{type(model).__name__}: keys unknown to the official model: {extra}"


class Hub:
    """Runs official-client calls against the sandbox, one fresh ApiClient pair per asyncio.run."""

    def __init__(self, sandbox, access_token):
        self.url = sandbox.url
        self.access_token = access_token
        self.storefront_id = sandbox.storefront_id
        self.tenant_id = sandbox.tenant_id

    def call(self, op):
        async def main():
            sf_conf = sf.Configuration(host=self.url, access_token=self.access_token)
            st_conf = st.Configuration(host=self.url, access_token=self.access_token)
            async with sf.ApiClient(sf_conf) as sf_client, st.ApiClient(st_conf) as st_client:
                apis = Apis(
                    users=sf.StorefrontUsersApi(sf_client),
                    refs=sf.ProductReferencesApi(sf_client),
                    projects=sf.ProjectsApi(sf_client),
                    tenant=sf.TenantInfoApi(sf_client),
                    artifacts=st.ArtifactsApi(st_client),
                )
                return await op(apis)

        # A thread of its own: pytest-playwright's sync API may keep an event loop running in the main thread.
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(asyncio.run, main()).result()

    def ok(self, op, model, status=200):
        """Call a `*_with_http_info` operation; check the status code and the parsed official model."""
        response = self.call(op)
        assert response.status_code == status, (
            f"expected HTTP {status}, got {response.status_code}: {response.raw_data[:300]!r}"
        )
        if model is None:
            assert response.data is None
            return None
        assert isinstance(response.data, model), (
            f"expected {model.__name__}, client produced {type(response.data).__name__} "
            f"(content-type {response.headers.get('content-type')!r}, body {response.raw_data[:300]!r})"
        )
        if hasattr(response.data, "to_dict"):
            assert_wire_matches(json.loads(response.raw_data), response.data)
        return response.data

    def status_of(self, op):
        """The HTTP status an operation meets: 200 when the client returns, else the status of its exception."""
        try:
            self.call(op)
        except (sf.ApiException, st.ApiException) as exc:
            return exc.status
        return 200

    def fails(self, op, status, exc_type=(sf.ApiException, st.ApiException)):
        """Call an operation that must fail; return the client's exception after checking its status."""
        with pytest.raises(exc_type) as info:
            self.call(op)
        assert info.value.status == status, f"expected HTTP {status}, got {info.value.status}: {info.value.body}"
        return info.value

    # -- storefront users -------------------------------------------------------------------------------------

    def create_user(self, is_anonymous=False):
        user_id = f"contract-{'anon' if is_anonymous else 'user'}-{uuid.uuid4().hex[:12]}"
        body = sf.CreateStorefrontUserDto(storefront_user_id=user_id, is_anonymous=is_anonymous)
        user = self.ok(
            lambda a: a.users.storefront_users_create_with_http_info(
                storefront_id=self.storefront_id, tenant_id=self.tenant_id, create_storefront_user_dto=body
            ),
            sf.StorefrontUserDto,
            status=201,
        )
        assert user.user_id == user_id
        assert user.is_anonymous is is_anonymous
        return user

    def user_token(self, user_id):
        return self.ok(
            lambda a: a.users.storefront_users_get_token_with_http_info(
                storefront_user_id=user_id, storefront_id=self.storefront_id, tenant_id=self.tenant_id
            ),
            str,
        )

    # -- projects ---------------------------------------------------------------------------------------------

    def create_project(self, sandbox, products, owner=None):
        """A multi-item project for a fresh order: one private design per line item."""
        owner = owner or self.create_user()
        owner_token = self.user_token(owner.user_id)
        order_id = f"contract-order-{uuid.uuid4().hex[:10]}"
        items = []
        for index, (reference, sku) in enumerate(products):
            design = create_design(sandbox, owner_token, reference, sku)
            items.append(
                sf.ProjectItemParametersDto(
                    name=f"{reference} #{index}",
                    quantity=index + 1,
                    order_line_item_index=index,
                    order_line_item_id=f"{order_id}-line-{index}",
                    product_reference=reference,
                    sku=sku,
                    design_ids=[design["id"]],
                )
            )
        body = sf.CreateMultiItemProjectDto(
            owner_id=owner.user_id,
            name=f"Order {order_id}",
            order_id=order_id,
            order_number=4242,
            order_name=f"#{order_id}",
            customer_id=owner.user_id,
            customer_name="Contract Test",
            items=items,
        )
        project = self.ok(
            lambda a: a.projects.projects_create_with_multiple_items_with_http_info(
                storefront_id=self.storefront_id, tenant_id=self.tenant_id, create_multi_item_project_dto=body
            ),
            sf.ProjectDto,
            status=201,
        )
        return project, items, owner

    def processing_results(self, project_id):
        return self.ok(
            lambda a: a.projects.projects_get_project_processing_results_with_http_info(
                id=project_id, tenant_id=self.tenant_id
            ),
            sf.ProjectProcessingResultsDto,
        )

    def wait_processing(self, project_id, until=(Status.COMPLETED, Status.FAILED), deadline=PROCESSING_DEADLINE):
        """Poll processing results until a status in `until`; return (results, statuses seen on the way)."""
        seen = []

        def look():
            results = self.processing_results(project_id)
            assert isinstance(results.status, Status), f"processing status missing: {results}"
            seen.append(results.status)
            return results

        results = eventually(
            look, lambda r: r.status in until, timeout=deadline, pause=POLL_INTERVAL, what=f"project {project_id}"
        )
        return results, seen


def hub_token(sandbox):
    response = requests.post(
        f"{sandbox.url}/connect/token",
        data={
            "grant_type": "client_credentials",
            "client_id": sandbox.client_id,
            "client_secret": sandbox.client_secret,
        },
        timeout=HTTP_TIMEOUT,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"].lower() == "bearer"
    assert isinstance(body["expires_in"], int) and body["expires_in"] > 0
    return body["access_token"]


def create_design(sandbox, user_token, reference, sku):
    response = requests.post(
        f"{sandbox.url}/api/sandbox-editor/v1/designs",
        headers={"Authorization": f"Bearer {user_token}"},
        json={
            "productReference": reference,
            "sku": sku,
            "lines": ["Contract Test", reference],
            "font_size": 14,
            "text_color": "#1f2933",
            "background_color": "#ffffff",
            "width_mm": 85,
            "height_mm": 55,
        },
        timeout=HTTP_TIMEOUT,
    )
    assert response.status_code in (200, 201), response.text
    design = response.json()
    assert isinstance(design["id"], str) and design["id"]
    return design


def get_design(sandbox, user_token, design_id):
    return requests.get(
        f"{sandbox.url}/api/sandbox-editor/v1/designs/{design_id}",
        headers={"Authorization": f"Bearer {user_token}"},
        timeout=HTTP_TIMEOUT,
    )


def error_body(exc, model):
    """The error body parsed into the declared official model (the client already tried; we insist it worked)."""
    assert exc.body, f"HTTP {exc.status} without a body"
    assert isinstance(exc.data, model), (
        f"HTTP {exc.status} body did not parse into {model.__name__} "
        f"(content-type {exc.headers.get('content-type') if exc.headers else None!r}): {exc.body[:300]}"
    )
    raw = json.loads(exc.body)
    parsed = model.from_json(exc.body)
    assert_wire_matches(raw, parsed)
    return parsed


def decode_segment(segment):
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))


@pytest.fixture
def hub(sandbox):
    return Hub(sandbox, hub_token(sandbox))


# ---------------------------------------------------------------------------------------------------------------
# 1. Storefront users
# ---------------------------------------------------------------------------------------------------------------


def test_storefront_user_create_get_conflict_and_token(hub):
    user = hub.create_user()
    assert user.storefront_id == hub.storefront_id
    assert user.tenant_id == hub.tenant_id

    fetched = hub.ok(
        lambda a: a.users.storefront_users_get_with_http_info(
            id=user.user_id, storefront_id=hub.storefront_id, tenant_id=hub.tenant_id
        ),
        sf.StorefrontUserDto,
    )
    assert fetched == user

    again = sf.CreateStorefrontUserDto(storefront_user_id=user.user_id, is_anonymous=False)
    conflict = hub.fails(
        lambda a: a.users.storefront_users_create(
            storefront_id=hub.storefront_id, tenant_id=hub.tenant_id, create_storefront_user_dto=again
        ),
        409,
        sf_errors.ConflictException,
    )
    body = error_body(conflict, sf.GeneralConflictDto)
    assert isinstance(body.type, sf.ConflictType)
    assert body.description

    missing = hub.fails(
        lambda a: a.users.storefront_users_get(
            id=f"nobody-{uuid.uuid4().hex}", storefront_id=hub.storefront_id, tenant_id=hub.tenant_id
        ),
        404,
        sf_errors.NotFoundException,
    )
    error_body(missing, sf.MicrosoftAspNetCoreMvcProblemDetails)

    token = hub.user_token(user.user_id)
    assert token == token.strip() and not token.startswith('"'), f"token is not a bare string: {token[:40]!r}"
    parts = token.split(".")
    assert len(parts) == 3, f"not a JWT: {token[:40]!r}"
    assert all(JWT_PART.match(part) for part in parts)
    assert "alg" in decode_segment(parts[0])
    assert isinstance(decode_segment(parts[1]), dict)


# ---------------------------------------------------------------------------------------------------------------
# 2. Merge anonymous user data
# ---------------------------------------------------------------------------------------------------------------


def test_merge_anonymous_moves_designs_to_the_regular_user(hub, sandbox):
    anonymous = hub.create_user(is_anonymous=True)
    regular = hub.create_user(is_anonymous=False)
    anonymous_token = hub.user_token(anonymous.user_id)
    regular_token = hub.user_token(regular.user_id)

    design = create_design(sandbox, anonymous_token, *CARD)
    assert get_design(sandbox, anonymous_token, design["id"]).status_code == 200
    assert get_design(sandbox, regular_token, design["id"]).status_code in (401, 403, 404)

    merge = sf.MergeAnonymousUserDataInput(
        anonymous_storefront_user_id=anonymous.user_id, regular_storefront_user_id=regular.user_id
    )
    hub.ok(
        lambda a: a.users.storefront_users_merge_anonymous_with_http_info(
            storefront_id=hub.storefront_id, tenant_id=hub.tenant_id, merge_anonymous_user_data_input=merge
        ),
        None,
    )

    assert get_design(sandbox, regular_token, design["id"]).status_code == 200
    assert get_design(sandbox, anonymous_token, design["id"]).status_code in (401, 404)


# ---------------------------------------------------------------------------------------------------------------
# 3. Product references, products, workflows, tenant applications
# ---------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("reference", [CARD[0], INVITATION[0]])
def test_product_reference_product_and_workflow(hub, reference):
    ref = hub.ok(
        lambda a: a.refs.product_references_get_with_http_info(
            reference=reference, storefront_id=hub.storefront_id, tenant_id=hub.tenant_id
        ),
        sf.ProductReferenceDto,
    )
    assert ref.product_reference == reference
    assert isinstance(ref.product_reference_type, sf.ProductReferenceType)
    assert ref.storefront_id == hub.storefront_id

    product = hub.ok(
        lambda a: a.refs.product_references_get_product_with_http_info(
            reference=reference, storefront_id=hub.storefront_id, tenant_id=hub.tenant_id
        ),
        sf.ProductDto,
    )
    assert isinstance(product.id, int)
    assert product.name
    if ref.product_reference_type == sf.ProductReferenceType.PRODUCT:
        assert ref.product_id == product.id

    workflow = hub.ok(
        lambda a: a.refs.product_references_get_personalization_workflow_with_http_info(
            reference=reference, storefront_id=hub.storefront_id, tenant_id=hub.tenant_id
        ),
        sf.PersonalizationWorkflowDto,
    )
    assert workflow.workflow_type == sf.WorkflowType.WORKFLOWELEMENTS
    assert isinstance(workflow.id, int)
    if product.personalization_workflow_id is not None:
        assert product.personalization_workflow_id == workflow.id
    content = json.loads(workflow.content)
    assert content["configVersion"] == 2
    assert content["component"] == "handy-editor"
    assert content["tagName"] == "au-handy-editor"
    assert isinstance(content["settings"], dict)
    assert "resources" in content

    missing = hub.fails(
        lambda a: a.refs.product_references_get(
            reference=f"no-such-product-{uuid.uuid4().hex[:8]}", storefront_id=hub.storefront_id
        ),
        404,
        sf_errors.NotFoundException,
    )
    error_body(missing, sf.MicrosoftAspNetCoreMvcProblemDetails)

    apps = hub.ok(
        lambda a: a.tenant.tenant_info_get_applications_info_with_http_info(tenant_id=hub.tenant_id),
        sf.TenantApplicationsInfoDto,
    )
    assert isinstance(apps.workflow_elements_url, str) and apps.workflow_elements_url.startswith("http")


# ---------------------------------------------------------------------------------------------------------------
# 4. Multi-item project: create, list by order, get
# ---------------------------------------------------------------------------------------------------------------


def test_multi_item_project_create_list_get(hub, sandbox):
    project, items, owner = hub.create_project(sandbox, [CARD, INVITATION, MUG])

    assert isinstance(project.id, int)
    assert project.owner_id == owner.user_id
    assert project.storefront_id == hub.storefront_id
    order_id = items[0].order_line_item_id.rsplit("-line-", 1)[0]
    assert project.order_id == order_id
    assert isinstance(project.status, int)
    assert project.created is not None
    assert project.items and len(project.items) == len(items)
    by_index = {item.order_line_item_index: item for item in project.items}
    assert sorted(by_index) == [0, 1, 2]
    for sent in items:
        got = by_index[sent.order_line_item_index]
        assert isinstance(got.id, int)
        assert got.design_ids == sent.design_ids
        assert got.sku == sent.sku
        assert got.quantity == sent.quantity
        assert got.product_reference == sent.product_reference
        assert got.order_line_item_id == sent.order_line_item_id
    assert len({item.id for item in project.items}) == len(items)

    listed = hub.ok(
        lambda a: a.projects.projects_get_all_with_http_info(
            order_id=order_id, storefront_id=hub.storefront_id, tenant_id=hub.tenant_id
        ),
        sf.PagedOfProjectDto,
    )
    assert listed.total == 1
    assert [p.id for p in listed.items] == [project.id]
    assert listed.items[0].order_id == order_id

    none = hub.ok(
        lambda a: a.projects.projects_get_all_with_http_info(
            order_id=f"no-such-order-{uuid.uuid4().hex[:8]}", storefront_id=hub.storefront_id
        ),
        sf.PagedOfProjectDto,
    )
    assert none.total == 0
    assert not none.items

    fetched = hub.ok(
        lambda a: a.projects.projects_get_with_http_info(id=project.id, tenant_id=hub.tenant_id), sf.ProjectDto
    )
    assert fetched.id == project.id
    assert fetched.order_id == order_id
    assert sorted(i.id for i in fetched.items) == sorted(i.id for i in project.items)


# ---------------------------------------------------------------------------------------------------------------
# 5. Processing results and artifact download through Asset Storage
# ---------------------------------------------------------------------------------------------------------------


def test_processing_completes_with_one_pdf_artifact_per_item(hub, sandbox):
    project, items, _ = hub.create_project(sandbox, [CARD, INVITATION])

    results, seen = hub.wait_processing(project.id)
    assert results.status == Status.COMPLETED, f"processing ended {results.status}: {results.status_description}"
    assert set(seen[:-1]) <= {Status.PENDING, Status.INPROGRESS}, seen

    files = results.output_file_details
    assert files and len(files) == len(items)
    assert sorted(f.order_line_item_index for f in files) == [item.order_line_item_index for item in items]
    assert {f.project_item_id for f in files} == {item.id for item in project.items}
    for output in files:
        assert output.artifact_id, output
        assert isinstance(output.url, str) and output.url
        assert output.name
        assert "pdf" in (output.format or "").lower(), output.format
        assert isinstance(output.anonymous_access, bool)
        assert isinstance(output.size, int) and output.size > 0

        artifact = hub.ok(
            lambda a, aid=output.artifact_id: a.artifacts.artifacts_get_with_http_info(id=aid, tenant_id=hub.tenant_id),
            st.ArtifactDto,
        )
        assert artifact.id == output.artifact_id
        assert isinstance(artifact.url, str) and artifact.url

        data = hub.ok(
            lambda a, aid=output.artifact_id: a.artifacts.artifacts_get_file_with_http_info(
                id=aid, tenant_id=hub.tenant_id
            ),
            bytes,
        )
        assert data.startswith(b"%PDF"), data[:20]
        assert len(pypdf.PdfReader(io.BytesIO(data)).pages) >= 1
        assert output.size == len(data)
        if artifact.size is not None:
            assert artifact.size == len(data)

    processing = hub.ok(
        lambda a: a.projects.projects_get_with_http_info(id=project.id), sf.ProjectDto
    ).processing_status
    assert processing == Status.COMPLETED


# ---------------------------------------------------------------------------------------------------------------
# 6. Failing pipeline: Failed, resume, restart
# ---------------------------------------------------------------------------------------------------------------


def test_failed_pipeline_resume_and_restart(hub, sandbox):
    sandbox.configure(pending_seconds=0.2, processing_seconds=0.2)
    sandbox.set_faults(fail_pipeline_next=1)
    project, items, _ = hub.create_project(sandbox, [CARD, MUG])

    failed, _ = hub.wait_processing(project.id)
    assert failed.status == Status.FAILED
    assert isinstance(failed.status_description, str) and failed.status_description.strip()

    hub.ok(
        lambda a: a.projects.projects_resume_project_processing_with_http_info(id=project.id, tenant_id=hub.tenant_id),
        None,
        status=204,
    )
    resumed, seen = hub.wait_processing(project.id)
    assert resumed.status == Status.COMPLETED, f"after resume: {seen[-5:]} {resumed.status_description}"
    assert resumed.output_file_details and len(resumed.output_file_details) == len(items)

    hub.ok(
        lambda a: a.projects.projects_restart_project_processing_with_http_info(id=project.id, tenant_id=hub.tenant_id),
        None,
        status=204,
    )
    restarted, seen = hub.wait_processing(project.id)
    assert restarted.status == Status.COMPLETED, f"after restart: {seen[-5:]} {restarted.status_description}"
    assert seen[0] in (Status.PENDING, Status.INPROGRESS), f"restart did not go back through processing: {seen}"
    assert restarted.output_file_details and len(restarted.output_file_details) == len(items)


# ---------------------------------------------------------------------------------------------------------------
# 7. Status transitions
# ---------------------------------------------------------------------------------------------------------------


def test_status_transitions(hub, sandbox):
    project, _, _ = hub.create_project(sandbox, [CARD])

    statuses = hub.ok(lambda a: a.projects.projects_get_all_statuses_with_http_info(), sf.PagedOfProjectStatusDto)
    assert statuses.items and statuses.total == len(statuses.items)
    codes = {s.code for s in statuses.items}
    assert all(isinstance(s.code, int) and s.display_name for s in statuses.items)
    assert project.status in codes

    every = hub.ok(
        lambda a: a.projects.projects_get_all_transitions_with_http_info(), sf.PagedOfProjectStatusTransitionDto
    )
    assert every.items and every.total == len(every.items)
    for transition in every.items:
        assert transition.name
        assert transition.start_status in codes and transition.result_status in codes

    available = hub.ok(
        lambda a: a.projects.projects_get_available_transitions_with_http_info(id=project.id),
        sf.PagedOfProjectStatusTransitionDto,
    )
    assert available.items, "a new project has no available transition"
    assert all(t.start_status == project.status for t in available.items)
    assert {t.name for t in available.items} <= {t.name for t in every.items}

    chosen = available.items[0]
    new_status = hub.ok(
        lambda a: a.projects.projects_change_status_with_http_info(id=project.id, transition=chosen.name),
        sf.ProjectStatusDto,
    )
    assert new_status.code == chosen.result_status
    assert hub.ok(lambda a: a.projects.projects_get_with_http_info(id=project.id), sf.ProjectDto).status == (
        chosen.result_status
    )

    now_available = hub.ok(
        lambda a: a.projects.projects_get_available_transitions_with_http_info(id=project.id),
        sf.PagedOfProjectStatusTransitionDto,
    )
    allowed_now = {t.name for t in now_available.items or []}
    disallowed = next(
        (t for t in every.items if t.start_status != chosen.result_status and t.name not in allowed_now), None
    )
    assert disallowed is not None, "every transition is allowed from the new status; cannot test a conflict"

    conflict = hub.fails(
        lambda a: a.projects.projects_change_status(id=project.id, transition=disallowed.name),
        409,
        sf_errors.ConflictException,
    )
    body = error_body(conflict, sf.ProjectStatusTransitionConflictDto)
    assert isinstance(body.type, sf.ConflictType)
    assert body.description
    assert {t.name for t in body.available_transitions or []} == allowed_now


# ---------------------------------------------------------------------------------------------------------------
# 8. Authentication
# ---------------------------------------------------------------------------------------------------------------


def test_calls_without_a_valid_token_get_401(sandbox):
    for token in (None, "not-a-valid-token", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"):
        hub = Hub(sandbox, token)
        hub.fails(
            lambda a: a.projects.projects_get_all(storefront_id=sandbox.storefront_id),
            401,
            sf_errors.UnauthorizedException,
        )
        hub.fails(
            lambda a, h=hub: a.users.storefront_users_get(id="anyone", storefront_id=h.storefront_id),
            401,
            sf_errors.UnauthorizedException,
        )
        hub.fails(lambda a: a.artifacts.artifacts_get(id="any-artifact"), 401, st_errors.UnauthorizedException)

    sandbox.configure(token_ttl=0.5)
    short_lived = Hub(sandbox, hub_token(sandbox))
    listed = short_lived.ok(
        lambda a: a.projects.projects_get_all_with_http_info(storefront_id=sandbox.storefront_id), sf.PagedOfProjectDto
    )
    assert listed.total == 0
    eventually(  # the token runs out on the sandbox's clock
        lambda: short_lived.status_of(lambda a: a.projects.projects_get_all(storefront_id=sandbox.storefront_id)),
        lambda status: status == 401,
        timeout=5,
        what="the short-lived token refused",
    )
    short_lived.fails(
        lambda a: a.projects.projects_get_all(storefront_id=sandbox.storefront_id), 401, sf_errors.UnauthorizedException
    )

    wrong_secret = requests.post(
        f"{sandbox.url}/connect/token",
        data={"grant_type": "client_credentials", "client_id": sandbox.client_id, "client_secret": "wrong"},
        timeout=HTTP_TIMEOUT,
    )
    assert wrong_secret.status_code in (400, 401)
    assert "access_token" not in wrong_secret.text
