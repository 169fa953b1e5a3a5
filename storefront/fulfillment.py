"""RQ jobs that turn an order into print files: submit_order, poll_project, resume_project, fetch_artifacts.

Every job takes ids, pushes its own app context, may run twice without harm, and lets exceptions reach RQ so
transient Hub errors are retried. Their safety net, the reconciler, is in reconciler.py.
"""

import logging
from datetime import UTC, timedelta

from flask import current_app
from rq import Retry
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from . import artifacts
from .extensions import db
from .hub import (
    HubAuthError,
    HubError,
    HubNotFound,
    HubUnavailable,
    MultiItemProjectInput,
    ProjectItemInput,
    get_hub,
)
from .models import Artifact, HubProject, Order, OrderStatus, utcnow
from .queue import enqueue_in_safely, enqueue_once, in_app_context

log = logging.getLogger(__name__)

# Soon at first (a Hub blip), then further apart (an outage); the reconciler takes over after the last try.
TRANSIENT_RETRY = Retry(max=6, interval=[2, 10, 30, 120, 600, 1800])


def submit_job_id(order_id):
    return f"submit-order-{order_id}"


def fetch_job_id(order_id):
    return f"fetch-order-{order_id}"


def poll_job_id(hub_project):
    """The poll chain's next job is named after the moment our row says it is due, so the row tells which job
    Redis should hold (extra polls, such as the webhook's, leave `next_poll_at` alone)."""
    return f"poll-order-{hub_project.order_id}-at-{int(as_utc(hub_project.next_poll_at).timestamp())}"


def _order(order_id):
    return db.session.get(Order, order_id)


def _seconds(name):
    return timedelta(seconds=current_app.config[name])


def order_url(order):
    return f"{current_app.config['STORE_URL']}/admin/orders/{order.id}"


def product_specifier(editor_data):
    """The Hub product an editor reported (the Simple Editor does), as a project item's productSpecifier."""
    data = editor_data or {}
    if data.get("productId") is None:
        return None
    return {
        "type": "Product",
        "id": data["productId"],
        "versionId": data.get("productVersionId"),
        "variantId": data.get("productVariantId"),
    }


def project_input(order):
    """The multi-item project for an order: one item per personalized line."""
    items = tuple(
        ProjectItemInput(
            name=f"{line.product_name} ({line.variant_name})",
            order_line_item_index=line.line_index,
            order_line_item_id=str(line.id),
            product_reference=line.product_reference,
            sku=line.sku,
            quantity=line.quantity,
            design_ids=tuple(line.design_ids),
            product_specifier=product_specifier(line.editor_data),
        )
        for line in order.personalized_lines
    )
    return MultiItemProjectInput(
        owner_id=order.storefront_user_id,
        order_id=order.number,
        order_number=order.id,
        order_url=order_url(order),
        order_name=f"Order {order.number}",
        customer_id=str(order.user_id) if order.user_id else order.storefront_user_id,
        customer_name=order.name,
        name=f"Order {order.number}",
        items=items,
    )


@in_app_context
def submit_order(order_id):
    """Create (or adopt) the order's multi-item Hub project, record it, and schedule the first poll."""
    order = _order(order_id)
    if order is None or order.status != OrderStatus.PLACED or not order.personalized_lines:
        return
    if order.hub_project is None:
        require_merged_designs(order)
        hub = get_hub()
        # Adopt a project made by an earlier run that crashed before its commit: never a second project.
        found = hub.find_projects(order_id=order.number, take=10).items
        try:
            project = found[0] if found else hub.create_multi_item_project(project_input(order))
        except (HubUnavailable, HubAuthError):
            raise  # transient or a configuration problem: RQ retries, the reconciler tries again later
        except HubError as exc:
            fail_order(order, f"The Hub refused the order's project: {exc}")
            return
        log.info("order %s: hub project %s %s", order.number, project.id, "adopted" if found else "created")
        order.hub_project = HubProject(
            hub_project_id=project.id,
            processing_status=project.processing_status or "Pending",
            poll_deadline_at=utcnow() + _seconds("HUB_POLL_DEADLINE"),
        )
    try:
        moved = move_order(order, OrderStatus.RENDERING, expected=(OrderStatus.PLACED,))
    except IntegrityError:
        db.session.rollback()  # a parallel run recorded the same project first
        log.info("order %s: project already recorded by another run", order_id)
        return
    if moved:
        schedule_poll(order.hub_project)


def move_order(order, new_status, expected, detail=None):
    """Change the order's status only if it still is one of `expected`, committing pending changes with it.

    The store owner may cancel or change an order while a job talks to the Hub; the job must not undo that.
    """
    result = db.session.execute(
        update(Order)
        .where(Order.id == order.id, Order.status.in_(expected))
        .values(status=new_status, status_detail=detail, updated_at=utcnow())
    )
    db.session.commit()
    db.session.refresh(order)
    if result.rowcount != 1:
        log.info("order %s: is %s now, not moving it to %s", order.number, order.status, new_status)
    return result.rowcount == 1


class DesignsNotMergedYet(Exception):
    """The customer's guest designs are not theirs at the Hub yet; RQ retries the submission later."""


def require_merged_designs(order):
    """The project's owner must own its designs at the Hub: finish a pending guest merge first."""
    if order.user_id is None:
        return
    from .shoppers import merge_at_hub, pending_merge_ids

    for merge_id in pending_merge_ids(order.user_id):
        if not merge_at_hub(merge_id):
            raise DesignsNotMergedYet(f"order {order.number}: guest designs not merged at the Hub yet")


def fail_order(order, reason):
    """A problem no retry will fix: the order waits for the store owner as render failed."""
    if move_order(order, OrderStatus.RENDER_FAILED, (OrderStatus.PLACED, OrderStatus.RENDERING), reason[:500]):
        log.error("order %s: %s", order.number, reason)


def schedule_poll(hub_project, delay=None):
    """Schedule the next poll of a project, once: a poll already scheduled for later is kept."""
    now = utcnow()
    if hub_project.next_poll_at is not None and as_utc(hub_project.next_poll_at) > now:
        return
    hub_project.next_poll_at = now + (delay if delay is not None else _seconds("HUB_POLL_INTERVAL"))
    db.session.commit()
    queue_poll(hub_project)


def queue_poll(hub_project):
    """Queue the poll our row says comes next (`next_poll_at`): at its time, or at once if that has passed."""
    delay = max(as_utc(hub_project.next_poll_at) - utcnow(), timedelta(0))
    job_id = poll_job_id(hub_project)
    enqueue_in_safely(delay, poll_project, hub_project.order_id, True, job_id=job_id, retry=TRANSIENT_RETRY)


def poll_now(order_id):
    """An immediate poll (the Hub's callback said processing ended); the scheduled poll stays as a safety net."""
    return enqueue_once(poll_project, order_id, job_id=f"poll-order-{order_id}-now", retry=TRANSIENT_RETRY)


def queue_fetch(order_id):
    """Queue the download of the order's print files, once."""
    return enqueue_once(fetch_artifacts, order_id, job_id=fetch_job_id(order_id), retry=TRANSIENT_RETRY)


def as_utc(moment):
    """SQLite hands back naive datetimes; every stored moment is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@in_app_context
def poll_project(order_id, scheduled=False):
    """Read the project's processing results and act: wait, fetch the files, resume, or give up.

    `scheduled` marks the poll chain's own job, which schedules the next one; extra polls (the webhook's) do not.
    """
    order = _order(order_id)
    project = order.hub_project if order else None
    if project is None or order.status != OrderStatus.RENDERING:
        return
    try:
        results = get_hub().get_processing_results(project.hub_project_id)
    except HubNotFound:
        fail_order(order, f"Hub project {project.hub_project_id} no longer exists.")
        return
    now = utcnow()
    project.polls += 1
    project.last_polled_at = now
    project.processing_status = results.status or project.processing_status
    if scheduled:
        project.next_poll_at = None  # the chain continues from this poll

    if results.status == "Completed" and not results.output_files and not order.artifacts:
        fail_order(order, "The Hub finished the project without any print files.")
    elif results.status == "Completed":
        record_output_files(order, results.output_files)
        project.status_description = results.status_description
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()  # a parallel poll recorded the same files first; the fetch still follows
        queue_fetch(order.id)
    elif results.status == "Failed":
        project.status_description = (results.status_description or "The Hub reported a failure.")[:1000]
        if project.resumes < current_app.config["HUB_MAX_RESUMES"]:
            db.session.commit()
            log.warning("order %s: pipeline failed (%s), resuming", order.number, project.status_description)
            enqueue_in_safely(
                _seconds("HUB_RESUME_DELAY"),
                resume_project,
                order.id,
                job_id=f"resume-order-{order.id}-{project.resumes}",
                retry=TRANSIENT_RETRY,
            )
        else:
            fail_order(order, f"Failed after {project.resumes} resume(s): {project.status_description}")
    elif project.poll_deadline_at is not None and now > as_utc(project.poll_deadline_at):
        fail_order(order, "The Hub did not finish the print files in time.")
    else:
        db.session.commit()
        schedule_poll(project)


@in_app_context
def resume_project(order_id):
    """Resume a failed pipeline (bounded by HUB_MAX_RESUMES) and poll again."""
    order = _order(order_id)
    project = order.hub_project if order else None
    if project is None or order.status != OrderStatus.RENDERING or project.processing_status != "Failed":
        return
    get_hub().resume_processing(project.hub_project_id)
    project.resumes += 1
    project.processing_status = "InProgress"
    project.next_poll_at = None
    db.session.commit()
    schedule_poll(project)


def record_output_files(order, output_files):
    """One Artifact row per output file, once (a second Completed poll adds nothing)."""
    known = {(a.hub_artifact_id, a.source_url) for a in order.artifacts}
    for output in output_files:
        if (output.artifact_id, output.url) in known:
            continue
        order.artifacts.append(
            Artifact(
                line_index=output.order_line_item_index,
                hub_artifact_id=output.artifact_id,
                name=output.name or f"line-{output.order_line_item_index}",
                file_format=output.format,
                source_url=output.url,
                anonymous_access=output.anonymous_access,
                expected_size=output.size,
            )
        )


@in_app_context
def fetch_artifacts(order_id):
    """Download every print file not on disk yet; when all are there the order is ready."""
    order = _order(order_id)
    if order is None or order.status not in (OrderStatus.RENDERING, OrderStatus.READY):
        return
    hub = get_hub()
    for artifact in order.artifacts:
        db.session.refresh(artifact)  # another run of this job may have stored it meanwhile
        if artifact.ready and artifacts.file_present(artifact):
            continue
        relative = artifacts.relative_path(order.number, artifact.id, artifact.name, artifact.file_format)
        if artifact.hub_artifact_id and not artifact.anonymous_access:

            def download(fileobj, artifact=artifact):
                return hub.download_artifact(artifact.hub_artifact_id, fileobj, max_bytes=artifacts.MAX_FILE_BYTES)
        else:

            def download(fileobj, artifact=artifact):
                authenticated = not artifact.anonymous_access
                return hub.download_url(
                    artifact.source_url, fileobj, authenticated=authenticated, max_bytes=artifacts.MAX_FILE_BYTES
                )

        try:
            size, sha256 = artifacts.store(relative, download, expected_size=artifact.expected_size)
        except HubNotFound:
            fail_order(order, f"The Hub no longer has the print file {artifact.name}.")
            return
        artifact.path, artifact.size, artifact.sha256, artifact.fetched_at = relative, size, sha256, utcnow()
        db.session.commit()
        log.info("order %s: stored print file %s (%s bytes)", order.number, artifact.id, size)
    if order.artifacts and move_order(order, OrderStatus.READY, expected=(OrderStatus.RENDERING,)):
        log.info("order %s: print files ready", order.number)
