"""Who the current storefront user is (anonymous or registered), its Hub registration, token, and the merge on login.

An anonymous shopper is a random id kept in the signed session; it is registered at the Hub the first time the
editor needs it. A customer's Hub id is derived from our user id and stored on the user row once registered.
"""

import logging
import uuid
from dataclasses import dataclass

from flask import session
from flask_login import current_user
from rq import Retry
from sqlalchemy import update

from .extensions import db
from .hub import HubConflict, HubError, HubNotFound, HubUnavailable, get_hub, get_quick_hub
from .models import CartLine, HubMerge, Order, SavedDesign, User
from .queue import enqueue_safely, in_app_context

log = logging.getLogger(__name__)

GUEST_ID_KEY = "guest_storefront_user"
GUEST_REGISTERED_KEY = "guest_registered_at_hub"
MERGE_RETRY = Retry(max=8, interval=[10, 30, 60, 300, 900, 1800, 3600, 3600])


@dataclass(frozen=True)
class Shopper:
    """The shopper behind the current request: a customer (user set) or a guest (anonymous_id set)."""

    storefront_user_id: str
    user: User | None = None
    anonymous_id: str | None = None

    @property
    def owner_filter(self):
        """Keyword filter selecting rows this shopper owns (cart lines, saved designs)."""
        return {"user_id": self.user.id} if self.user else {"anonymous_id": self.anonymous_id}


def customer_storefront_user_id(user):
    return user.storefront_user_id or f"customer-{user.id}"


def current_shopper(create=True):
    """The current shopper; a guest gets a random id in the session when `create` (else None without one)."""
    if current_user.is_authenticated:
        user = current_user._get_current_object()
        return Shopper(customer_storefront_user_id(user), user=user)
    guest_id = session.get(GUEST_ID_KEY)
    if guest_id is None:
        if not create:
            return None
        guest_id = f"guest-{uuid.uuid4()}"
        session[GUEST_ID_KEY] = guest_id
    return Shopper(guest_id, anonymous_id=guest_id)


def _create_at_hub(storefront_user_id, is_anonymous, hub=None):
    """Create the storefront user; an existing one (409) is as good as a new one.

    Because a 409 counts as success, one more try after a 5xx is safe even if the first try did create the user.
    """
    hub = hub or get_hub()
    for attempt in (1, 2):
        try:
            hub.create_storefront_user(storefront_user_id, is_anonymous=is_anonymous)
            return
        except HubConflict:
            return
        except HubUnavailable:
            if attempt == 2:
                raise


def ensure_registered_at_hub(shopper, hub=None):
    """Make sure the Hub knows this shopper, registering it once. Raises HubError when the Hub cannot be reached."""
    if shopper.user is not None:
        if shopper.user.storefront_user_id is None:
            storefront_user_id = customer_storefront_user_id(shopper.user)
            _create_at_hub(storefront_user_id, is_anonymous=False, hub=hub)
            shopper.user.storefront_user_id = storefront_user_id
            db.session.commit()
        return
    if not session.get(GUEST_REGISTERED_KEY):
        _create_at_hub(shopper.storefront_user_id, is_anonymous=True)
        session[GUEST_REGISTERED_KEY] = True


def editor_identity(shopper, fresh=False):
    """(storefront user id, token) for the editor, registering the shopper at the Hub if needed.

    `fresh` asks the Hub for a new token instead of a cached one (an editor page renewing its session).
    """
    ensure_registered_at_hub(shopper)
    hub = get_hub()
    try:
        token = hub.get_storefront_user_token(shopper.storefront_user_id, fresh=fresh)
    except HubNotFound:
        # We thought the Hub knew this shopper but it does not (its data was reset): register again, once.
        log.warning("storefront user unknown at the Hub, registering it again")
        _create_at_hub(shopper.storefront_user_id, is_anonymous=shopper.user is None)
        token = hub.get_storefront_user_token(shopper.storefront_user_id, fresh=fresh)
    return shopper.storefront_user_id, token


def adopt_guest_after_login(user):
    """Give a just-logged-in customer the guest's cart lines, saved designs and orders; merge the guest at the Hub.

    Local data moves in one transaction and never depends on the Hub. The Hub merge is remembered in a HubMerge
    row and retried by a job when the Hub fails, so the login always succeeds. Safe to run twice.
    """
    guest_id = session.pop(GUEST_ID_KEY, None)
    was_registered = session.pop(GUEST_REGISTERED_KEY, False)
    if not guest_id:
        return
    for model in (CartLine, SavedDesign, Order):
        db.session.execute(
            update(model).where(model.anonymous_id == guest_id).values(user_id=user.id, anonymous_id=None)
        )
    fold_plain_lines(user)
    merge = None
    if was_registered:
        merge = db.session.execute(
            db.select(HubMerge).filter_by(anonymous_storefront_user_id=guest_id)
        ).scalar_one_or_none()
        if merge is None:
            merge = HubMerge(user_id=user.id, anonymous_storefront_user_id=guest_id)
            db.session.add(merge)
    db.session.commit()
    log.info("moved guest work to customer %s", user.id)
    # The customer is waiting on the login: one quick try, then the job takes over.
    if merge is not None and not merge.done and not merge_at_hub(merge.id, hub=get_quick_hub()):
        enqueue_safely(retry_hub_merge, merge.id, job_id=f"hub-merge-{merge.id}", retry=MERGE_RETRY)


def fold_plain_lines(user):
    """One cart line per plain product: the guest's and the customer's quantities add up (capped)."""
    from .carts import MAX_QUANTITY

    kept = {}
    lines = db.session.execute(db.select(CartLine).filter_by(user_id=user.id, key=None).order_by(CartLine.id)).scalars()
    for line in lines:
        first = kept.setdefault(line.variant_id, line)
        if first is not line:
            first.quantity = min(MAX_QUANTITY, first.quantity + line.quantity)
            db.session.delete(line)


def merge_at_hub(merge_id, hub=None):
    """Try the Hub merge once; True when it is done (now or before)."""
    merge = db.session.get(HubMerge, merge_id)
    if merge is None or merge.done:
        return True
    user = db.session.get(User, merge.user_id)
    hub = hub or get_hub()
    try:
        ensure_registered_at_hub(Shopper(customer_storefront_user_id(user), user=user), hub)
        hub.merge_anonymous_user(merge.anonymous_storefront_user_id, user.storefront_user_id)
    except HubNotFound:
        # The guest is already gone at the Hub: an earlier merge whose answer was lost.
        log.info("hub merge %s: guest no longer at the Hub, treating as merged", merge_id)
    except HubError as exc:
        merge.attempts += 1
        merge.last_error = str(exc)[:500]
        db.session.commit()
        log.warning("hub merge %s failed (attempt %s): %s", merge_id, merge.attempts, exc)
        return False
    merge.done = True
    merge.attempts += 1
    merge.last_error = None
    db.session.commit()
    return True


class HubMergePending(Exception):
    """Raised by the retry job so RQ schedules another attempt."""


@in_app_context
def retry_hub_merge(merge_id):
    """RQ job: retry a guest-to-customer merge at the Hub until it succeeds."""
    if not merge_at_hub(merge_id):
        raise HubMergePending(f"hub merge {merge_id} not done yet")


def pending_merge_ids(user_id=None):
    """Merges the Hub has not confirmed yet (all, for the reconciler; or one customer's)."""
    query = db.select(HubMerge.id).filter_by(done=False)
    if user_id is not None:
        query = query.filter_by(user_id=user_id)
    return db.session.execute(query).scalars().all()
