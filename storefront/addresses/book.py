"""A customer's address book, for the account pages and checkout alike: listing, adding, editing and removing
addresses, and the default. A book that holds any address has exactly one default; it holds at most MAX_ADDRESSES.

Every change takes the customer's book first (`_hold_book`), so two requests at once (two tabs, a double click)
cannot both pass the size check or both make a default. Each change commits unless told otherwise. `user` is a
customer (the signed-in one, `current_user`, is a detached copy: only its id is used to change the book).
"""

import sqlalchemy as sa
from sqlalchemy import func, select

from ..extensions import db
from ..routing import MAX_ID
from ..shoppers.identity import Shopper, customer_storefront_user_id, owned
from ..shoppers.models import User
from .models import FIELDS, SavedAddress

# Enough for home, work, family and a few clients; a stranger with an account cannot make the book (or its pages,
# or checkout's list) grow without end.
MAX_ADDRESSES = 20


class BookFull(Exception):
    """The book already holds MAX_ADDRESSES addresses; str() is the message for the customer."""

    def __init__(self):
        super().__init__(
            f"Your address book is full: it holds at most {MAX_ADDRESSES} addresses. "
            "Remove one you no longer use, then add this one again."
        )


def addresses_of(user):
    """The customer's addresses: the default first, then the newest."""
    query = (
        select(SavedAddress)
        .filter_by(user_id=user.id)
        .order_by(SavedAddress.is_default.desc(), SavedAddress.created_at.desc(), SavedAddress.id.desc())
    )
    return db.session.execute(query).scalars().all()


def address_of(user, address_id):
    """The customer's address with this id (an int, or the string a form posted), or None when there is none or it
    is someone else's (also for no user, a guest)."""
    if getattr(user, "id", None) is None:
        return None
    try:
        address_id = int(address_id)
    except (TypeError, ValueError):
        return None  # a hand-made form value
    if not 0 < address_id <= MAX_ID:
        return None
    return owned(SavedAddress, address_id, Shopper(customer_storefront_user_id(user), user=user))


def default_of(user):
    """The customer's default address, or None when the book is empty."""
    query = select(SavedAddress).filter_by(user_id=user.id, is_default=True).order_by(SavedAddress.id).limit(1)
    return db.session.execute(query).scalar_one_or_none()


def count_of(user):
    return _count(user.id)


def is_full(user):
    """True when the book takes no more addresses (add() would raise BookFull)."""
    return _count(user.id) >= MAX_ADDRESSES


def add(user, cleaned, make_default=False, commit=True):
    """Save a checked address (a dict of FIELDS, e.g. AddressForm.cleaned) into the customer's book and return it.

    The first address becomes the default; `make_default` makes this one the default instead of the current one.
    Raises BookFull, having changed nothing, when the book holds MAX_ADDRESSES already. With `commit=False` the
    caller's transaction (checkout) commits it.
    """
    _hold_book(user.id)
    count = _count(user.id)
    if count >= MAX_ADDRESSES:
        raise BookFull()
    default = make_default or count == 0
    if default:
        _clear_default(user.id)
    address = SavedAddress(user_id=user.id, is_default=default, **_fields(cleaned))
    db.session.add(address)
    _finish(commit)
    return address


def update(address, cleaned, make_default=False, commit=True):
    """Replace the address's fields with a checked address (a dict of FIELDS); `make_default` makes it the default,
    otherwise its default mark stays as it is (the default stays the default)."""
    _hold_book(address.user_id)
    for field, value in _fields(cleaned).items():
        setattr(address, field, value)
    if make_default:
        _become_default(address)
    _finish(commit)
    return address


def remove(address, commit=True):
    """Delete the address; when it was the default, the next one (the newest left) becomes the default."""
    user_id = address.user_id
    _hold_book(user_id)
    db.session.delete(address)
    db.session.flush()
    if _default_id(user_id) is None:
        _mark_newest_default(user_id)
    _finish(commit)


def make_default(address, commit=True):
    """Make this the customer's one default address."""
    _hold_book(address.user_id)
    _become_default(address)
    _finish(commit)
    return address


def _fields(cleaned):
    """The address's fields, every one a string ("" for an empty optional field); other keys are ignored."""
    return {field: (cleaned.get(field) or "") for field in FIELDS}


def _hold_book(user_id):
    """Hold the customer's book until the transaction ends, and re-read what it holds from here on.

    PostgreSQL locks the customer's row. SQLite has one writer at a time and its driver starts a transaction only at
    the first write, so a write that changes nothing takes the writer's lock (waiting for another writer's commit)
    before the book is read.
    """
    if db.session.get_bind().dialect.name == "sqlite":
        no_change = sa.update(SavedAddress).filter_by(user_id=user_id).values(user_id=user_id)
        db.session.execute(no_change.execution_options(synchronize_session=False))
    else:
        db.session.execute(select(User.id).filter_by(id=user_id).with_for_update())


def _count(user_id):
    return db.session.execute(select(func.count()).select_from(SavedAddress).filter_by(user_id=user_id)).scalar_one()


def _default_id(user_id):
    query = select(SavedAddress.id).filter_by(user_id=user_id, is_default=True).limit(1)
    return db.session.execute(query).scalar_one_or_none()


def _clear_default(user_id, keep=None):
    """No address of the customer is the default any more, except `keep`."""
    query = sa.update(SavedAddress).filter_by(user_id=user_id, is_default=True)
    if keep is not None:
        query = query.where(SavedAddress.id != keep)
    db.session.execute(query.values(is_default=False).execution_options(synchronize_session="fetch"))


def _become_default(address):
    _clear_default(address.user_id, keep=address.id)
    address.is_default = True


def _mark_newest_default(user_id):
    newest = db.session.execute(
        select(SavedAddress)
        .filter_by(user_id=user_id)
        .order_by(SavedAddress.created_at.desc(), SavedAddress.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    if newest is not None:
        newest.is_default = True


def _finish(commit):
    if commit:
        db.session.commit()
    else:
        db.session.flush()
