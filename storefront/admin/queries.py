"""Read side of the admin pages: order lists with filters and counters, and live Hub data fetched quickly."""

import dataclasses
import logging
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import and_, func, or_
from sqlalchemy.orm import selectinload

from ..clock import as_utc, utcnow
from ..extensions import db
from ..fulfillment.models import HubProject
from ..hub import HubError, HubNotFound, HubUnavailable, get_quick_hub
from ..orders.lifecycle import NEEDS_ATTENTION, PRODUCTION, OrderStatus
from ..orders.models import Order

log = logging.getLogger(__name__)

ATTENTION = "attention"
# The filters of the orders list, in the order shown, with the words the shop uses for each status.
FILTERS = {str(status): rule.label for status, rule in PRODUCTION.rules.items()}
FILTERS[ATTENTION] = "Needs attention"
# Live Hub data on the order page must not hold the page up: short timeouts, no retries.
# A status colour from the Hub goes into a style attribute: only plain hex colours are used.
HEX_COLOR = re.compile(r"^#[0-9A-Fa-f]{3,8}$")


def _needs_attention(now):
    """A status that needs the owner (a failed render), or still rendering after the poll deadline (the worker has
    stopped watching it)."""
    overdue = and_(
        Order.status == OrderStatus.RENDERING,
        HubProject.poll_deadline_at.is_not(None),
        HubProject.poll_deadline_at < now,
    )
    return or_(Order.status.in_(NEEDS_ATTENTION), overdue)


@dataclass(frozen=True)
class OrderSearch:
    """What the owner looks for: text in the order number, email or name; a range of days placed (inclusive)."""

    text: str | None = None
    since: date | None = None
    until: date | None = None


def _searched(query, search):
    if search.text:
        like = f"%{search.text.strip().lower()}%"
        fields = (Order.number, Order.email, Order.name)
        query = query.where(or_(*(func.lower(field).like(like) for field in fields)))
    if search.since:
        query = query.where(Order.created_at >= datetime.combine(search.since, time.min, UTC))
    if search.until:
        query = query.where(Order.created_at < datetime.combine(search.until + timedelta(days=1), time.min, UTC))
    return query


def order_page(status, page, per_page, search=None):
    """One page of orders, newest first, optionally filtered by a FILTERS key (unknown keys show all) and a search."""
    query = (
        db.select(Order)
        .outerjoin(HubProject, HubProject.order_id == Order.id)
        .options(selectinload(Order.hub_project), selectinload(Order.artifacts))
        .order_by(Order.created_at.desc(), Order.id.desc())
    )
    if status == ATTENTION:
        query = query.where(_needs_attention(utcnow()))
    elif status in PRODUCTION.rules:
        query = query.where(Order.status == status)
    if search is not None:
        query = _searched(query, search)
    return db.paginate(query, page=page, per_page=per_page, error_out=False, count=True)


def status_counts():
    """{status: number of orders} for every status (zeros included), plus ATTENTION and "all"."""
    counts = dict.fromkeys(map(str, PRODUCTION.rules), 0)
    rows = db.session.execute(db.select(Order.status, func.count()).group_by(Order.status))
    counts.update({status: count for status, count in rows})
    counts["all"] = sum(counts.values())
    counts[ATTENTION] = db.session.execute(
        db.select(func.count(Order.id))
        .select_from(Order)
        .outerjoin(HubProject, HubProject.order_id == Order.id)
        .where(_needs_attention(utcnow()))
    ).scalar_one()
    return counts


def attention_reason(order):
    """Why the order waits for the owner, or None."""
    if order.status in NEEDS_ATTENTION:
        return order.status_detail or order.status_label
    project = order.hub_project
    if (
        order.status == OrderStatus.RENDERING
        and project is not None
        and project.poll_deadline_at is not None
        and as_utc(project.poll_deadline_at) < utcnow()
    ):
        return "Still rendering after the poll deadline: the worker has stopped watching this project."
    return None


def order_for_admin(order_id):
    return db.session.execute(
        db.select(Order)
        .filter_by(id=order_id)
        .options(selectinload(Order.lines), selectinload(Order.artifacts), selectinload(Order.hub_project))
    ).scalar_one_or_none()


def backoffice_url(project):
    """The project's page in the Hub's BackOffice (as Aurigma's Magento plugin links it), or None."""
    if project is None:
        return None
    return f"{current_app.config['CCHUB_BASEURL']}/app/projects/{project.hub_project_id}"


def files_ready(order):
    return sum(1 for artifact in order.artifacts if artifact.ready)


@dataclass
class LiveProject:
    """What the Hub says about a project right now; `error` is set when it could not say."""

    project: object = None
    status_name: str | None = None
    status_color: str | None = None
    transitions: tuple = ()
    statuses: dict = dataclasses.field(default_factory=dict)
    error: str | None = None


def live_project(hub_project_id):
    """The project's status and available transitions from the Hub; never raises for a Hub problem."""
    live = LiveProject()
    client = get_quick_hub()
    try:
        live.project = client.get_project(hub_project_id)
        live.transitions = tuple(client.get_project_transitions(hub_project_id).items)
    except HubNotFound:
        live.error = f"The Hub has no project {hub_project_id}: it may have been deleted there."
        return live
    except HubUnavailable as exc:
        log.info("admin page: hub unavailable for project %s: %s", hub_project_id, exc)
        live.error = "The Hub could not be reached just now, so live project data is missing. Reload to try again."
        return live
    except HubError as exc:
        log.warning("admin page: hub error for project %s: %s", hub_project_id, exc)
        live.error = f"The Hub did not answer as expected, so live project data is missing ({exc})."
        return live
    try:
        live.statuses = {status.code: status for status in client.get_project_statuses().items}
    except HubError as exc:  # names are a nicety: the codes still show
        log.info("admin page: project statuses unavailable: %s", exc)
    status = live.statuses.get(live.project.status)
    if status is not None:
        live.status_name = status.display_name
        live.status_color = status.color if status.color and HEX_COLOR.match(status.color) else None
    return live
