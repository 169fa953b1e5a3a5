"""`flask move-print-files`: the print files of ARTIFACTS_DIR go into the bucket, checked, once; local copies stay
unless asked."""

import hashlib
from pathlib import Path

import pytest

from storefront.clock import utcnow
from storefront.extensions import db
from storefront.fulfillment.models import PrintFile
from storefront.orders import stored_print_files
from storefront.orders.models import OrderStatus
from storefront.shoppers.identity import GUEST_ID_KEY
from tests.fixtures.records import make_order

on_a_bucket = pytest.mark.parametrize("artifacts_store", ["s3"], indirect=True)


def local_print_file(app, order, name, data, write=True):
    """A fetched print file row whose file sits in ARTIFACTS_DIR, as an older store left it."""
    artifact = PrintFile(order=order, line_index=0, name=name, file_format="pdf")
    db.session.add(artifact)
    db.session.flush()
    artifact.path = stored_print_files.relative_path(order.number, artifact.id, name, "pdf")
    artifact.size, artifact.sha256 = len(data), hashlib.sha256(data).hexdigest()
    artifact.fetched_at = utcnow()
    db.session.commit()
    if write:
        local = local_path(app, artifact)
        local.parent.mkdir(parents=True, exist_ok=True)
        local.write_bytes(data)
    return artifact


def local_path(app, artifact):
    return Path(app.config["ARTIFACTS_DIR"]) / artifact.path


def move(runner, *options):
    return runner.invoke(args=["move-print-files", *options])


@on_a_bucket
def test_moving_uploads_each_print_file_and_the_order_page_serves_it_from_the_bucket(app, runner, artifacts_store):
    order = make_order(anonymous_id="guest-abc", status=OrderStatus.READY)
    card = local_print_file(app, order, "Business card", b"%PDF-1.4 card")
    mug = local_print_file(app, order, "Photo mug", b"%PDF-1.4 mug")

    result = move(runner)
    assert result.exit_code == 0, result.output
    assert "moved: 2; already in the bucket: 0" in result.output
    assert artifacts_store.read(card.path) == b"%PDF-1.4 card"
    assert artifacts_store.read(mug.path) == b"%PDF-1.4 mug"
    assert local_path(app, card).exists() and local_path(app, mug).exists()

    local_path(app, card).unlink()  # the page now reads the bucket, not the folder
    client = app.test_client()
    with client.session_transaction() as session:
        session[GUEST_ID_KEY] = "guest-abc"
    response = client.get(f"/orders/{order.number}/files/{card.id}")
    assert response.status_code == 200 and response.data == b"%PDF-1.4 card"


@on_a_bucket
def test_moving_again_moves_nothing_twice_and_deletes_local_copies_only_when_asked(app, runner, artifacts_store):
    order = make_order(status=OrderStatus.READY)
    files = [local_print_file(app, order, f"Card {n}", f"%PDF-1.4 card {n}".encode()) for n in range(3)]
    assert move(runner).exit_code == 0

    again = move(runner)
    assert again.exit_code == 0, again.output
    assert "moved: 0; already in the bucket: 3" in again.output
    assert all(local_path(app, artifact).exists() for artifact in files)

    deleting = move(runner, "--delete-local")
    assert deleting.exit_code == 0, deleting.output
    assert "already in the bucket: 3" in deleting.output and "local copies deleted: 3" in deleting.output
    assert not any(local_path(app, artifact).exists() for artifact in files)
    assert artifacts_store.keys() == sorted(artifact.path for artifact in files)
    assert "moved: 0; already in the bucket: 3" in move(runner).output


@on_a_bucket
def test_an_object_that_differs_from_the_record_is_uploaded_again(app, runner, artifacts_store):
    order = make_order(status=OrderStatus.READY)
    card = local_print_file(app, order, "Business card", b"%PDF-1.4 the real card")
    artifacts_store.write(card.path, b"%PDF-1.4 a stale copy")
    result = move(runner)
    assert result.exit_code == 0, result.output
    assert "moved: 1" in result.output
    assert artifacts_store.read(card.path) == b"%PDF-1.4 the real card"


@on_a_bucket
def test_a_damaged_or_missing_local_file_is_reported_and_not_uploaded(app, runner, artifacts_store):
    order = make_order(status=OrderStatus.READY)
    damaged = local_print_file(app, order, "Damaged", b"%PDF-1.4 as fetched")
    local_path(app, damaged).write_bytes(b"%PDF-1.4 bit-rotted")  # same length, other bytes
    shortened = local_print_file(app, order, "Shortened", b"%PDF-1.4 as fetched")
    local_path(app, shortened).write_bytes(b"%PDF")
    missing = local_print_file(app, order, "Missing", b"%PDF-1.4 gone", write=False)
    fine = local_print_file(app, order, "Fine", b"%PDF-1.4 fine")

    result = move(runner, "--delete-local")
    assert result.exit_code == 1
    assert f"{damaged.path}: damaged here" in result.output
    assert f"{shortened.path}: damaged here" in result.output
    assert f"{missing.path}: missing here and in the bucket" in result.output
    assert "moved: 1; already in the bucket: 0; missing here and in the bucket: 1; damaged here" in result.output
    assert "reconcile" in result.output
    assert artifacts_store.keys() == [fine.path]
    assert local_path(app, damaged).exists() and local_path(app, shortened).exists()
    assert not local_path(app, fine).exists()


def test_without_a_bucket_the_command_says_what_to_set(app, runner):
    order = make_order(status=OrderStatus.READY)
    card = local_print_file(app, order, "Business card", b"%PDF-1.4 card")
    result = move(runner)
    assert result.exit_code == 1
    assert "ARTIFACTS_STORE is not set" in result.output
    assert local_path(app, card).exists()


def with_local_proof(app, artifact, data, write=True):
    """The print file's proof as the worker left it in ARTIFACTS_DIR."""
    artifact.proof_path = stored_print_files.proof_key(artifact.path)
    artifact.proof_sha256 = hashlib.sha256(data).hexdigest()
    artifact.page_count, artifact.trim_width_pt, artifact.trim_height_pt = 1, 240.94, 155.91
    artifact.proof_done_at = utcnow()
    db.session.commit()
    if write:
        (Path(app.config["ARTIFACTS_DIR"]) / artifact.proof_path).write_bytes(data)
    return artifact


@on_a_bucket
def test_a_proof_moves_with_its_file_and_one_lost_here_is_made_again(app, runner, artifacts_store):
    order = make_order(status=OrderStatus.READY)
    card = with_local_proof(app, local_print_file(app, order, "Card", b"%PDF-1.4 card"), b"\x89PNG card proof")
    mug = with_local_proof(app, local_print_file(app, order, "Mug", b"%PDF-1.4 mug"), b"\x89PNG mug", write=False)

    result = move(runner, "--delete-local")
    assert result.exit_code == 0, result.output
    assert artifacts_store.read(card.proof_path) == b"\x89PNG card proof"
    assert not (Path(app.config["ARTIFACTS_DIR"]) / card.proof_path).exists()
    mug = db.session.get(PrintFile, mug.id)
    assert mug.proof_path is None and mug.proof_done_at is None  # the reconciler draws it again from the bucket
    assert artifacts_store.keys() == sorted([card.path, card.proof_path, mug.path])
