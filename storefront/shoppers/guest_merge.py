"""The guest-to-customer hand-over on login: the guest's rows move to the customer, and the guest's Hub storefront
user is merged into the customer's (StorefrontUsers_MergeAnonymous), retried by a job until the Hub confirms it.
"""

import logging

from sqlalchemy import delete, update

from ..cart.capacity import max_lines
from ..cart.models import CartLine
from ..cart.services import fold_plain_lines
from ..extensions import db
from ..hub import HubError, HubNotFound, get_hub, get_quick_hub
from ..jobs.queueing import queue_keep_designs, queue_merge
from ..orders.models import Order
from .design_retention import designs_to_keep
from .identity import Shopper, customer_storefront_user_id, ensure_registered_at_hub, take_session_guest
from .models import HubMerge, SavedDesign, User

log = logging.getLogger(__name__)


def adopt_guest_after_login(user):
    """Give a just-logged-in customer the guest's cart lines, saved designs and orders (those of before its checkouts
    too); merge the guest at the Hub.

    Local data moves in one transaction and never depends on the Hub. The Hub merge is remembered in a HubMerge
    row and retried by a job when the Hub fails, so the login always succeeds. Safe to run twice. Returns how many
    cart lines did not fit into the customer's cart (CART_MAX_LINES); their designs are in My designs.
    """
    guest_id, was_registered, owner_ids = take_session_guest()
    left_out = _adopt(user, guest_id, was_registered, owner_ids) if owner_ids else 0
    keep_saved_designs(user)
    return left_out


def keep_saved_designs(user):
    """Queue the job that keeps the customer's designs for good, when some wait for it (none while a merge waits:
    the merge queues it once the designs are the customer's at the Hub)."""
    if designs_to_keep(user.id):
        queue_keep_designs(user.id)


def _adopt(user, guest_id, was_registered, owner_ids):
    # A cart line the Hub confirmed as the guest's stays verified: the merge moves the guest's storage into the
    # customer's, and no project is made before it is done (fulfillment/submission.py). Unverified lines are
    # checked against the customer at checkout, once the merge is done.
    for model in (CartLine, SavedDesign, Order):
        db.session.execute(
            update(model).where(model.anonymous_id.in_(owner_ids)).values(user_id=user.id, anonymous_id=None)
        )
    fold_plain_lines(user)
    left_out = _trim_cart(user)
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
        queue_merge(merge.id)
    return left_out


def _trim_cart(user):
    """Keep the merged cart within CART_MAX_LINES: the lines added last go (a design stays in My designs)."""
    lines = db.session.execute(db.select(CartLine.id).filter_by(user_id=user.id).order_by(CartLine.id)).scalars()
    extra = list(lines)[max_lines() :]
    if extra:
        db.session.execute(delete(CartLine).where(CartLine.id.in_(extra)))
    return len(extra)


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
    keep_saved_designs(user)
    return True


def pending_merge_ids(user_id=None):
    """Merges the Hub has not confirmed yet (all, for the reconciler; or one customer's)."""
    query = db.select(HubMerge.id).filter_by(done=False)
    if user_id is not None:
        query = query.filter_by(user_id=user_id)
    return db.session.execute(query).scalars().all()
