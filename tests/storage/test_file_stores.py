"""The print file stores, a local folder and a bucket: a file appears whole and checked under its key, or not at all."""

import hashlib
import os
import time
from pathlib import Path

import pytest

from storefront.storage import FileMissing, SizeMismatch, get_store
from storefront.storage.local import STALE_PART_SECONDS
from storefront.storage.s3 import PART_SIZE
from tests.fixtures.storage import on_both_stores

PDF = b"%PDF-1.4\n% a tiny test file\n%%EOF\n"
KEY = "PS-000001/1-business-card.pdf"
OTHER_KEY = "PS-000001/2-envelope.pdf"


class BrokenDownload(Exception):
    pass


def writes(*chunks):
    """A `download(fileobj)` that writes these chunks, as the Hub client does."""

    def download(fileobj):
        for chunk in chunks:
            fileobj.write(chunk)

    return download


def breaks_after(chunk):
    def download(fileobj):
        fileobj.write(chunk)
        raise BrokenDownload("connection reset")

    return download


def in_chunks(data, size=64 * 1024):
    return [data[start : start + size] for start in range(0, len(data), size)]


@on_both_stores
def test_a_stored_file_reads_back_as_written_with_its_size_and_sha256(app, artifacts_store):
    size, sha256 = get_store().put(KEY, writes(PDF[:10], PDF[10:]), expected_size=len(PDF))
    assert (size, sha256) == (len(PDF), hashlib.sha256(PDF).hexdigest())
    assert artifacts_store.read(KEY) == PDF
    assert get_store().exists(KEY) and not get_store().exists(OTHER_KEY)
    with get_store().open(KEY) as stream:
        assert stream.read() == PDF
    assert artifacts_store.leftovers() == []


@on_both_stores
def test_a_file_not_of_the_announced_size_leaves_nothing_under_its_key(app, artifacts_store):
    with pytest.raises(SizeMismatch):
        get_store().put(KEY, writes(PDF), expected_size=len(PDF) + 1)
    assert not get_store().exists(KEY)
    assert artifacts_store.keys() == [] and artifacts_store.leftovers() == []


@on_both_stores
def test_a_download_broken_midway_leaves_nothing(app, artifacts_store):
    with pytest.raises(BrokenDownload):
        get_store().put(KEY, breaks_after(PDF[:10]), expected_size=len(PDF))
    assert artifacts_store.keys() == [] and artifacts_store.leftovers() == []


@on_both_stores
def test_storing_again_under_one_key_replaces_the_file_whole(app, artifacts_store):
    get_store().put(KEY, writes(b"the first rendering"))
    get_store().put(KEY, writes(PDF), expected_size=len(PDF))
    assert artifacts_store.read(KEY) == PDF
    assert artifacts_store.keys() == [KEY] and artifacts_store.leftovers() == []


@on_both_stores
def test_a_failed_replacement_keeps_the_file_that_was_there(app, artifacts_store):
    get_store().put(KEY, writes(PDF))
    with pytest.raises(SizeMismatch):
        get_store().put(KEY, writes(b"a truncated new copy"), expected_size=4096)
    with pytest.raises(BrokenDownload):
        get_store().put(KEY, breaks_after(b"another"))
    assert artifacts_store.read(KEY) == PDF
    assert artifacts_store.leftovers() == []


@on_both_stores
def test_a_file_larger_than_one_upload_part_arrives_whole(app, artifacts_store):
    big = os.urandom(2 * PART_SIZE + 123)  # a bucket gets it as a three-part upload
    size, sha256 = get_store().put(KEY, writes(*in_chunks(big)), expected_size=len(big))
    assert (size, sha256) == (len(big), hashlib.sha256(big).hexdigest())
    assert artifacts_store.read(KEY) == big
    assert artifacts_store.leftovers() == []


@on_both_stores
def test_a_large_file_of_the_wrong_size_leaves_no_upload_behind(app, artifacts_store):
    big = bytes(PART_SIZE + 1)
    with pytest.raises(SizeMismatch):
        get_store().put(KEY, writes(*in_chunks(big)), expected_size=len(big) - 1)
    assert artifacts_store.keys() == [] and artifacts_store.leftovers() == []


@on_both_stores
def test_deleting_removes_the_files_and_ignores_those_already_gone(app, artifacts_store):
    get_store().put(KEY, writes(PDF))
    get_store().put(OTHER_KEY, writes(PDF))
    get_store().delete([KEY, "PS-000001/9-never-stored.pdf"])
    assert artifacts_store.keys() == [OTHER_KEY]


@on_both_stores
def test_reading_a_file_that_is_not_there_says_so(app, artifacts_store):
    with pytest.raises(FileMissing):
        get_store().open(KEY)


@on_both_stores
def test_a_key_that_climbs_out_of_the_store_is_refused(app, artifacts_store):
    for key in ("../outside.pdf", "/etc/printshop.pdf", "PS-1/../../outside.pdf", "PS-1//x.pdf", ""):
        with pytest.raises(ValueError):
            get_store().put(key, writes(PDF))
    assert artifacts_store.keys() == []


@pytest.mark.parametrize("artifacts_store", ["local"], indirect=True)
def test_half_written_files_left_by_a_killed_process_are_swept_once_stale(app, artifacts_store):
    folder = Path(app.config["ARTIFACTS_DIR"]) / "PS-000001"
    folder.mkdir(parents=True)
    stale, fresh = folder / ".1-business-card.pdf.dead.part", folder / ".1-business-card.pdf.live.part"
    stale.write_bytes(b"half of it")
    fresh.write_bytes(b"still coming")
    an_hour_and_more_ago = time.time() - STALE_PART_SECONDS - 60
    os.utime(stale, (an_hour_and_more_ago, an_hour_and_more_ago))
    get_store().put(KEY, writes(PDF))
    assert not stale.exists() and fresh.exists()
    assert artifacts_store.read(KEY) == PDF
