"""From checkout to print files, with a real RQ worker, real Redis and the Hub sandbox."""

import hashlib
import io

import pytest
import requests
from pypdf import PdfReader

from storefront.extensions import db
from storefront.fulfillment import polling, submission
from storefront.jobs.functions import submit_order
from storefront.jobs.queueing import fetch_job_id, forget_fetch, submit_job_id
from storefront.jobs.redis_queue import get_queue
from storefront.orders.lifecycle import SETTLED
from storefront.orders.models import Order, OrderStatus
from tests.fixtures.jobs import run_jobs_until
from tests.fixtures.records import reload
from tests.fixtures.storage import on_both_stores


def finished(order):
    return lambda: reload(order).status in SETTLED


def assert_valid_print_files(store, order, count):
    """The order has `count` print files, each a PDF in the store as recorded, and nothing half-written is left."""
    assert len(order.artifacts) == count
    for artifact in order.artifacts:
        data = store.read(artifact.path)
        assert artifact.size == len(data)
        assert artifact.sha256 == hashlib.sha256(data).hexdigest()
        assert len(PdfReader(io.BytesIO(data)).pages) >= 1
    assert store.leftovers() == []


@on_both_stores
def test_order_with_one_personalized_line_ends_ready_with_a_valid_pdf(shopper, place, sandbox, artifacts_store):
    shopper.personalize_into_cart("classic-business-card", lines=("Ada Lovelace",))
    order = place()
    assert order.status == OrderStatus.PLACED
    assert get_queue().job_ids == [submit_job_id(order.id)]

    run_jobs_until(finished(order))
    order = reload(order)
    assert order.status == OrderStatus.READY
    assert_valid_print_files(artifacts_store, order, 1)
    pdf = PdfReader(io.BytesIO(artifacts_store.read(order.artifacts[0].path)))
    assert "Ada Lovelace" in pdf.pages[0].extract_text()


@on_both_stores
def test_three_lines_make_one_hub_project_with_three_items(shopper, place, sandbox, artifacts_store):
    shopper.personalize_into_cart("classic-business-card")
    shopper.personalize_into_cart("photo-mug")
    shopper.personalize_into_cart("wedding-invitation")
    order = place()
    run_jobs_until(finished(order))

    projects = sandbox.projects_for(order)
    assert projects["total"] == 1
    (project,) = projects["items"]
    assert [item["orderLineItemIndex"] for item in project["items"]] == [0, 1, 2]
    assert [item["sku"] for item in project["items"]] == [line.sku for line in order.lines]
    assert project["ownerId"] == order.storefront_user_id
    assert project["orderNumber"] == order.id
    assert sandbox.stats()["Projects_CreateWithMultipleItems"] == 1
    assert_valid_print_files(artifacts_store, reload(order), 3)


def test_plain_lines_stay_out_of_the_hub_project(shopper, place, sandbox):
    shopper.personalize_into_cart("photo-mug")
    shopper.client.post("/cart/items", data={"csrf_token": shopper.csrf(), "sku": "ENV-C6-KRAFT-25", "quantity": "1"})
    order = place()
    run_jobs_until(finished(order))
    (project,) = sandbox.projects_for(order)["items"]
    assert [item["sku"] for item in project["items"]] == ["MUG-11OZ-WHITE"]
    assert reload(order).status == OrderStatus.READY


def test_crash_after_the_hub_created_the_project_makes_no_duplicate(shopper, place, sandbox, monkeypatch):
    shopper.personalize_into_cart("photo-mug")
    order = place()

    class Crash(Exception):
        pass

    real_project_row = submission.HubProject

    def crash_before_commit(**kwargs):
        raise Crash("worker died after the Hub answered")

    monkeypatch.setattr(submission, "HubProject", crash_before_commit)
    with pytest.raises(Crash):
        submit_order(order.id)
    db.session.rollback()
    monkeypatch.setattr(submission, "HubProject", real_project_row)

    run_jobs_until(finished(order))
    assert sandbox.projects_for(order)["total"] == 1
    assert sandbox.stats()["Projects_CreateWithMultipleItems"] == 1
    assert reload(order).status == OrderStatus.READY


def test_submitting_twice_does_no_harm(shopper, place, sandbox):
    shopper.personalize_into_cart("photo-mug")
    order = place()
    submit_order(order.id)
    submit_order(order.id)
    run_jobs_until(finished(order))
    assert sandbox.projects_for(order)["total"] == 1


def test_failing_pipeline_is_resumed_and_ends_ready(shopper, place, sandbox, artifacts_store):
    shopper.personalize_into_cart("photo-mug")
    sandbox.set_faults(fail_pipeline_next=1)
    order = place()
    run_jobs_until(finished(order))
    order = reload(order)
    assert order.status == OrderStatus.READY
    assert order.hub_project.resumes == 1
    assert sandbox.stats()["Projects_ResumeProcessing"] == 1
    assert_valid_print_files(artifacts_store, order, 1)


def test_pipeline_that_keeps_failing_ends_render_failed(app, shopper, place, sandbox):
    shopper.personalize_into_cart("photo-mug")
    sandbox.set_faults(fail_pipeline_next=10)
    order = place()
    run_jobs_until(finished(order))
    order = reload(order)
    assert order.status == OrderStatus.RENDER_FAILED
    assert order.hub_project.resumes == app.config["HUB_MAX_RESUMES"]
    assert order.status_detail
    assert order.artifacts == []


def test_anonymous_access_files_are_fetched_from_their_url(shopper, place, sandbox, artifacts_store):
    sandbox.configure(anonymous_access=True)
    shopper.personalize_into_cart("photo-mug")
    order = place()
    run_jobs_until(finished(order))
    order = reload(order)
    assert order.status == OrderStatus.READY
    assert order.artifacts[0].anonymous_access
    assert sandbox.stats().get("Artifacts_GetFile", 0) == 0
    assert_valid_print_files(artifacts_store, order, 1)


def test_flaky_hub_still_delivers_the_print_files(shopper, place, sandbox, app):
    shopper.personalize_into_cart("photo-mug")
    shopper.personalize_into_cart("classic-business-card")
    app.config.update(HUB_MAX_RETRIES=10)
    app.extensions.pop("hub", None)
    sandbox.set_faults(error_rate=0.3, error_status=503, seed=7, error_methods=["GET"])
    order = place()
    run_jobs_until(finished(order))
    assert reload(order).status == OrderStatus.READY
    assert sandbox.stats()["total_injected_errors"] > 0


def test_project_the_hub_refuses_ends_render_failed_without_endless_retries(shopper, place, sandbox):
    shopper.personalize_into_cart("photo-mug")
    order = place()
    order.lines[0].product_reference = "printshop-no-such-product"
    db.session.commit()
    run_jobs_until(finished(order))
    order = reload(order)
    assert order.status == OrderStatus.RENDER_FAILED
    assert "refused" in order.status_detail
    assert order.hub_project is None
    assert get_queue().scheduled_job_registry.count == 0


def test_project_deleted_at_the_hub_ends_render_failed(app, shopper, place, sandbox):
    app.config["HUB_POLL_INTERVAL"] = 3600
    shopper.personalize_into_cart("photo-mug")
    order = place()
    run_jobs_until(lambda: reload(order).hub_project is not None)
    project_id = reload(order).hub_project.hub_project_id
    requests.delete(
        f"{sandbox.url}/api/storefront/v1/projects/{project_id}",
        headers={"Authorization": f"Bearer {sandbox.access_token()}"},
        timeout=10,
    ).raise_for_status()
    polling.poll(order.id)
    order = reload(order)
    assert order.status == OrderStatus.RENDER_FAILED
    assert "no longer exists" in order.status_detail


def test_an_order_cancelled_while_the_job_talks_to_the_hub_stays_cancelled(shopper, place, sandbox, monkeypatch):
    from sqlalchemy import update

    from storefront.hub import get_hub

    shopper.personalize_into_cart("photo-mug")
    order = place()
    hub = get_hub()
    real_find = hub.find_projects

    def owner_cancels_meanwhile(**kwargs):
        with db.engine.begin() as conn:  # the admin's request, in its own transaction
            conn.execute(update(Order).where(Order.id == order.id).values(status=OrderStatus.CANCELLED))
        return real_find(**kwargs)

    monkeypatch.setattr(hub, "find_projects", owner_cancels_meanwhile)
    submit_order(order.id)
    order = reload(order)
    assert order.status == OrderStatus.CANCELLED
    assert order.hub_project is not None  # the Hub project exists, so we keep its id
    assert get_queue().scheduled_job_registry.count == 0


def test_polling_alone_brings_the_order_to_ready(app, shopper, place, sandbox):
    # No webhook; a real interval, so scheduled polls may run up to a second early (RQ keeps whole seconds).
    app.config["HUB_POLL_INTERVAL"] = 1
    sandbox.configure(pending_seconds=1, processing_seconds=1)
    shopper.personalize_into_cart("photo-mug")
    order = place()
    run_jobs_until(finished(order), timeout=20)
    order = reload(order)
    assert order.status == OrderStatus.READY
    assert order.hub_project.polls >= 2


def test_checkout_right_after_a_failed_login_merge_still_renders(shopper, place, sandbox):
    shopper.personalize_into_cart("photo-mug")
    sandbox.set_faults(error_rate=1.0, error_status=503)
    shopper.register()  # the Hub merge fails; a retry job is queued
    sandbox.clear_faults()
    get_queue().empty()  # the retry job has not run yet when the customer checks out
    order = place(email="pat@example.com", name="Pat Doe")
    run_jobs_until(finished(order))
    order = reload(order)
    assert order.status == OrderStatus.READY, order.status_detail
    assert order.storefront_user_id.startswith("customer-")


def test_a_completed_project_without_print_files_ends_render_failed(shopper, place, monkeypatch):
    from storefront.hub import ProcessingResults, get_hub

    shopper.personalize_into_cart("photo-mug")
    order = place()
    monkeypatch.setattr(get_hub(), "get_processing_results", lambda project_id: ProcessingResults("Completed"))
    run_jobs_until(finished(order))
    order = reload(order)
    assert order.status == OrderStatus.RENDER_FAILED
    assert "without any print files" in order.status_detail


def test_two_polls_recording_the_same_files_at_once_make_one_row_each(shopper, place, sandbox, monkeypatch):
    from storefront.fulfillment.models import PrintFile

    shopper.personalize_into_cart("photo-mug")
    order = place()
    run_jobs_until(lambda: reload(order).artifacts)
    files = [(a.hub_artifact_id, a.source_url, a.name) for a in reload(order).artifacts]

    real_record = polling.record_output_files

    def the_other_poll_was_first(order, output_files):
        with db.engine.begin() as conn:  # the parallel poll's transaction
            for artifact_id, url, name in files:
                conn.execute(
                    PrintFile.__table__.insert().values(
                        order_id=order.id, hub_artifact_id=artifact_id, source_url=url, name=name
                    )
                )
        real_record(order, output_files)

    db.session.execute(PrintFile.__table__.delete())  # as a restart of the rendering does
    db.session.commit()
    forget_fetch(order.id)
    order = reload(order)
    order.status = OrderStatus.RENDERING
    db.session.commit()
    monkeypatch.setattr(polling, "record_output_files", the_other_poll_was_first)
    polling.poll(order.id)
    assert len(reload(order).artifacts) == len(files)
    assert fetch_job_id(order.id) in get_queue().job_ids


def test_a_second_poll_seeing_the_render_done_after_the_files_were_fetched_fetches_nothing(shopper, place, sandbox):
    shopper.personalize_into_cart("classic-business-card")
    order = place()
    run_jobs_until(lambda: reload(order).status == OrderStatus.READY)
    fetch = get_queue().fetch_job(fetch_job_id(order.id))
    assert len(fetch.results()) == 1
    order = reload(order)
    order.status = OrderStatus.RENDERING  # the webhook's poll started before the fetch moved the order on
    db.session.commit()
    polling.poll(order.id)
    assert fetch_job_id(order.id) not in get_queue().job_ids
    assert len(get_queue().fetch_job(fetch_job_id(order.id)).results()) == 1


def test_a_poll_after_another_saw_the_render_done_asks_the_hub_nothing(app, shopper, place, sandbox):
    app.config["HUB_POLL_INTERVAL"] = 3600
    sandbox.configure(pending_seconds=0, processing_seconds=0)
    shopper.personalize_into_cart("classic-business-card")
    order = place()
    run_jobs_until(lambda: reload(order).hub_project is not None)
    polling.poll(order.id)  # the webhook's poll: Completed, files recorded, their download queued
    assert reload(order).hub_project.processing_status == "Completed"
    reads = sandbox.stats()["Projects_GetProcessingResults"]
    polling.poll(order.id, scheduled=True)  # the scheduled poll, due before the download ran
    assert sandbox.stats()["Projects_GetProcessingResults"] == reads
    run_jobs_until(lambda: reload(order).status == OrderStatus.READY)
    assert sandbox.stats()["Projects_GetProcessingResults"] == reads
