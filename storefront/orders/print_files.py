"""Print files on disk: written to a .part file, checked, hashed and renamed atomically; handed out as attachments."""

import hashlib
import logging
import mimetypes
import os
import re
from pathlib import Path

from flask import current_app, send_file

from ..extensions import db
from ..fulfillment.models import PrintFile
from .progress import SHOWS_FILES

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 2 * 1024**3
# Print files are handed out as attachments with a type from their format; anything unknown is plain bytes.
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "tif": "image/tiff",
    "tiff": "image/tiff",
    "svg": "image/svg+xml",
    "zip": "application/zip",
}


class PrintFileCheckFailed(Exception):
    """A downloaded file is not what the Hub announced (size); it is discarded and fetched again."""


def storage_root():
    return Path(current_app.config["ARTIFACTS_DIR"])


def safe_file_name(name, default="print-file"):
    """A file name without path parts or odd characters (the Hub names files; we never trust a path from it)."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", os.path.basename(name or "")).strip(".-")
    return cleaned[:150] or default


def relative_path(order_number, artifact_id, name, file_format):
    base = safe_file_name(name)
    extension = f".{safe_file_name(file_format).lower()}" if file_format else ""
    if extension and not base.lower().endswith(extension):
        base += extension
    return f"{safe_file_name(order_number)}/{artifact_id}-{base}"


def absolute_path(relative):
    root = storage_root().resolve()
    path = (root / relative).resolve()
    if root not in path.parents:
        raise ValueError("artifact path escapes the artifacts folder")
    return path


class HashingWriter:
    """A file object that hashes and counts what passes through it."""

    def __init__(self, handle):
        self.handle = handle
        self.sha256 = hashlib.sha256()
        self.size = 0

    def write(self, chunk):
        self.sha256.update(chunk)
        self.size += len(chunk)
        return self.handle.write(chunk)


def store(relative, download, expected_size=None):
    """Write a file through `download(fileobj)` into place atomically; returns (size, sha256 hex).

    The bytes go to `<name>.part` first; only a complete file of the announced size is renamed into place.
    """
    final = absolute_path(relative)
    final.parent.mkdir(parents=True, exist_ok=True)
    part = final.with_name(final.name + ".part")
    try:
        with open(part, "wb") as handle:
            writer = HashingWriter(handle)
            download(writer)
            handle.flush()
            os.fsync(handle.fileno())
        if expected_size is not None and writer.size != expected_size:
            raise PrintFileCheckFailed(f"expected {expected_size} bytes, got {writer.size}")
        os.replace(part, final)
    finally:
        if part.exists():
            part.unlink()
    return writer.size, writer.sha256.hexdigest()


def file_present(artifact):
    return bool(artifact.path) and absolute_path(artifact.path).is_file()


def downloadable(artifact):
    """A print file we have fetched and still hold on disk."""
    try:
        return artifact.ready and file_present(artifact)
    except ValueError:
        log.error("artifact %s has a path outside the artifacts folder", artifact.id)
        return False


def ready_files(order):
    """The print files the customer may download now: all of them once the order is ready, none before."""
    if order.status not in SHOWS_FILES:
        return []
    return [artifact for artifact in order.artifacts if downloadable(artifact)]


def artifact_of(order, artifact_id):
    """The order's artifact with this id when its file is here, else None (no status rule: the owner's view)."""
    artifact = db.session.get(PrintFile, artifact_id)
    if artifact is None or artifact.order_id != order.id or not downloadable(artifact):
        return None
    return artifact


def order_artifact(order, artifact_id):
    """The artifact a customer may download: only once the order is ready, and only while its file is here."""
    return artifact_of(order, artifact_id) if order.status in SHOWS_FILES else None


def send_artifact(order, artifact):
    """The print file as an attachment with a safe name and its content type."""
    response = send_file(
        absolute_path(artifact.path),
        mimetype=content_type(order, artifact),
        as_attachment=True,
        download_name=download_name(order, artifact),
        etag=artifact.sha256 or True,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _extension(artifact):
    return safe_file_name(artifact.file_format or "", default="").lower()


def download_name(order, artifact):
    """A safe file name for the browser, such as PS-000012-business-card.pdf."""
    base = safe_file_name(artifact.name)
    extension = _extension(artifact)
    if extension and not base.lower().endswith(f".{extension}"):
        base += f".{extension}"
    return f"{safe_file_name(order.number)}-{base}"


def content_type(order, artifact):
    extension = _extension(artifact)
    if extension in CONTENT_TYPES:
        return CONTENT_TYPES[extension]
    return mimetypes.guess_type(download_name(order, artifact))[0] or "application/octet-stream"


def remove_files(paths):
    """Delete our copies of print files (after the commit: a failed commit must not lose files)."""
    for relative in paths:
        try:
            absolute_path(relative).unlink(missing_ok=True)
        except (OSError, ValueError) as exc:
            log.warning("could not remove print file %s: %s", relative, exc.__class__.__name__)
