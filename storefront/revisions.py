"""Revision tokens of the areas web processes keep in memory (the catalog, the customers): one row per area holding
a random token, rewritten in the same transaction as any change to that area's tables, and read once per request.

A process rebuilds what it keeps of an area only when the area's token differs from the one it built at, so every
process sees a change on its next request, whichever process, worker or shell made it. Changes through the ORM are
seen (a flush, or an ORM UPDATE/DELETE statement); raw SQL that bypasses the models must call `bump` itself.
"""

import secrets
import threading
from collections import OrderedDict

from flask import g, has_app_context
from sqlalchemy import String, event, insert, update
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db
from .page_reads import read_connection

# {model class: area}: filled by the areas themselves (`watch`), read by the flush hook.
WATCHED = {}
_G_KEY = "revision_tokens"
_READ_TOKENS = "SELECT area, token FROM revisions"


class Revision(db.Model):
    """An area's current token; a missing row reads as None (the area was never changed since the table was made)."""

    __tablename__ = "revisions"

    area: Mapped[str] = mapped_column(String(40), primary_key=True)
    token: Mapped[str] = mapped_column(String(32))


def watch(area, *models):
    """Let a change to any of `models` give `area` a new token."""
    for model in models:
        WATCHED[model] = area


def new_token():
    return secrets.token_hex(16)


def tokens():
    """{area: token} as this request read them first: one small query per request."""
    if has_app_context() and _G_KEY in g:
        return g.get(_G_KEY)
    # Plain SQL: this runs on every page, and the ORM's own cost would be most of it.
    with read_connection() as connection:
        read = dict(connection.exec_driver_sql(_READ_TOKENS).all())
    if has_app_context():
        setattr(g, _G_KEY, read)
    return read


def token_of(area):
    return tokens().get(area)


class KeptAtRevision:
    """What a process keeps of an area (built rows, rendered pages), valid while the area's token stays the one it
    was made at; all dropped at once when the token changes.

    Bounded whatever visitors send: at most `max_kept` values and, with `size` (a value's size in bytes), at most
    `max_bytes` bytes; past either bound the least recently used values go first."""

    def __init__(self, area, max_kept, max_bytes=None, size=None):
        self.area = area
        self.max_kept = max_kept
        self.max_bytes = max_bytes
        self._size = size or (lambda _key, _value: 0)
        self._token = None
        self._values = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @property
    def kept_bytes(self):
        """The bytes the kept values hold, as `size` counts them."""
        return self._bytes

    def __len__(self):
        return len(self._values)

    def get_or_make(self, key, make):
        """The value kept for `key` at this request's token, else `make()`, kept unless the token moved meanwhile."""
        token = token_of(self.area)
        with self._lock:
            if token != self._token:
                self._token, self._values, self._bytes = token, OrderedDict(), 0
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key][0]
        value = make()
        size = self._size(key, value)
        with self._lock:
            if token == self._token and (self.max_bytes is None or size <= self.max_bytes):
                self._keep(key, value, size)
        return value

    def _keep(self, key, value, size):
        if key in self._values:
            self._bytes -= self._values.pop(key)[1]
        self._values[key] = (value, size)
        self._bytes += size
        while len(self._values) > self.max_kept or (self.max_bytes is not None and self._bytes > self.max_bytes):
            _key, (_value, dropped) = self._values.popitem(last=False)
            self._bytes -= dropped


def _forget_read_tokens():
    """A request that changes an area and then reads it again must see its own change."""
    if has_app_context():
        g.pop(_G_KEY, None)


def bump(session, area):
    """Give `area` a new token inside `session`'s transaction (for code that writes with raw SQL)."""
    token = new_token()
    if session.execute(update(Revision).where(Revision.area == area).values(token=token)).rowcount == 0:
        session.execute(insert(Revision).values(area=area, token=token))
    _forget_read_tokens()


def _areas_changed(session):
    changed = {WATCHED.get(type(row)) for row in (*session.new, *session.deleted)}
    changed |= {WATCHED.get(type(row)) for row in session.dirty if session.is_modified(row)}
    changed.discard(None)
    return changed


def _before_flush(session, _flush_context, _instances):
    for area in _areas_changed(session):
        row = session.get(Revision, area)
        if row is None:
            session.add(Revision(area=area, token=new_token()))
        else:
            row.token = new_token()
        _forget_read_tokens()


def _do_orm_execute(state):
    """An ORM UPDATE or DELETE statement (no flush) on a watched model changes its area too."""
    if not (state.is_update or state.is_delete or state.is_insert) or state.bind_mapper is None:
        return
    area = WATCHED.get(state.bind_mapper.class_)
    if area is not None:
        bump(state.session, area)


def init_app(app):
    """Hook every session of the app's SQLAlchemy (once per process: the session class is shared)."""
    session_class = db.session.session_factory.class_
    if not event.contains(session_class, "before_flush", _before_flush):
        event.listen(session_class, "before_flush", _before_flush)
        event.listen(session_class, "do_orm_execute", _do_orm_execute)
