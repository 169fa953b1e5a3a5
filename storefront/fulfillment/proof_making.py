"""Making a print file's proof: its first page as a thumbnail in the file store, its page count and trim size.

The fetch queues it for each PDF it stored, after the commit: the order is ready without waiting for it, and a
file that cannot be drawn leaves the order as it is, with the reason on the row. The job may run twice, or on a
file fetched again meanwhile: a proof is recorded only for the very copy it was made from.
"""

import logging
import shutil
import tempfile

from ..clock import utcnow
from ..extensions import db
from ..orders import stored_print_files
from ..storage import CHUNK, FileMissing, get_store
from .models import PrintFile
from .rasterise import NotAProof, first_page_proof

log = logging.getLogger(__name__)

# Runs of the job for one copy before it gives up (a PDF that crashes or outlasts its work horse every time).
MAX_ATTEMPTS = 3
MAX_ERROR = 255


def make(print_file_id):
    """Draw the first page of the stored file and record the proof; a file that is no PDF is recorded as such."""
    print_file = db.session.get(PrintFile, print_file_id)
    if print_file is None or not stored_print_files.wants_proof(print_file):
        return
    copy = (print_file.path, print_file.sha256)
    if print_file.proof_attempts >= MAX_ATTEMPTS:
        _record(print_file, copy, proof_error=f"gave up after {MAX_ATTEMPTS} attempts")
        return
    try:
        proof = _draw(print_file)
    except FileMissing:
        log.info("print file %s is gone from the store (fetched anew?): no proof", print_file_id)
        return
    except NotAProof as exc:
        log.warning("print file %s: no proof: %s", print_file_id, exc)
        _record(print_file, copy, proof_error=str(exc)[:MAX_ERROR])
        return
    key = stored_print_files.proof_key(print_file.path)
    _size, sha256 = get_store().put(key, lambda out: out.write(proof.png), len(proof.png))
    recorded = _record(
        print_file,
        copy,
        page_count=proof.page_count,
        trim_width_pt=proof.trim_width_pt,
        trim_height_pt=proof.trim_height_pt,
        proof_path=key,
        proof_sha256=sha256,
        proof_error=None,
    )
    if recorded:
        log.info("print file %s: proof made (%d page(s))", print_file_id, proof.page_count)


def _draw(print_file):
    """The PageProof of a stored file, read through a temporary copy (a bucket's stream cannot seek).

    The attempt is counted once the copy is here (a store that does not answer is retried, not counted) and before
    PDFium runs, so a run that dies with its work horse still counts.
    """
    with tempfile.TemporaryFile() as local:
        with get_store().open(print_file.path) as stream:
            shutil.copyfileobj(stream, local, CHUNK)
        local.seek(0)
        print_file.proof_attempts += 1
        db.session.commit()
        return first_page_proof(local)


def _record(print_file, copy, **values):
    """Write the proof onto the row only while it still describes that copy; False when it was fetched anew."""
    path, sha256 = copy
    updated = db.session.execute(
        db.update(PrintFile)
        .where(PrintFile.id == print_file.id, PrintFile.path == path, PrintFile.sha256 == sha256)
        .values(proof_done_at=utcnow(), **values)
    )
    db.session.commit()
    return updated.rowcount == 1
