"""The connection for the small reads every page makes (revision tokens, the cart's rows), without the ORM session.

Starting the request's SQLAlchemy session costs a page more than such a read itself. A session that has a
transaction open may hold a change of its own not yet committed, which the read must see: then its connection is
used. Otherwise one pooled connection serves the request's reads, each ended at once (no transaction stays open
between them), and goes back to the pool when the app context ends.
"""

from contextlib import contextmanager

from flask import g

from .extensions import db

_G_KEY = "page_read_connection"


@contextmanager
def read_connection():
    if db.session.registry.has() and db.session().in_transaction():
        yield db.session.connection()
        return
    connection = g.get(_G_KEY)
    if connection is None:
        connection = db.engine.connect()
        setattr(g, _G_KEY, connection)
    try:
        yield connection
    finally:
        connection.rollback()


def _give_back(_exc=None):
    connection = g.pop(_G_KEY, None)
    if connection is not None:
        connection.close()


def init_app(app):
    app.teardown_appcontext(_give_back)
