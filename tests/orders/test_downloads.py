"""Print-file downloads: the owner gets the file as an attachment; nobody else, and nothing not fetched yet."""

import pytest

from storefront.clock import utcnow
from storefront.extensions import db
from storefront.fulfillment.models import PrintFile
from storefront.orders import stored_print_files
from storefront.orders.models import OrderStatus
from storefront.shoppers.identity import GUEST_ID_KEY
from storefront.storage import S3FileStore
from tests.fixtures.pages import open_order_link
from tests.fixtures.records import make_order
from tests.fixtures.storage import on_both_stores

PDF = b"%PDF-1.4\n% a tiny test file\n%%EOF\n"


def stored_artifact(order, name="Business card", file_format="pdf", fetched=True):
    artifact = PrintFile(order=order, line_index=0, name=name, file_format=file_format)
    db.session.add(artifact)
    db.session.flush()
    if fetched:
        relative = stored_print_files.relative_path(order.number, artifact.id, name, file_format)
        size, sha256 = stored_print_files.store(relative, lambda fileobj: fileobj.write(PDF))
        artifact.path, artifact.size, artifact.sha256, artifact.fetched_at = relative, size, sha256, utcnow()
    db.session.commit()
    return artifact


def guest_client(app, anonymous_id):
    client = app.test_client()
    with client.session_transaction() as session:
        session[GUEST_ID_KEY] = anonymous_id
    return client


@on_both_stores
def test_owner_downloads_the_print_file_as_a_pdf_attachment(app, sandbox, artifacts_store):
    order = make_order(anonymous_id="guest-abc", status=OrderStatus.READY)
    artifact = stored_artifact(order)
    assert artifacts_store.read(artifact.path) == PDF
    response = guest_client(app, "guest-abc").get(f"/orders/{order.number}/files/{artifact.id}")
    assert response.status_code == 200
    assert response.data == PDF
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Length"] == str(len(PDF))
    assert response.headers["Content-Disposition"] == f"attachment; filename={order.number}-Business-card.pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["ETag"] == f'"{artifact.sha256}"'
    assert "private" in response.headers["Cache-Control"]


@on_both_stores
def test_a_browser_holding_the_file_gets_not_modified(app, sandbox, artifacts_store):
    order = make_order(anonymous_id="guest-abc", status=OrderStatus.READY)
    artifact = stored_artifact(order)
    url = f"/orders/{order.number}/files/{artifact.id}"
    response = guest_client(app, "guest-abc").get(url, headers={"If-None-Match": f'"{artifact.sha256}"'})
    assert response.status_code == 304
    assert response.data == b""


def test_ready_order_lists_its_files_on_the_page_and_in_the_status_json(app, sandbox):
    order = make_order(anonymous_id="guest-abc", status=OrderStatus.READY)
    artifact = stored_artifact(order)
    emailed = app.test_client()
    page = open_order_link(emailed, order).get_data(as_text=True)
    data = emailed.get(f"/orders/{order.number}/status.json").get_json()
    url = f"/orders/{order.number}/files/{artifact.id}"
    assert data["final"] is True
    assert [{key: entry[key] for key in ("name", "url", "size")} for entry in data["files"]] == [
        {"name": f"{order.number}-Business-card.pdf", "url": url, "size": len(PDF)}
    ]
    assert data["files"][0]["view_url"] == f"/orders/{order.number}/files/{artifact.id}/view"
    assert url in page
    assert emailed.get(url).data == PDF


def test_stranger_gets_404_for_the_file(app, sandbox):
    order = make_order(anonymous_id="guest-abc", status=OrderStatus.READY)
    artifact = stored_artifact(order)
    assert app.test_client().get(f"/orders/{order.number}/files/{artifact.id}").status_code == 404
    assert guest_client(app, "guest-xyz").get(f"/orders/{order.number}/files/{artifact.id}").status_code == 404
    # A key counts only in the order's cookie, never in a file's URL.
    key_in_url = f"/orders/{order.number}/files/{artifact.id}?key={order.access_token}"
    assert app.test_client().get(key_in_url).status_code == 404


def test_file_not_fetched_yet_or_of_another_order_is_404(app, sandbox):
    order = make_order(anonymous_id="guest-abc", status=OrderStatus.RENDERING)
    pending = stored_artifact(order, fetched=False)
    other_order = make_order(anonymous_id="guest-xyz", status=OrderStatus.READY)
    foreign = stored_artifact(other_order)
    client = guest_client(app, "guest-abc")
    assert client.get(f"/orders/{order.number}/files/{pending.id}").status_code == 404
    assert client.get(f"/orders/{order.number}/files/{foreign.id}").status_code == 404
    assert client.get(f"/orders/{order.number}/files/999999").status_code == 404
    assert client.get(f"/orders/{order.number}/status.json").get_json()["files"] == []


@on_both_stores
def test_file_missing_from_the_store_is_404_not_500(app, sandbox, artifacts_store):
    order = make_order(anonymous_id="guest-abc", status=OrderStatus.READY)
    artifact = stored_artifact(order)
    artifacts_store.remove(artifact.path)
    assert guest_client(app, "guest-abc").get(f"/orders/{order.number}/files/{artifact.id}").status_code == 404


def test_files_of_a_cancelled_order_cannot_be_downloaded(app, sandbox):
    order = make_order(anonymous_id="guest-abc", status=OrderStatus.READY)
    artifact = stored_artifact(order)
    client = guest_client(app, "guest-abc")
    url = f"/orders/{order.number}/files/{artifact.id}"
    assert client.get(url).status_code == 200
    order.status = OrderStatus.CANCELLED
    db.session.commit()
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("artifacts_store", ["s3"], indirect=True)
def test_the_order_page_still_renders_while_the_bucket_does_not_answer(app, sandbox, artifacts_store):
    order = make_order(anonymous_id="guest-abc", status=OrderStatus.READY)
    artifact = stored_artifact(order)
    dead = {**app.config, "AWS_ENDPOINT_URL": "http://127.0.0.1:9", "AWS_MAX_ATTEMPTS": 1}
    app.extensions["file_store"] = S3FileStore(app.config["ARTIFACTS_STORE"], dead)
    client = guest_client(app, "guest-abc")
    page = client.get(f"/orders/{order.number}")
    assert page.status_code == 200
    assert f"/files/{artifact.id}" not in page.get_data(as_text=True)
    assert client.get(f"/orders/{order.number}/status.json").get_json()["files"] == []
    assert client.get(f"/orders/{order.number}/files/{artifact.id}").status_code == 404
