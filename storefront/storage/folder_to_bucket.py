"""Moving the print files kept in ARTIFACTS_DIR into the bucket of ARTIFACTS_STORE (`flask move-print-files`).

Every fetched print file row is looked at once: a file already in the bucket with the recorded size and sha256
is left alone, any other is uploaded from the folder and read back to check it. Running it again moves nothing
twice; local files are deleted only when asked, and only once their object is checked. A moved file's proof goes
with it; one that is in neither place is forgotten, and the reconciler makes it again from the bucket's copy.
"""

import shutil
from collections import Counter

from flask import current_app

from ..extensions import db
from ..fulfillment.models import PrintFile
from ..orders.stored_print_files import forget_proof
from . import CHUNK, FileStoreError, LocalFileStore, SizeMismatch, get_store, hash_stream

# What can become of one file, in the order the report counts them.
OUTCOMES = {
    "moved": "moved",
    "present": "already in the bucket",
    "missing": "missing here and in the bucket",
    "damaged": "damaged here",
    "deleted": "local copies deleted",
}
# What the report says about each file that was not moved.
NOTES = {
    "missing": "missing here and in the bucket",
    "damaged": "damaged here (size or sha256 not as recorded), not moved",
}


def move_local_files(delete_local=False, note=None):
    """Upload every fetched print file from ARTIFACTS_DIR to the store; returns a Counter of OUTCOMES.

    `note(key, text)` hears about each file that could not be moved. Raises FileStoreError when no bucket
    is configured, or StoreUnavailable when it stops answering (what was moved so far stays moved).
    """
    target = get_store()
    if target.kind == "local":
        raise FileStoreError(
            f"ARTIFACTS_STORE is not set, so print files already live in {target}; "
            "set ARTIFACTS_STORE=s3://bucket/prefix (and the AWS_* settings) first."
        )
    source = LocalFileStore(current_app.config["ARTIFACTS_DIR"])
    fetched = db.select(PrintFile).where(PrintFile.path.is_not(None), PrintFile.fetched_at.is_not(None))
    rows = db.session.execute(fetched.order_by(PrintFile.id)).scalars()
    counts = Counter({outcome: 0 for outcome in OUTCOMES})
    for row in rows:
        outcome = move_one(source, target, row)
        counts[outcome] += 1
        if outcome in NOTES and note:
            note(row.path, NOTES[outcome])
        proof = row.proof_path
        if outcome in ("moved", "present"):
            move_proof(source, target, row)
        if delete_local and outcome in ("moved", "present") and source.exists(row.path):
            source.delete([row.path] + ([proof] if proof else []))
            counts["deleted"] += 1
    db.session.commit()  # the proofs forgotten on the way
    return counts


def move_proof(source, target, row):
    """Put the file's proof into the target store as well; a proof neither store holds is forgotten (and made
    again), since it is only ever derived from the file."""
    key = row.proof_path
    if not key or (target.exists(key) and holds(target, key, None, row.proof_sha256)):
        return
    if source.exists(key):
        with source.open(key) as handle:
            _size, sha256 = target.put(key, lambda out: shutil.copyfileobj(handle, out, CHUNK))
        if sha256 == row.proof_sha256:
            return
        target.delete([key])
    forget_proof(row)


def move_one(source, target, row):
    """Put one print file into the target store unless it is there already; returns its outcome."""
    key = row.path
    if target.exists(key) and holds(target, key, row.size, row.sha256):
        return "present"
    if not source.exists(key):
        return "missing"
    with source.open(key) as handle:
        try:
            size, sha256 = target.put(key, lambda out: shutil.copyfileobj(handle, out, CHUNK), row.size)
        except SizeMismatch:
            return "damaged"
    if row.sha256 and sha256 != row.sha256:
        target.delete([key])
        return "damaged"
    if not holds(target, key, size, sha256):
        target.delete([key])
        raise FileStoreError(f"{key}: the object read back from {target} differs from what was sent")
    return "moved"


def holds(store, key, size, sha256):
    """True when the stored object reads back with this size and sha256 (either unknown: not compared)."""
    with store.open(key) as stream:
        found_size, found_sha256 = hash_stream(stream)
    return (size is None or found_size == size) and (sha256 is None or found_sha256 == sha256)
