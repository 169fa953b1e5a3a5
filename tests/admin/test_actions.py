"""The owner's actions: resume, restart, submit again, status transitions, re-download, ship and cancel."""

import pytest

from storefront.extensions import db
from storefront.fulfillment.models import PrintFile
from storefront.orders import stored_print_files
from storefront.orders.lifecycle import SETTLED
from storefront.orders.models import OrderStatus
from tests.fixtures.jobs import run_jobs_until
from tests.fixtures.records import reload
from tests.fixtures.storage import on_both_stores


def is_ready(order):
    return lambda: reload(order).status == OrderStatus.READY


@pytest.fixture
def failed_order(app, shopper, place, sandbox):
    """An order whose pipeline kept failing: with no automatic resumes left it ends render failed."""
    app.config["HUB_MAX_RESUMES"] = 0
    sandbox.set_faults(fail_pipeline_next=3)
    shopper.personalize_into_cart("photo-mug")
    order = place()
    run_jobs_until(lambda: reload(order).status in SETTLED)
    order = reload(order)
    assert order.status == OrderStatus.RENDER_FAILED
    assert order.hub_project.processing_status == "Failed"
    sandbox.clear_faults()
    return order


def test_resume_after_a_pipeline_that_kept_failing_ends_ready(owner, failed_order, sandbox):
    assert "Resume processing" in owner.page(failed_order)
    response, messages = owner.post(failed_order, "resume")
    assert response.status_code == 200
    assert any("resumes rendering" in m for m in messages), messages
    order = reload(failed_order)
    assert order.status == OrderStatus.RENDERING
    assert order.status_detail is None
    assert order.hub_project.resumes == 1

    run_jobs_until(is_ready(order))
    order = reload(order)
    assert sandbox.stats()["Projects_ResumeProcessing"] == 1
    assert len(order.artifacts) == 1 and stored_print_files.file_present(order.artifacts[0])


@on_both_stores
def test_restart_of_a_ready_order_produces_new_print_files(owner, ready_order, sandbox, artifacts_store):
    old = ready_order.artifacts[0]
    old_id, old_key, old_hub_id = old.id, old.path, old.hub_artifact_id
    assert artifacts_store.exists(old_key)
    response, messages = owner.post(ready_order, "restart")
    assert any("renders it again" in m for m in messages), messages
    order = reload(ready_order)
    assert order.status == OrderStatus.RENDERING
    assert order.artifacts == []
    assert not artifacts_store.exists(old_key)
    assert not artifacts_store.exists(stored_print_files.proof_key(old_key))
    assert db.session.get(PrintFile, old_id) is None

    run_jobs_until(is_ready(order))
    order = reload(order)
    assert sandbox.stats()["Projects_RestartProcessing"] == 1
    (new,) = order.artifacts
    assert new.hub_artifact_id != old_hub_id
    assert artifacts_store.keys() == [new.path, stored_print_files.proof_key(new.path)]


def test_applying_an_allowed_transition_changes_the_hub_status(owner, ready_order, sandbox):
    response, messages = owner.post(ready_order, "transition", transition="Confirm")
    assert any("is now Confirmed" in m for m in messages), messages
    html = response.get_data(as_text=True)
    assert "data-live-status>Confirmed<" in html
    assert '<option value="Activate">' in html


def test_a_transition_the_hub_does_not_allow_flashes_the_conflict(owner, ready_order, sandbox):
    _response, messages = owner.post(ready_order, "transition", transition="Complete")
    (message,) = messages
    assert "refused the transition" in message
    assert "Available transitions: Confirm, Reject." in message
    assert "data-live-status>New<" in owner.page(ready_order)

    _response, messages = owner.post(ready_order, "transition", transition="Nope")
    assert any("The Hub refused" in m for m in messages), messages


@on_both_stores
def test_redownload_brings_the_print_file_back(owner, ready_order, artifacts_store):
    artifact = ready_order.artifacts[0]
    key, sha256 = artifact.path, artifact.sha256
    original = artifacts_store.read(key)
    _response, messages = owner.post(ready_order, "redownload")
    assert any("downloaded again" in m for m in messages), messages
    assert not artifacts_store.exists(key)
    assert not artifacts_store.exists(stored_print_files.proof_key(key))
    assert reload(ready_order).artifacts[0].fetched_at is None

    run_jobs_until(lambda: reload(ready_order).artifacts[0].ready)
    artifact = reload(ready_order).artifacts[0]
    assert artifacts_store.read(artifact.path) == original
    assert artifact.sha256 == sha256
    assert reload(ready_order).status == OrderStatus.READY
    assert artifacts_store.keys() == [key, stored_print_files.proof_key(key)] and artifacts_store.leftovers() == []
    response = owner.client.get(f"/admin/orders/{ready_order.id}/files/{artifact.id}")
    assert response.status_code == 200 and response.data == original


def test_mark_fulfilled_ships_a_ready_order_and_cancel_is_then_refused(owner, ready_order, shopper):
    _response, messages = owner.post(ready_order, "fulfil")
    assert any("marked as shipped" in m for m in messages), messages
    assert reload(ready_order).status == OrderStatus.FULFILLED

    _response, messages = owner.post(ready_order, "cancel")
    assert any("not possible" in m and "shipped" in m for m in messages), messages
    assert reload(ready_order).status == OrderStatus.FULFILLED


def test_cancelled_order_is_left_alone_by_the_worker(owner, shopper, place, sandbox):
    shopper.personalize_into_cart("photo-mug")
    order = place()
    _response, messages = owner.post(order, "cancel")
    assert any("is cancelled" in m for m in messages), messages
    assert reload(order).status == OrderStatus.CANCELLED  # (the worker shares this test's session)
    run_jobs_until(lambda: True)
    order = reload(order)
    assert order.status == OrderStatus.CANCELLED
    assert order.hub_project is None
    assert sandbox.stats().get("Projects_CreateWithMultipleItems", 0) == 0


def test_submit_again_sends_an_order_the_hub_refused(owner, shopper, place):
    shopper.personalize_into_cart("photo-mug")
    order = place()
    reference = order.lines[0].product_reference
    order.lines[0].product_reference = "printshop-no-such-product"
    db.session.commit()
    run_jobs_until(lambda: reload(order).status == OrderStatus.RENDER_FAILED)
    assert "Submit again" in owner.page(order)

    order = reload(order)
    order.lines[0].product_reference = reference  # the owner fixed the product link
    db.session.commit()
    _response, messages = owner.post(order, "submit")
    assert any("queued for submission" in m for m in messages), messages
    assert reload(order).status == OrderStatus.PLACED
    run_jobs_until(is_ready(order))
    assert reload(order).hub_project is not None


def test_actions_that_make_no_sense_are_refused_without_calling_the_hub(owner, ready_order, sandbox):
    _response, messages = owner.post(ready_order, "resume")
    assert any("not possible" in m for m in messages), messages
    _response, messages = owner.post(ready_order, "submit")
    assert any("already has Hub project" in m for m in messages), messages
    assert "Projects_ResumeProcessing" not in sandbox.stats()
    assert reload(ready_order).status == OrderStatus.READY


def test_hub_error_during_an_action_is_flashed_and_changes_nothing(owner, ready_order, sandbox):
    sandbox.set_faults(error_rate=1.0, error_status=503, error_methods=["POST"])
    response, messages = owner.post(ready_order, "restart")
    assert response.status_code == 200
    assert any("could not be reached" in m for m in messages), messages
    order = reload(ready_order)
    assert order.status == OrderStatus.READY
    assert len(order.artifacts) == 1 and stored_print_files.file_present(order.artifacts[0])


def test_action_without_csrf_token_is_rejected(owner, ready_order):
    response = owner.client.post(f"/admin/orders/{ready_order.id}/fulfil", data={})
    assert response.status_code == 400
    assert reload(ready_order).status == OrderStatus.READY
