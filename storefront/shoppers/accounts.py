"""Customer accounts: every change to a customer goes through here (create one, make one an admin, record their Hub
user, end every session), and this is the only code that writes or reads password hashes.

Each change is an UPDATE in its own transaction, which moves the customers' revision (storefront/revisions.py): every
web process reads the row again on its next request. Callers get Customer values, read-only like `current_user`.
"""

from functools import cache

from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from .models import Customer, User


class EmailTaken(Exception):
    """Another account already uses this email address."""


def normalise_email(email):
    """The address as we store and compare it; anything but a string (a form's missing field) passes through."""
    return email.strip().lower() if isinstance(email, str) else email


def _row_by_email(email):
    return db.session.execute(
        db.select(User).where(func.lower(User.email) == normalise_email(email))
    ).scalar_one_or_none()


def find_by_email(email):
    """The customer with this email (case-insensitive), or None."""
    user = _row_by_email(email)
    return None if user is None else Customer.of(user)


def register_customer(email, name, password):
    """Create and return a customer; raises EmailTaken when the address is in use (also when a race loses)."""
    email = normalise_email(email)
    if _row_by_email(email) is not None:
        raise EmailTaken(email)
    user = User(email=email, name=name.strip(), password_hash=generate_password_hash(password))
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError as exc:
        db.session.rollback()
        raise EmailTaken(email) from exc
    return Customer.of(user)


@cache
def _decoy_hash():
    return generate_password_hash("not-a-real-password")


def authenticate(email, password):
    """The customer whose email and password match, or None (without saying which of the two was wrong)."""
    user = _row_by_email(email)
    if user is None:
        # Hash anyway so an unknown address takes as long as a wrong password: no account probing by timing.
        check_password_hash(_decoy_hash(), password)
        return None
    return Customer.of(user) if check_password_hash(user.password_hash, password) else None


def _change(user_id, **values):
    db.session.execute(update(User).where(User.id == user_id).values(**values))
    db.session.commit()


def set_admin(user_id, admin):
    """Give the customer the store owner's admin pages, or take them away (`flask make-admin`)."""
    _change(user_id, is_admin=bool(admin))


def record_storefront_user(user_id, storefront_user_id):
    """The Hub now has a (non-anonymous) storefront user for the customer (shoppers/identity.py)."""
    _change(user_id, storefront_user_id=storefront_user_id)


def end_sessions(user_id):
    """End every session and remember-me cookie of the customer, on every host: their fingerprint no longer matches
    (User.get_id)."""
    _change(user_id, session_version=User.session_version + 1)
