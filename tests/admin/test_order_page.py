"""The owner's order page: lines, our record of the Hub project, live Hub data, print files and downloads."""

import hashlib

import requests

from tests.fixtures.records import reload
from tests.fixtures.storage import on_both_stores


def test_order_page_shows_lines_project_live_transitions_and_files(owner, ready_order, sandbox):
    html = owner.page(ready_order)
    line = ready_order.lines[0]
    project = ready_order.hub_project
    artifact = ready_order.artifacts[0]

    assert f"Order {ready_order.number}" in html
    assert line.design_ids[0] in html
    assert line.preview_url in html
    assert f"<code>{project.hub_project_id}</code>" in html
    assert "Last polled" in html and "Next poll" in html
    # Live from the Hub: a new project is in status New and may be confirmed or rejected.
    assert "data-live-status>New<" in html
    assert '<option value="Confirm">Confirm → Confirmed</option>' in html
    assert '<option value="Reject">' in html
    assert sandbox.stats()["Projects_GetAvailableTransitions"] >= 1
    # The print file with its checksum and a download link.
    assert artifact.sha256[:12] in html
    assert f"/admin/orders/{ready_order.id}/files/{artifact.id}" in html
    assert "1/1 ready" in html
    assert "Download print files again" in html and "Mark as shipped" in html


@on_both_stores
def test_owner_downloads_a_print_file(owner, ready_order, artifacts_store):
    artifact = ready_order.artifacts[0]
    response = owner.client.get(f"/admin/orders/{ready_order.id}/files/{artifact.id}")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.get_data() == artifacts_store.read(artifact.path)
    assert hashlib.sha256(response.get_data()).hexdigest() == artifact.sha256
    assert owner.client.get(f"/admin/orders/{ready_order.id}/files/999999").status_code == 404


@on_both_stores
def test_missing_file_is_shown_as_missing_not_offered(owner, ready_order, artifacts_store):
    artifact = ready_order.artifacts[0]
    artifacts_store.remove(artifact.path)
    html = owner.page(ready_order)
    assert "missing from storage" in html
    assert f"/admin/orders/{ready_order.id}/files/" not in html
    assert owner.client.get(f"/admin/orders/{ready_order.id}/files/{artifact.id}").status_code == 404


def test_order_page_still_renders_with_a_notice_when_the_hub_is_unreachable(owner, ready_order, app):
    app.config["CCHUB_API_URL"] = "http://127.0.0.1:9"
    app.extensions.pop("hub", None)
    html = owner.page(ready_order)
    assert "data-live-error" in html
    assert "could not be reached" in html
    assert "Change project status" not in html
    # Our own record and the actions are still there.
    assert f"<code>{reload(ready_order).hub_project.hub_project_id}</code>" in html
    assert "Mark as shipped" in html


def test_project_deleted_at_the_hub_is_reported_on_the_page(owner, ready_order, sandbox):
    project_id = ready_order.hub_project.hub_project_id
    requests.delete(
        f"{sandbox.url}/api/storefront/v1/projects/{project_id}",
        headers={"Authorization": f"Bearer {sandbox.access_token()}"},
        timeout=10,
    ).raise_for_status()
    html = owner.page(ready_order)
    assert f"The Hub has no project {project_id}" in html


def test_owner_still_downloads_the_files_of_a_cancelled_order(owner, ready_order):
    from storefront.extensions import db
    from storefront.orders.models import OrderStatus

    artifact = ready_order.artifacts[0]
    ready_order.status = OrderStatus.CANCELLED
    db.session.commit()
    assert owner.client.get(f"/admin/orders/{ready_order.id}/files/{artifact.id}").status_code == 200
