"""The signed-in customer behind a session, without a database read per request.

Each web process keeps the customer rows it has loaded (detached copies), valid while the customers' revision token
(storefront/revisions.py) is the one they were loaded at: any change to a customer row through the models (a new
password, an edit in a shell, a deleted account) gives the area a new token, and every process then reads its
customers again. The session's user id carries a fingerprint of the password hash and the customer's session
version (User.get_id), so a changed password, or a log-out (which raises the version), ends every session and
remember-me cookie opened before it, on every host.
"""

from flask import current_app
from sqlalchemy import inspect
from sqlalchemy.orm import make_transient_to_detached

from .. import revisions
from ..extensions import db
from ..routing import MAX_ID
from .models import User, session_fingerprint

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


def _detached_copy(user_id):
    """A copy of the customer's row that belongs to no session (None when there is no such row)."""
    user = db.session.get(User, user_id)
    if user is None:
        return None
    copy = User(**{column.key: getattr(user, column.key) for column in inspect(User).column_attrs})
    make_transient_to_detached(copy)
    return copy


def load_customer(session_id):
    """Flask-Login's user loader: the customer of this session id, or None (unknown id, changed password).

    The process's kept copy itself, in no database session: a signed-in page needs none, and every column is loaded.
    It is shared by the process's requests, so nothing may change it; a change to a customer is written with an
    UPDATE (shoppers/identity.py), which gives the area a new token and every process a new copy.
    """
    user_id, fingerprint = parse_session_id(session_id)
    if user_id is None:
        return None
    copy = current_app.extensions[_EXTENSION].get_or_make(user_id, lambda: _detached_copy(user_id))
    if copy is None:
        return None
    return copy if session_fingerprint(copy) == fingerprint else None


def init_app(app):
    app.extensions[_EXTENSION] = revisions.KeptAtRevision(AREA, MAX_KEPT)
