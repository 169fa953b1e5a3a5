"""Work that must wait for the current transaction to commit (queueing an email, a Hub follow-up): registered with
the session, run once the session has committed, dropped when it rolls back, so no job ever looks for a row that
was never written. Callbacks get plain values (ids), never rows: the session is done by then."""

import logging

from sqlalchemy import event

from .extensions import db

log = logging.getLogger(__name__)
_KEY = "after_commit"


def after_commit(callback, *args):
    """Run `callback(*args)` once the current transaction of the app's session commits (not at all on rollback)."""
    db.session().info.setdefault(_KEY, []).append((callback, args))


def _run(session):
    for callback, args in session.info.pop(_KEY, ()):
        try:
            callback(*args)
        except Exception:  # the commit stands; what the callback queues is found again by the reconciler
            log.exception("after commit: %s%r failed", getattr(callback, "__name__", callback), args)


def _drop(session, *_args):
    session.info.pop(_KEY, None)


def init_app(app):
    """Hook every session of the app's SQLAlchemy (once per process: the session class is shared)."""
    session_class = db.session.session_factory.class_
    if not event.contains(session_class, "after_commit", _run):
        event.listen(session_class, "after_commit", _run)
        event.listen(session_class, "after_rollback", _drop)
