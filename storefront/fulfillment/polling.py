"""Following a Hub project's processing: each poll reads the results and hands them to the handler for the status.

Completed records the print files and queues their download; Failed resumes the pipeline (up to HUB_MAX_RESUMES)
or gives up; Pending and InProgress wait for the next poll, until the poll deadline.
"""

import logging

from flask import current_app
from sqlalchemy.exc import IntegrityError

from ..clock import as_utc, utcnow
from ..extensions import db
from ..hub import HubNotFound, get_hub
from ..jobs.queueing import queue_fetch, queue_resume, schedule_poll
from ..orders.models import Order, OrderStatus
from ..orders.status_changes import fail_order
from ..orders.timeline import EventKind, Source, record
from .models import PrintFile, ProcessingStatus

log = logging.getLogger(__name__)


def poll(order_id, scheduled=False):
    """Read the project's processing results and act: wait, fetch the files, resume, or give up.

    `scheduled` marks the poll chain's own job, which schedules the next one; extra polls (the webhook's) do not.
    """
    order = db.session.get(Order, order_id)
    project = order.hub_project if order else None
    if project is None or order.status != OrderStatus.RENDERING:
        return
    if project.processing_status == ProcessingStatus.COMPLETED and order.artifacts:
        queue_fetch(order.id)  # an earlier poll saw the render done and recorded its files: nothing new to ask
        return
    try:
        results = get_hub().get_processing_results(project.hub_project_id)
    except HubNotFound:
        fail_order(order, f"Hub project {project.hub_project_id} no longer exists.")
        return
    project.polls += 1
    project.last_polled_at = utcnow()
    if results.status and results.status != project.processing_status:
        described = f": {results.status_description}" if results.status_description else ""
        record(order, EventKind.PROCESSING, f"Hub processing {results.status}{described}", Source.HUB)
    project.processing_status = results.status or project.processing_status
    if scheduled:
        project.next_poll_at = None  # the chain continues from this poll
    HANDLERS.get(results.status, on_unfinished)(order, project, results)


def on_completed(order, project, results):
    if not results.output_files and not order.artifacts:
        fail_order(order, "The Hub finished the project without any print files.")
        return
    record_output_files(order, results.output_files)
    project.status_description = results.status_description
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # a parallel poll recorded the same files first; the fetch still follows
    queue_fetch(order.id)


def on_failed(order, project, results):
    project.status_description = (results.status_description or "The Hub reported a failure.")[:1000]
    if project.resumes >= current_app.config["HUB_MAX_RESUMES"]:
        fail_order(order, f"Failed after {project.resumes} resume(s): {project.status_description}")
        return
    db.session.commit()
    log.warning("order %s: pipeline failed (%s), resuming", order.number, project.status_description)
    queue_resume(project)


def on_unfinished(order, project, results):
    """Pending, InProgress (or a status we do not know): poll again, unless the deadline has passed."""
    if project.poll_deadline_at is not None and utcnow() > as_utc(project.poll_deadline_at):
        fail_order(order, "The Hub did not finish the print files in time.")
        return
    db.session.commit()
    schedule_poll(project)


HANDLERS = {ProcessingStatus.COMPLETED: on_completed, ProcessingStatus.FAILED: on_failed}


def record_output_files(order, output_files):
    """One PrintFile row per output file, once (a second Completed poll adds nothing)."""
    known = {(f.hub_artifact_id, f.source_url) for f in order.artifacts}
    for output in output_files:
        if (output.artifact_id, output.url) in known:
            continue
        order.artifacts.append(
            PrintFile(
                line_index=output.order_line_item_index,
                hub_artifact_id=output.artifact_id,
                name=output.name or f"line-{output.order_line_item_index}",
                file_format=output.format,
                source_url=output.url,
                anonymous_access=output.anonymous_access,
                expected_size=output.size,
            )
        )


def mark_resumed(project):
    """The Hub resumed the project's pipeline: count it, and let the poll chain start again from now."""
    project.resumes += 1
    project.processing_status = ProcessingStatus.IN_PROGRESS
    project.next_poll_at = None


def resume(order_id):
    """Resume a failed pipeline (bounded by HUB_MAX_RESUMES) and poll again."""
    order = db.session.get(Order, order_id)
    project = order.hub_project if order else None
    if project is None or order.status != OrderStatus.RENDERING or project.processing_status != ProcessingStatus.FAILED:
        return
    get_hub().resume_processing(project.hub_project_id)
    mark_resumed(project)
    record(order, EventKind.RESUMED, f"Resumed automatically (resume {project.resumes})", Source.WORKER)
    db.session.commit()
    schedule_poll(project)
