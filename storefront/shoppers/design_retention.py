"""Designs that do not expire under the shopper: a customer's designs kept at the Hub for good, the designs the
Hub's retention clean-up has removed found and marked, and how long a guest's designs are kept.

Asset Storage deletes private designs whose retention policy is `Default` once they have not been opened for the
tenant's retention period; the policy `Never` keeps one (*Retention policy*, Asset Storage API). A customer's
designs are set to `Never` by a job (`keep_designs`); a guest's stay temporary until they register.
"""

import logging
import time

from flask import current_app

from ..clock import utcnow
from ..extensions import db
from ..hub import HubError, HubNotFound, get_hub, get_quick_hub
from .identity import customer_storefront_user_id
from .models import HubMerge, SavedDesign, User

log = logging.getLogger(__name__)

# My designs reads the customer's storage a page at a time, up to this many designs.
LIST_PAGE, LIST_PAGES = 100, 10
# After the Hub could not tell the retention period, guests read "for a limited time" this long (seconds).
UNKNOWN_FOR = 300
UNKNOWN_UNTIL_KEY = "guest_retention_unknown_until"
# The Hub's answer (itself cached in Redis) is kept in each web process this long: the cart page asks on every view.
KNOWN_FOR = 60
KNOWN_KEY = "guest_retention_known"
# The job reads the designs to keep this many at a time (each is then kept or marked missing).
KEEP_BATCH = 200


def _merge_pending(user_id):
    """While a guest's Hub storage is not yet merged into the customer's, their designs are still the guest's."""
    return db.session.execute(db.select(HubMerge.id).filter_by(user_id=user_id, done=False)).first() is not None


def designs_to_keep(user_id):
    """The customer's saved designs the Hub has not yet been asked to keep for good (none while a merge waits)."""
    if _merge_pending(user_id):
        return []
    return (
        db.session.execute(
            db.select(SavedDesign)
            .filter_by(user_id=user_id, kept_at=None, missing_at=None)
            .order_by(SavedDesign.id)
            .limit(KEEP_BATCH)
        )
        .scalars()
        .all()
    )


def customers_with_designs_to_keep(limit=200):
    """Ids of customers with saved designs the Hub has not yet been asked to keep (for the reconciler)."""
    waiting_merge = db.select(HubMerge.user_id).filter_by(done=False)
    return (
        db.session.execute(
            db.select(SavedDesign.user_id)
            .where(SavedDesign.user_id.is_not(None), SavedDesign.kept_at.is_(None), SavedDesign.missing_at.is_(None))
            .where(SavedDesign.user_id.not_in(waiting_merge))
            .distinct()
            .limit(limit)
        )
        .scalars()
        .all()
    )


def keep_customer_designs(user_id):
    """Give each of the customer's new saved designs the `Never` retention policy at the Hub; a design the Hub no
    longer has is marked missing. Designs saved while it runs are kept too. Hub outages reach the caller (the job
    retries; what was done stays done)."""
    user = db.session.get(User, user_id)
    if user is None:
        return
    owner = customer_storefront_user_id(user)
    hub = get_hub()
    while designs := designs_to_keep(user_id):
        for design in designs:
            try:
                for design_id in design.design_ids or [design.state_id]:
                    hub.keep_private_design(design_id, owner)
            except HubNotFound:
                design.missing_at = utcnow()
                log.info("saved design %s: the Hub no longer has it", design.id)
            else:
                design.kept_at = utcnow()
            db.session.commit()


def missing_ids(owner_id, design_ids, hub=None):
    """The design ids the owner's storage no longer holds, asked one by one (a short timeout, no retries).
    Raises HubError when the Hub cannot say (the caller decides what an outage means)."""
    hub = hub or get_quick_hub()
    missing = set()
    for design_id in dict.fromkeys(design_ids):
        try:
            hub.get_private_design(design_id, owner_id)
        except HubNotFound:
            missing.add(design_id)
    return missing


def owner_storage(shopper):
    """The storefront user id whose storage holds the shopper's designs; None while a merge is still pending."""
    if shopper.user is not None and _merge_pending(shopper.user.id):
        return None
    return shopper.storefront_user_id


def _stored_ids(owner_id):
    """Every design id in the owner's storage, or None when there are more than we read or the Hub is down."""
    hub, found = get_quick_hub(), set()
    try:
        for page in range(LIST_PAGES):
            listed = hub.list_private_designs(owner_id, skip=page * LIST_PAGE, take=LIST_PAGE)
            found.update(design.id for design in listed.items)
            if len(listed.items) < LIST_PAGE or len(found) >= listed.total:
                return found
    except HubError as exc:
        log.warning("My designs: could not list the customer's designs at the Hub: %s", exc)
        return None
    return None


def mark_forgotten(user, designs):
    """Mark, with one list call, the saved designs whose private designs the Hub no longer has."""
    unchecked = [design for design in designs if design.missing_at is None]
    if not unchecked or _merge_pending(user.id):
        return
    stored = _stored_ids(customer_storefront_user_id(user))
    if stored is None:
        return
    for design in unchecked:
        if not set(design.design_ids or [design.state_id]) <= stored:
            design.missing_at = utcnow()
    db.session.commit()


def still_at_hub(shopper, design):
    """False when the Hub says the saved design is gone (marked so); True when it has it or cannot be asked."""
    if design.missing_at is not None:
        return False
    owner = owner_storage(shopper)
    if owner is None:
        return True
    try:
        gone = missing_ids(owner, design.design_ids or [design.state_id])
    except HubError as exc:
        log.warning("saved design %s: could not ask the Hub about it: %s", design.id, exc)
        return True
    if gone:
        design.missing_at = utcnow()
        db.session.commit()
    return not gone


def guest_retention_days():
    """Days a guest's designs are kept after they were last opened: GUEST_DESIGN_RETENTION_DAYS, else the Hub's
    tenant setting; 0 when the Hub keeps them for good, None when nobody can say just now."""
    configured = current_app.config.get("GUEST_DESIGN_RETENTION_DAYS")
    if configured not in (None, ""):
        return int(configured)
    extensions = current_app.extensions
    if extensions.get(UNKNOWN_UNTIL_KEY, 0) > time.monotonic():
        return None
    known = extensions.get(KNOWN_KEY)
    if known is not None and known[0] > time.monotonic():
        return known[1]
    try:
        retention = get_quick_hub().get_asset_retention()
    except HubError as exc:
        # Not asked again for a while: an app without read access to the tenant would be refused on every cart.
        extensions[UNKNOWN_UNTIL_KEY] = time.monotonic() + UNKNOWN_FOR
        log.info("could not read the Hub's retention period (set GUEST_DESIGN_RETENTION_DAYS): %s", exc)
        return None
    days = retention.period_days if retention.enabled else 0
    extensions[KNOWN_KEY] = (time.monotonic() + KNOWN_FOR, days)
    return days
