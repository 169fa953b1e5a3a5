"""How the embedded SQLite database is opened: write-ahead logging, so readers never wait for a writer, and a
busy timeout long enough for the web server's threads and the workers to take turns writing.

Without them a busy store (hundreds of orders, two workers, two web processes) answered some checkouts with
"database is locked" after SQLite's default 5 s wait. PostgreSQL connections are left alone.
"""

import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine

BUSY_TIMEOUT_MS = 30_000


def install():
    """Tune every SQLite connection opened from now on (once per process, whatever the number of apps)."""
    if not event.contains(Engine, "connect", tune_sqlite):
        event.listen(Engine, "connect", tune_sqlite)


def tune_sqlite(dbapi_connection, _record):
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")  # kept in the file; an in-memory database stays as it is
    finally:
        cursor.close()
