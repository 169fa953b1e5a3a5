"""An order's print files: kept in the app's file store (storage/) under safe keys with their proofs, checked,
handed out as attachments (or inline, to view them)."""

import logging
import mimetypes
import os
import re

from flask import abort

from ..extensions import db
from ..fulfillment.models import PrintFile
from ..storage import FileMissing, StoreUnavailable, get_store
from .progress import SHOWS_FILES

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 2 * 1024**3
# A proof may be kept by the browser for itself only, and asked for again (by its ETag) each time it is shown:
# a file fetched again gets a new proof under the same URL.
PROOF_CACHE_CONTROL = "private, no-cache"
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


def safe_file_name(name, default="print-file"):
    """A file name without path parts or odd characters (the Hub names files; we never trust a path from it)."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", os.path.basename(name or "")).strip(".-")
    return cleaned[:150] or default


def relative_path(order_number, artifact_id, name, file_format):
    """The file store key of a print file: `<order number>/<artifact id>-<name>.<format>`."""
    base = safe_file_name(name)
    extension = f".{safe_file_name(file_format).lower()}" if file_format else ""
    if extension and not base.lower().endswith(extension):
        base += extension
    return f"{safe_file_name(order_number)}/{artifact_id}-{base}"


def proof_key(path):
    """The file store key of a print file's proof thumbnail, derived from the file's own key."""
    return f"{path}.proof.png"


def is_pdf(artifact):
    """Only PDF print files get a proof (the Hub may render images too): by the format the Hub named."""
    return _extension(artifact) == "pdf"


def wants_proof(artifact):
    """A stored PDF whose proof has not been made (nor found impossible) yet."""
    return artifact.ready and artifact.proof_done_at is None and is_pdf(artifact)


def pdf_rows():
    """The same rule as a query condition on print file rows."""
    return db.func.lower(PrintFile.file_format) == "pdf"


def stored_keys(artifacts):
    """Every key the store holds for these print files: the files and their proofs (to delete them together)."""
    return [key for artifact in artifacts for key in (artifact.path, artifact.proof_path) if key]


def forget_copy(artifact):
    """The row as before its file was fetched: no copy here, no proof (the file is fetched anew)."""
    artifact.path = artifact.fetched_at = artifact.size = artifact.sha256 = None
    forget_proof(artifact)


def forget_proof(artifact):
    """The proof of an older copy no longer stands: a new one is made from the file stored next."""
    artifact.page_count = artifact.trim_width_pt = artifact.trim_height_pt = None
    artifact.proof_path = artifact.proof_sha256 = artifact.proof_error = artifact.proof_done_at = None
    artifact.proof_attempts = 0


def store(relative, download, expected_size=None):
    """Store a file through `download(fileobj)`; returns (size, sha256 hex).

    It becomes visible under its key only once complete and of the announced size (else SizeMismatch, and the
    key keeps what it held); a second store under the same key replaces the file whole.
    """
    return get_store().put(relative, download, expected_size)


def file_present(artifact):
    """True when the store holds the artifact's file (StoreUnavailable when the store cannot tell)."""
    return bool(artifact.path) and get_store().exists(artifact.path)


def downloadable(artifact):
    """A print file we have fetched and still hold in the store (a store that does not answer holds nothing)."""
    try:
        return artifact.ready and file_present(artifact)
    except ValueError:
        log.error("artifact %s has a path outside the artifacts folder", artifact.id)
        return False
    except StoreUnavailable as exc:
        log.error("artifact %s: %s", artifact.id, exc)
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


def send_artifact(order, artifact, inline=False):
    """The print file as an attachment (or `inline`, to view it) with a safe name and its content type, through
    this app whatever the store (404 when it has gone meanwhile, 503 while the store does not answer)."""
    return _send(
        artifact,
        artifact.path,
        mimetype=content_type(order, artifact),
        download_name=download_name(order, artifact),
        etag=artifact.sha256,
        inline=inline,
    )


def send_proof(order, artifact):
    """The print file's proof thumbnail (a PNG), shown inline, with its sha256 as the ETag."""
    name = download_name(order, artifact).rsplit(".", 1)[0] + "-proof.png"
    response = _send(
        artifact, artifact.proof_path, mimetype="image/png", download_name=name, etag=artifact.proof_sha256, inline=True
    )
    response.headers["Cache-Control"] = PROOF_CACHE_CONTROL
    return response


def _send(artifact, key, **options):
    try:
        response = get_store().send(key, **options)
    except FileMissing:
        abort(404)
    except StoreUnavailable as exc:
        log.error("artifact %s: %s", artifact.id, exc)
        abort(503)
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
    get_store().delete(paths)
