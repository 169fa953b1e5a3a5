"""The signed-in customer behind a session, without a database read per request.

Each web process keeps the customers it has loaded (read-only Customer copies), valid while the customers' revision
token (storefront/revisions.py) is the one they were loaded at: any change to a customer row through the models (a
new password, an edit in a shell, a deleted account) gives the area a new token, and every process then reads its
customers again. The session's user id carries a fingerprint of the password hash and the customer's session
version (User.get_id), so a changed password, or a log-out (which raises the version), ends every session and
remember-me cookie opened before it, on every host.
"""

from flask import current_app

from .. import revisions
from ..extensions import db
from ..routing import MAX_ID
from .models import Customer, User, session_fingerprint

AREA = "customers"
# Customers kept per process; past it the copies are dropped and read again as their owners come back.
MAX_KEPT = 10_000
_EXTENSION = "signed_in_customers"
revisions.watch(AREA, User)


def parse_session_id(value):
    """(user id, fingerprint) from what Flask-Login keeps in the session; (None, None) for anything else."""
    user_id, _, fingerprint = str(value).partition(".")
    if not user_id.isdigit() or not fingerprint or int(user_id) > MAX_ID:
        return None, None
    return int(user_id), fingerprint


def _customer(user_id):
    """The customer's row as a read-only Customer (None when there is no such row)."""
    user = db.session.get(User, user_id)
    return None if user is None else Customer.of(user)


def load_customer(session_id):
    """Flask-Login's user loader: the customer of this session id, or None (unknown id, changed password).

    The process's kept copy itself, in no database session: a signed-in page needs none. It is shared by the
    process's requests, so it is read-only (Customer): a change to a customer goes through shoppers/accounts.py, an
    UPDATE that gives the area a new token and every process a new copy.
    """
    user_id, fingerprint = parse_session_id(session_id)
    if user_id is None:
        return None
    copy = current_app.extensions[_EXTENSION].get_or_make(user_id, lambda: _customer(user_id))
    if copy is None:
        return None
    return copy if session_fingerprint(copy) == fingerprint else None


def init_app(app):
    app.extensions[_EXTENSION] = revisions.KeptAtRevision(AREA, MAX_KEPT)
