"""The Hub mapping check: every product group with its hub_reference and what the Hub says about it, plus the
references the Hub knows that no product group has.

Built with the quick Hub client (a person waits) and kept in Redis as JSON with the time it was checked, so the
page loads from there; checking again forgets the Hub answers the client cached for our references first.
"""

import json
import logging
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

from flask import current_app
from redis.exceptions import RedisError

from ..catalog.models import Category, ProductGroup
from ..editor.personalization import can_mount
from ..extensions import db
from ..hub import HubAuthError, HubError, HubNotFound, HubUnavailable, get_quick_hub

log = logging.getLogger(__name__)

REPORT_KEY = "printshop:admin:hub-mapping"
# A report older than this is built again when the page opens; until then "Check again" refreshes it.
REPORT_TTL = 24 * 3600
PAGE_SIZE = 100
# A Hub that kept answering full pages past this many would be paging in circles: stop there.
MAX_PAGES = 100

LINKED = "linked"
NOT_LINKED = "not_linked"
UNMOUNTABLE = "unmountable"
PLAIN = "plain"
STATE_LABELS = {
    LINKED: "Linked",
    NOT_LINKED: "Not linked at the Hub",
    UNMOUNTABLE: "Editor this store cannot mount",
    PLAIN: "No Hub reference",
}

# The status pill each state wears on the page (the order statuses' colours).
STATE_PILLS = {LINKED: "status-ready", NOT_LINKED: "status-render_failed", UNMOUNTABLE: "status-rendering"}


class MappingUnavailable(Exception):
    """The Hub could not answer the check; the message says so in words (nothing secret in it)."""


@dataclass
class Row:
    """One product group and what the Hub says about its reference."""

    name: str
    slug: str
    category: str
    hub_reference: str | None
    state: str
    hub_product: str | None = None
    workflow_type: str | None = None
    component: str | None = None
    group_id: int | None = None
    visible: bool = True

    @property
    def label(self):
        return STATE_LABELS.get(self.state, self.state)

    @property
    def pill(self):
        return STATE_PILLS.get(self.state, "")


@dataclass
class HubOnly:
    """A reference the Hub has for our storefront that no product group in the catalog uses."""

    reference: str
    name: str | None = None


@dataclass
class Report:
    checked_at: str
    rows: list[Row] = field(default_factory=list)
    hub_only: list[HubOnly] = field(default_factory=list)

    @property
    def checked_at_text(self):
        return datetime.fromisoformat(self.checked_at).strftime("%Y-%m-%d %H:%M:%S UTC")

    def count(self, state):
        return sum(1 for row in self.rows if row.state == state)

    def to_json(self):
        return json.dumps(asdict(self), separators=(",", ":"))

    @classmethod
    def from_json(cls, raw):
        data = json.loads(raw)
        return cls(
            checked_at=data["checked_at"],
            rows=[Row(**row) for row in data["rows"]],
            hub_only=[HubOnly(**entry) for entry in data["hub_only"]],
        )


def product_groups():
    """Every product group, in catalog order: by category, then by position in it."""
    query = (
        db.select(ProductGroup, Category.name)
        .join(Category, ProductGroup.category_id == Category.id)
        .order_by(Category.position, Category.id, ProductGroup.position, ProductGroup.id)
    )
    return db.session.execute(query).all()


def row_for(hub, group, category):
    """The group's row; HubErrors other than "not found" are left to the caller."""
    row = Row(group.name, group.slug, category, group.hub_reference, PLAIN, group_id=group.id, visible=group.visible)
    if not group.hub_reference:
        return row
    try:
        row.hub_product = hub.get_product_by_reference(group.hub_reference).name
        workflow = hub.get_personalization_workflow(group.hub_reference)
    except HubNotFound:
        row.state = NOT_LINKED
        return row
    row.workflow_type = workflow.workflow_type
    row.component = workflow.content.get("component")
    row.state = LINKED if can_mount(workflow.workflow_type, workflow.content) else UNMOUNTABLE
    return row


def hub_references(hub):
    """Every reference the Hub has for our storefront, page after page."""
    found = []
    for page_number in range(MAX_PAGES):
        page = hub.list_product_references(skip=page_number * PAGE_SIZE, take=PAGE_SIZE)
        found.extend(page.items)
        if not page.items or len(found) >= page.total:
            break
    return found


def hub_problem(exc):
    """What the owner reads when the check could not be made."""
    if isinstance(exc, HubAuthError):
        return "The Hub refused our credentials, so the mapping could not be checked. See the Health page."
    if isinstance(exc, HubUnavailable):
        return f"The Hub could not be reached, so the mapping could not be checked. Try again in a moment. ({exc})"
    return f"The Hub answered with an error, so the mapping could not be checked. ({exc})"


def build(fresh=False):
    """Ask the Hub now; `fresh` forgets the client's cached answers for our references first.

    Raises MappingUnavailable when the Hub cannot answer.
    """
    hub = get_quick_hub()
    groups = product_groups()
    if fresh:
        for group, _category in groups:
            if group.hub_reference:
                hub.forget_product_reference(group.hub_reference)
    try:
        rows = [row_for(hub, group, category) for group, category in groups]
        known = hub_references(hub)
    except HubError as exc:
        log.warning("hub mapping check failed: %s", exc)
        raise MappingUnavailable(hub_problem(exc)) from exc
    ours = {row.hub_reference for row in rows if row.hub_reference}
    hub_only = [HubOnly(ref.product_reference, ref.product_reference_name) for ref in known]
    hub_only = [entry for entry in hub_only if entry.reference not in ours]
    return Report(datetime.now(UTC).isoformat(timespec="seconds"), rows, hub_only)


def _key():
    return f"{REPORT_KEY}:{current_app.config['CCHUB_STOREFRONT_ID']}"


def cached():
    """The stored report, or None (none yet, expired, unreadable, or Redis not answering)."""
    try:
        raw = current_app.extensions["redis"].get(_key())
    except RedisError as exc:
        log.warning("hub mapping: Redis read failed (%s)", type(exc).__name__)
        return None
    if raw is None:
        return None
    try:
        return Report.from_json(raw)
    except (ValueError, KeyError, TypeError):
        return None


def store(report):
    try:
        current_app.extensions["redis"].set(_key(), report.to_json(), ex=REPORT_TTL)
    except RedisError as exc:
        log.warning("hub mapping: Redis write failed (%s)", type(exc).__name__)


def check_again():
    """Build the report from fresh Hub answers and keep it; MappingUnavailable keeps the previous one."""
    report = build(fresh=True)
    store(report)
    return report


def _catalog_shape(rows):
    return sorted((row.group_id, row.name, row.hub_reference, row.visible) for row in rows)


def _catalog_now():
    return sorted((group.id, group.name, group.hub_reference, group.visible) for group, _category in product_groups())


def current_report():
    """The stored report, else one built now and kept; MappingUnavailable when there is none and the Hub is down.

    A catalog changed since the report (a product added, relinked, renamed or hidden) rebuilds it, so the owner sees
    their own change at once; the Hub's answers then still come from the client's cache.
    """
    report = cached()
    if report is not None and _catalog_shape(report.rows) == _catalog_now():
        return report
    report = build()
    store(report)
    return report
