"""Submitting an order to the Hub: its multi-item project, created once (or adopted), recorded, then polled."""

import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy.exc import IntegrityError

from ..clock import utcnow
from ..extensions import db
from ..hub import HubAuthError, HubError, HubUnavailable, MultiItemProjectInput, ProjectItemInput, get_hub
from ..jobs.queueing import schedule_poll
from ..links import admin_order_link
from ..orders.models import Order, OrderStatus
from ..orders.status_changes import change_status, fail_order
from ..orders.timeline import EventKind, Source, record
from ..shoppers.guest_merge import merge_at_hub, pending_merge_ids
from .models import HubProject, ProcessingStatus

log = logging.getLogger(__name__)


class DesignsNotMergedYet(Exception):
    """The customer's guest designs are not theirs at the Hub yet; RQ retries the submission later."""


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
        order_url=admin_order_link(order),
        order_name=f"Order {order.number}",
        customer_id=str(order.user_id) if order.user_id else order.storefront_user_id,
        customer_name=order.name,
        name=f"Order {order.number}",
        items=items,
    )


def require_merged_designs(order):
    """The project's owner must own its designs at the Hub: finish a pending guest merge first."""
    if order.user_id is None:
        return
    for merge_id in pending_merge_ids(order.user_id):
        if not merge_at_hub(merge_id):
            raise DesignsNotMergedYet(f"order {order.number}: guest designs not merged at the Hub yet")


def submit(order_id):
    """Create (or adopt) the order's multi-item Hub project, record it, and schedule the first poll."""
    order = db.session.get(Order, order_id)
    if order is None or order.status != OrderStatus.PLACED or not order.personalized_lines:
        return
    if order.hub_project is None and not _create_project(order):
        return
    try:
        moved = change_status(order, OrderStatus.RENDERING)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # a parallel run recorded the same project first
        log.info("order %s: project already recorded by another run", order_id)
        return
    if moved:
        schedule_poll(order.hub_project)


def _create_project(order):
    """Attach the order's Hub project (not committed yet); False when the Hub refused it for good."""
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
        return False
    how = "adopted" if found else "created"
    log.info("order %s: hub project %s %s", order.number, project.id, how)
    record(order, EventKind.SUBMITTED, f"Submitted: Hub project {project.id} {how}", Source.WORKER, project=project.id)
    order.hub_project = HubProject(
        hub_project_id=project.id,
        processing_status=project.processing_status or ProcessingStatus.PENDING,
        poll_deadline_at=utcnow() + timedelta(seconds=current_app.config["HUB_POLL_DEADLINE"]),
    )
    return True
