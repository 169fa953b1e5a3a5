"""Customer accounts: create one, check a password, end every session; the only code that writes or reads password
hashes."""

from functools import cache

from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from .models import User


class EmailTaken(Exception):
    """Another account already uses this email address."""


def normalise_email(email):
    """The address as we store and compare it; anything but a string (a form's missing field) passes through."""
    return email.strip().lower() if isinstance(email, str) else email


def find_by_email(email):
    """The customer with this email (case-insensitive), or None."""
    return db.session.execute(
        db.select(User).where(func.lower(User.email) == normalise_email(email))
    ).scalar_one_or_none()


def register_customer(email, name, password):
    """Create and return a customer; raises EmailTaken when the address is in use (also when a race loses)."""
    email = normalise_email(email)
    if find_by_email(email) is not None:
        raise EmailTaken(email)
    user = User(email=email, name=name.strip(), password_hash=generate_password_hash(password))
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError as exc:
        db.session.rollback()
        raise EmailTaken(email) from exc
    return user


@cache
def _decoy_hash():
    return generate_password_hash("not-a-real-password")


def authenticate(email, password):
    """The customer whose email and password match, or None (without saying which of the two was wrong)."""
    user = find_by_email(email)
    if user is None:
        # Hash anyway so an unknown address takes as long as a wrong password: no account probing by timing.
        check_password_hash(_decoy_hash(), password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


def end_sessions(user_id):
    """End every session and remember-me cookie of the customer, on every host: their fingerprint no longer matches
    (User.get_id). An UPDATE, so the customers' revision moves and each process reads the row again."""
    db.session.execute(update(User).where(User.id == user_id).values(session_version=User.session_version + 1))
    db.session.commit()
