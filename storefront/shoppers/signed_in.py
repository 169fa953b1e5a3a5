"""The signed-in customer behind a session, without a database read per request.

Each web process keeps the customer rows it has loaded (detached copies), valid while the customers' revision token
(storefront/revisions.py) is the one they were loaded at: any change to a customer row through the models (a new
password, an edit in a shell, a deleted account) gives the area a new token, and every process then reads its
customers again. The session's user id carries a fingerprint of the password hash (User.get_id), so a changed
password ends every session opened with the old one; logging out clears the session itself.
"""

import threading

from flask import current_app
from sqlalchemy import inspect
from sqlalchemy.orm import make_transient_to_detached

from .. import revisions
from ..extensions import db
from .models import User, password_fingerprint

AREA = "customers"
# Customers kept per process; past it the copies are dropped and read again as their owners come back.
MAX_KEPT = 10_000
_EXTENSION = "signed_in_customers"
revisions.watch(AREA, User)


def parse_session_id(value):
    """(user id, fingerprint) from what Flask-Login keeps in the session; (None, None) for anything else."""
    user_id, _, fingerprint = str(value).partition(".")
    if not user_id.isdigit() or not fingerprint:
        return None, None
    return int(user_id), fingerprint


def _detached_copy(user):
    copy = User(**{column.key: getattr(user, column.key) for column in inspect(User).column_attrs})
    make_transient_to_detached(copy)
    return copy


class KeptCustomers:
    """Detached copies of customer rows, all loaded at one customers' revision token."""

    def __init__(self):
        self._token = None
        self._rows = {}
        self._lock = threading.Lock()

    def get(self, user_id, token):
        with self._lock:
            if token != self._token:
                self._token, self._rows = token, {}
            return self._rows.get(user_id)

    def keep(self, user, token):
        with self._lock:
            if token != self._token or len(self._rows) >= MAX_KEPT:
                self._token, self._rows = token, {}
            self._rows[user.id] = _detached_copy(user)


def load_customer(session_id):
    """Flask-Login's user loader: the customer of this session id, or None (unknown id, changed password)."""
    user_id, fingerprint = parse_session_id(session_id)
    if user_id is None:
        return None
    kept = current_app.extensions[_EXTENSION]
    token = revisions.token(AREA)
    copy = kept.get(user_id, token)
    if copy is not None:
        # Into this request's session as a persistent row, without a query (the copy itself is never changed).
        user = db.session.merge(copy, load=False)
    else:
        user = db.session.get(User, user_id)
        if user is None:
            return None
        kept.keep(user, token)
    return user if password_fingerprint(user.password_hash) == fingerprint else None


def init_app(app):
    app.extensions[_EXTENSION] = KeptCustomers()
