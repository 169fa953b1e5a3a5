"""Who the current storefront user is (anonymous or registered), which rows it owns, its Hub registration and token.

An anonymous shopper is a random id kept in the signed session; it is registered at the Hub the first time the
editor needs it. A customer's Hub id is derived from our user id and stored on the user row once registered.
"""

import logging
import uuid
from dataclasses import dataclass

from flask import session
from flask_login import current_user

from ..extensions import db
from ..hub import HubConflict, HubNotFound, HubUnavailable, get_hub
from . import accounts
from .models import Customer

log = logging.getLogger(__name__)

# The guest's Hub storefront user id; until the guest's first checkout it also owns their rows.
GUEST_ID_KEY = "guest_storefront_user"
GUEST_REGISTERED_KEY = "guest_registered_at_hub"
# After a checkout the guest's rows (cart, designs, that order) belong to a new owner id, so a copy of the session
# cookie taken before sees nothing the guest does afterwards; the earlier owner ids are remembered (newest last).
GUEST_OWNER_KEY = "guest_owner"
EARLIER_OWNERS_KEY = "earlier_guest_owners"
MAX_EARLIER_OWNERS = 10


@dataclass(frozen=True)
class Shopper:
    """The shopper behind the current request: a customer (user set) or a guest (anonymous_id set)."""

    storefront_user_id: str
    user: Customer | None = None
    anonymous_id: str | None = None

    @property
    def owner_filter(self):
        """Keyword filter selecting rows this shopper owns (cart lines, saved designs)."""
        return {"user_id": self.user.id} if self.user else {"anonymous_id": self.anonymous_id}

    def owns(self, row):
        """True when `row` (a cart line, saved design or order) belongs to this shopper: the one ownership rule."""
        return row is not None and all(getattr(row, name) == value for name, value in self.owner_filter.items())


def owned(model, row_id, shopper):
    """The shopper's own row of `model` with this id, else None (also for no shopper or no id)."""
    if shopper is None or row_id is None:
        return None
    row = db.session.get(model, row_id)
    return row if shopper.owns(row) else None


def customer_storefront_user_id(user):
    return user.storefront_user_id or f"customer-{user.id}"


def current_shopper(create=True):
    """The current shopper; a guest gets a random id in the session when `create` (else None without one)."""
    if current_user.is_authenticated:
        customer = Customer.of(current_user)
        return Shopper(customer_storefront_user_id(customer), user=customer)
    guest_id = session.get(GUEST_ID_KEY)
    if guest_id is None:
        if not create:
            return None
        guest_id = new_guest_id()
        session[GUEST_ID_KEY] = guest_id
    return Shopper(guest_id, anonymous_id=session.get(GUEST_OWNER_KEY) or guest_id)


def new_guest_id():
    return f"guest-{uuid.uuid4()}"


def hand_over_to_next_owner(owner_id):
    """After a guest's checkout: the session's rows belong to `owner_id` from now on (the order was given it), so a
    copy of the session cookie taken before never sees that order or anything after it. The guest stays the same
    Hub storefront user (their designs live in its storage); logging in adopts every earlier owner's rows."""
    current = session.get(GUEST_OWNER_KEY) or session.get(GUEST_ID_KEY)
    if current == owner_id:
        return  # the same checkout answered twice (a double click)
    if current:
        session[EARLIER_OWNERS_KEY] = [*session.get(EARLIER_OWNERS_KEY, ()), current][-MAX_EARLIER_OWNERS:]
    session[GUEST_OWNER_KEY] = owner_id


def session_owner_ids():
    """Every owner id of this session's guest rows: the earlier ones, then the current one."""
    current = session.get(GUEST_OWNER_KEY) or session.get(GUEST_ID_KEY)
    return [*session.get(EARLIER_OWNERS_KEY, ()), *([current] if current else [])]


def take_session_guest():
    """(guest storefront user id or None, registered at the Hub, owner ids of its rows), no longer the session's:
    a customer who just logged in takes them over."""
    owners = session_owner_ids()
    guest_id = session.get(GUEST_ID_KEY)
    registered = bool(session.get(GUEST_REGISTERED_KEY))
    for key in (GUEST_ID_KEY, GUEST_REGISTERED_KEY, GUEST_OWNER_KEY, EARLIER_OWNERS_KEY):
        session.pop(key, None)
    return guest_id, registered, owners


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
            accounts.record_storefront_user(shopper.user.id, storefront_user_id)
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
