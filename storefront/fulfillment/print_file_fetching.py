"""Fetching an order's print files from the Hub into our storage; the order is ready once all of them are here."""

import logging

from ..clock import utcnow
from ..extensions import db
from ..hub import DownloadRefused, HubNotFound, get_hub
from ..jobs.queueing import queue_proof
from ..orders import stored_print_files
from ..orders.lifecycle import FETCHES_FILES, OrderStatus
from ..orders.models import Order
from ..orders.status_changes import change_status, fail_order
from ..orders.timeline import EventKind, Source, record

log = logging.getLogger(__name__)


def downloader(hub, print_file):
    """`download(fileobj)` for one file: Asset Storage by artifact id, or its URL (anonymous when the Hub says so)."""
    if print_file.hub_artifact_id and not print_file.anonymous_access:
        return lambda fileobj: hub.download_artifact(
            print_file.hub_artifact_id, fileobj, max_bytes=stored_print_files.MAX_FILE_BYTES
        )
    return lambda fileobj: hub.download_url(
        print_file.source_url,
        fileobj,
        authenticated=not print_file.anonymous_access,
        max_bytes=stored_print_files.MAX_FILE_BYTES,
    )


def fetch(order_id):
    """Download every print file not stored yet; when all are there the order is ready."""
    order = db.session.get(Order, order_id)
    if order is None or order.status not in FETCHES_FILES:
        return
    hub = get_hub()
    for print_file in order.artifacts:
        db.session.refresh(print_file)  # another run of this job may have stored it meanwhile
        if print_file.ready and stored_print_files.file_present(print_file):
            continue
        relative = stored_print_files.relative_path(
            order.number, print_file.id, print_file.name, print_file.file_format
        )
        try:
            size, sha256 = stored_print_files.store(relative, downloader(hub, print_file), print_file.expected_size)
        except HubNotFound:
            give_up(order, f"The Hub no longer has the print file {print_file.name}.")
            return
        except DownloadRefused as refused:
            refuse(order, print_file, refused)
            return
        print_file.path, print_file.size, print_file.sha256, print_file.fetched_at = relative, size, sha256, utcnow()
        stored_print_files.forget_proof(print_file)  # a proof of an earlier copy does not stand for this one
        message = f"Print file {print_file.name} fetched ({size:,} bytes)"
        record(order, EventKind.FILE_FETCHED, message, Source.WORKER, file=print_file.id, size=size)
        db.session.commit()
        log.info("order %s: stored print file %s (%s bytes)", order.number, print_file.id, size)
        if stored_print_files.is_pdf(print_file):
            queue_proof(print_file.id)  # after the commit; the order never waits for its proofs
    if order.artifacts and change_status(order, OrderStatus.READY):
        log.info("order %s: print files ready", order.number)
    db.session.commit()


def refuse(order, print_file, refused):
    """The Hub named a file where we do not download from: say where and why on the timeline, and give up."""
    message = f"Download of print file {print_file.name} refused: {refused.where}: {refused.reason}"
    record(order, EventKind.FILE_REFUSED, message, Source.WORKER, file=print_file.id, host=refused.host)
    give_up(order, f"Print file {print_file.name}: the download from {refused.host} was refused (see the timeline).")


def give_up(order, reason):
    """A print file no retry will bring: the order waits for the store owner, a ready one too (its file is gone
    here, and fetching again every reconciler round would fail the same way)."""
    fail_order(order, reason)
