"""The print proof: the worker draws the first page of each PDF it fetched; the order pages show it, with the page
count and trim size, to the customer once the order is ready and to the owner always. A PDF that cannot be drawn
has no proof and the order is ready all the same."""

import io
import re

import pytest
from PIL import Image
from rq.registry import FailedJobRegistry

from storefront.checkout.placing import new_checkout_key, place_order
from storefront.extensions import db
from storefront.fulfillment import print_file_fetching, proof_making
from storefront.fulfillment.models import PrintFile
from storefront.fulfillment.reconciler import reconcile
from storefront.jobs.redis_queue import get_queue
from storefront.orders import stored_print_files
from storefront.orders.lifecycle import SETTLED
from storefront.orders.models import OrderStatus
from storefront.shoppers.identity import GUEST_ID_KEY, Shopper
from tests.fixtures.drivers import AdminDriver, ShopperDriver
from tests.fixtures.jobs import run_jobs_until
from tests.fixtures.records import reload
from tests.fixtures.storage import on_both_stores

# The sandbox renders each design on a page of the product's design size (sandbox/render.py): the classic business
# card of demo/catalog.json is 85 x 55 mm.
CARD_MM = (85, 55)
CARD_SUMMARY = "2 pages · 3.35 × 2.17 in (85 × 55 mm)"


def two_sided_card(shopper):
    """A business card line with two designs (front and back): the sandbox renders a PDF of two pages."""
    page = shopper.open_editor("classic-business-card")
    front = shopper.design(page, lines=("Ada Lovelace", "Front"))
    back = shopper.design(page, lines=("Back",))
    front["properties"]["_stateId"] += back["properties"]["_stateId"]
    response = shopper.add_to_cart(front)
    assert response.status_code == 201, response.get_json()


def settled(order):
    """The order is final and no proof of it is still to come."""

    def check():
        current = reload(order)
        return current.status in SETTLED and not any(stored_print_files.wants_proof(f) for f in current.artifacts)

    return check


def place_for(driver):
    """Check out another guest's cart (the `place` fixture checks out the `shopper`'s)."""
    with driver.client.session_transaction() as session:
        guest_id = session[GUEST_ID_KEY]
    return place_order(Shopper(guest_id, anonymous_id=guest_id), "other@example.com", "Other Guest", new_checkout_key())


def guest_url(order, path=""):
    """A page of the order, as the guest session that placed it opens it (no key in the URL)."""
    return f"/orders/{order.number}{path}"


@pytest.fixture
def owner(app):
    return AdminDriver.new_owner(app)


@on_both_stores
def test_a_ready_order_shows_the_first_page_of_its_pdf_with_pages_and_trim_size(
    app, shopper, place, artifacts_store, owner
):
    two_sided_card(shopper)
    order = place()
    run_jobs_until(settled(order))
    order = reload(order)
    assert order.status == OrderStatus.READY
    (artifact,) = order.artifacts
    assert artifact.proof_path == stored_print_files.proof_key(artifact.path)
    assert artifact.page_count == 2 and artifact.proof_error is None
    width_mm, height_mm = artifact.trim_width_pt * 25.4 / 72, artifact.trim_height_pt * 25.4 / 72
    assert (round(width_mm, 1), round(height_mm, 1)) == CARD_MM

    image = Image.open(io.BytesIO(artifacts_store.read(artifact.proof_path)))
    assert image.format == "PNG" and max(image.size) == 480
    assert abs(image.size[0] / image.size[1] - CARD_MM[0] / CARD_MM[1]) < 0.01

    status = shopper.client.get(guest_url(order, "/status.json")).get_json()
    assert status["proofs_pending"] is False
    (entry,) = status["files"]
    proof_url = f"/orders/{order.number}/files/{artifact.id}/proof.png"
    view_url = f"/orders/{order.number}/files/{artifact.id}/view"
    assert entry["proof"] == {
        "state": "ready",
        "url": proof_url,
        "pages": 2,
        "trim_mm": list(CARD_MM),
        "summary": CARD_SUMMARY,
    }
    assert entry["view_url"] == view_url

    page = shopper.client.get(guest_url(order)).get_data(as_text=True)
    assert f'src="{proof_url}"' in page
    assert CARD_SUMMARY in page
    assert re.search(rf'<a class="proof-link" href="{re.escape(view_url)}"', page)

    thumbnail = shopper.client.get(proof_url)
    assert thumbnail.status_code == 200 and thumbnail.data == artifacts_store.read(artifact.proof_path)
    assert thumbnail.headers["Content-Type"] == "image/png"
    assert thumbnail.headers["Content-Disposition"].startswith("inline")
    assert thumbnail.headers["Cache-Control"] == "private, no-cache"
    assert thumbnail.headers["ETag"] == f'"{artifact.proof_sha256}"'
    assert shopper.client.get(proof_url, headers={"If-None-Match": thumbnail.headers["ETag"]}).status_code == 304

    opened = shopper.client.get(view_url)
    assert opened.status_code == 200 and opened.data == artifacts_store.read(artifact.path)
    assert opened.headers["Content-Type"] == "application/pdf"
    assert (
        opened.headers["Content-Disposition"] == f"inline; filename={stored_print_files.download_name(order, artifact)}"
    )
    download = shopper.client.get(entry["url"])
    assert download.headers["Content-Disposition"].startswith("attachment")

    admin_page = owner.page(order)
    assert f'src="/admin/orders/{order.id}/files/{artifact.id}/proof.png"' in admin_page
    assert CARD_SUMMARY in admin_page
    admin_proof = owner.client.get(f"/admin/orders/{order.id}/files/{artifact.id}/proof.png")
    assert admin_proof.status_code == 200 and admin_proof.headers["Cache-Control"] == "private, no-cache"
    admin_view = owner.client.get(f"/admin/orders/{order.id}/files/{artifact.id}/view")
    assert admin_view.headers["Content-Disposition"].startswith("inline")
    assert admin_view.headers["Cache-Control"] == "private, no-store"


def test_a_customer_of_another_order_finds_no_proof_and_no_view(app, sandbox, shopper, place):
    shopper.personalize_into_cart("classic-business-card")
    order = place()
    run_jobs_until(settled(order))
    (artifact,) = reload(order).artifacts
    base = f"/orders/{order.number}/files/{artifact.id}"
    paths = [f"{base}/proof.png", f"{base}/view"]
    assert [shopper.client.get(path).status_code for path in paths] == [200, 200]  # the guest who placed it

    other = ShopperDriver(app.test_client(), sandbox)
    other.personalize_into_cart("classic-business-card")
    theirs = place_for(other)
    run_jobs_until(settled(theirs))
    (their_artifact,) = reload(theirs).artifacts
    assert other.client.get(f"/orders/{theirs.number}/files/{their_artifact.id}/proof.png").status_code == 200
    assert [other.client.get(path).status_code for path in paths] == [404, 404]
    assert [app.test_client().get(path).status_code for path in paths] == [404, 404]
    assert app.test_client().get(f"{paths[0]}?key=not-the-key").status_code == 404


def test_before_the_order_is_ready_the_customer_sees_no_proof_but_the_owner_does(app, shopper, place, owner):
    shopper.personalize_into_cart("classic-business-card")
    order = place()
    run_jobs_until(settled(order))
    order = reload(order)
    (artifact,) = order.artifacts
    order.status = OrderStatus.RENDERING  # as while a second file is still on its way
    db.session.commit()

    proof_path = f"/orders/{order.number}/files/{artifact.id}/proof.png"
    assert shopper.client.get(proof_path).status_code == 404
    assert shopper.client.get(f"/orders/{order.number}/files/{artifact.id}/view").status_code == 404
    status = shopper.client.get(guest_url(order, "/status.json")).get_json()
    assert status["files"] == [] and status["proofs_pending"] is False
    assert "proof-thumb" not in shopper.client.get(guest_url(order)).get_data(as_text=True)
    assert owner.client.get(f"/admin/orders/{order.id}/files/{artifact.id}/proof.png").status_code == 200


def write_a_broken_pdf(hub, print_file):
    """A downloader that stores bytes of the announced size which are no PDF at all."""
    return lambda fileobj: fileobj.write(b"%PDF-1.7\n" + b"\x00" * (print_file.expected_size - 9))


@on_both_stores
def test_a_pdf_that_cannot_be_drawn_has_no_proof_and_the_order_is_ready(
    app, shopper, place, monkeypatch, artifacts_store, owner
):
    monkeypatch.setattr(print_file_fetching, "downloader", write_a_broken_pdf)
    shopper.personalize_into_cart("classic-business-card")
    order = place()
    run_jobs_until(settled(order))
    order = reload(order)
    assert order.status == OrderStatus.READY
    (artifact,) = order.artifacts
    assert artifact.proof_path is None and artifact.page_count is None
    assert artifact.proof_error.startswith("not a readable PDF") and artifact.proof_attempts == 1
    assert artifacts_store.keys() == [artifact.path]
    assert FailedJobRegistry(queue=get_queue()).get_job_ids() == []

    status = shopper.client.get(guest_url(order, "/status.json")).get_json()
    assert status["proofs_pending"] is False and status["final"] is True
    none = {"state": "none", "url": None, "pages": None, "trim_mm": None, "summary": None}
    assert status["files"][0]["proof"] == none
    page = shopper.client.get(guest_url(order)).get_data(as_text=True)
    assert "proof-thumb" not in page and "Download" in page
    assert shopper.client.get(f"/orders/{order.number}/files/{artifact.id}/proof.png").status_code == 404
    assert "none: not a readable PDF" in owner.page(order)


def test_a_proof_redis_lost_is_made_by_the_reconciler(app, shopper, place, redis_conn):
    shopper.personalize_into_cart("classic-business-card")
    order = place()
    run_jobs_until(lambda: reload(order).status == OrderStatus.READY and reload(order).artifacts[0].proof_path)
    (artifact,) = reload(order).artifacts
    stored_print_files.forget_proof(artifact)  # as if the proof job had been queued into a Redis that then lost it
    db.session.commit()
    redis_conn.flushdb()

    assert reconcile()["proof"] == 1
    run_jobs_until(lambda: reload(order).artifacts[0].proof_path is not None)
    assert reload(order).artifacts[0].page_count == 1


def test_a_proof_whose_job_keeps_dying_is_given_up_after_three_runs(app, shopper, place):
    shopper.personalize_into_cart("classic-business-card")
    order = place()
    run_jobs_until(settled(order))
    (artifact,) = reload(order).artifacts
    stored_print_files.forget_proof(artifact)
    artifact.proof_attempts = proof_making.MAX_ATTEMPTS  # three work horses died drawing it
    db.session.commit()

    proof_making.make(artifact.id)
    artifact = db.session.get(PrintFile, artifact.id)
    assert artifact.proof_path is None and artifact.proof_error == "gave up after 3 attempts"
    assert artifact.proof_done_at is not None and reconcile()["proof"] == 0


def test_a_proof_drawn_from_a_copy_fetched_anew_meanwhile_is_not_recorded(app, shopper, place, monkeypatch):
    shopper.personalize_into_cart("classic-business-card")
    order = place()
    run_jobs_until(settled(order))
    (artifact,) = reload(order).artifacts
    stored_print_files.forget_proof(artifact)
    db.session.commit()
    draw = proof_making._draw

    def fetched_anew_while_drawing(print_file):
        proof = draw(print_file)
        db.session.execute(db.update(PrintFile).where(PrintFile.id == artifact.id).values(sha256="0" * 64))
        db.session.commit()
        return proof

    monkeypatch.setattr(proof_making, "_draw", fetched_anew_while_drawing)
    proof_making.make(artifact.id)
    artifact = db.session.get(PrintFile, artifact.id)
    db.session.refresh(artifact)
    assert artifact.proof_path is None and artifact.proof_done_at is None
