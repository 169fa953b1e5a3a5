"""SQLite state: schema, per-request connections, write transactions, the signing key and the reset."""

import secrets
import shutil
import sqlite3
from contextlib import contextmanager
from pathlib import Path

from flask import current_app, g

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS access_tokens (
    token TEXT PRIMARY KEY, client_id TEXT NOT NULL, scope TEXT, expires_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS users (
    user_id TEXT PRIMARY KEY, storefront_id INTEGER NOT NULL, is_anonymous INTEGER NOT NULL,
    merged_into TEXT, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS designs (
    id TEXT PRIMARY KEY, owner_id TEXT NOT NULL, product_reference TEXT NOT NULL, sku TEXT,
    content TEXT NOT NULL, created REAL NOT NULL,
    retention_policy TEXT NOT NULL DEFAULT 'Default', last_access REAL);
CREATE INDEX IF NOT EXISTS designs_owner ON designs (owner_id);
CREATE TABLE IF NOT EXISTS projects (
    id INTEGER PRIMARY KEY AUTOINCREMENT, storefront_id INTEGER NOT NULL, owner_id TEXT NOT NULL,
    product_reference TEXT, order_id TEXT, status INTEGER NOT NULL, data TEXT NOT NULL,
    created REAL NOT NULL, last_modified REAL NOT NULL,
    processing_status TEXT NOT NULL, status_description TEXT, phase_started REAL NOT NULL,
    fail_planned INTEGER NOT NULL DEFAULT 0, run INTEGER NOT NULL DEFAULT 1,
    anonymous_access INTEGER NOT NULL DEFAULT 0, outputs TEXT);
CREATE INDEX IF NOT EXISTS projects_order ON projects (order_id);
CREATE INDEX IF NOT EXISTS projects_processing ON projects (processing_status);
CREATE TABLE IF NOT EXISTS project_items (
    id INTEGER PRIMARY KEY AUTOINCREMENT, project_id INTEGER NOT NULL, position INTEGER NOT NULL,
    data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS project_items_project ON project_items (project_id);
CREATE TABLE IF NOT EXISTS artifacts (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT, grp TEXT, alias TEXT, type TEXT NOT NULL,
    format TEXT, anonymous_access INTEGER NOT NULL, owner_id TEXT, custom_fields TEXT, size INTEGER NOT NULL,
    path TEXT NOT NULL, last_modified REAL NOT NULL);
CREATE INDEX IF NOT EXISTS artifacts_group ON artifacts (grp);
"""

# Columns added after a table first shipped: a sandbox database kept from before gets them at start-up.
ADDED_COLUMNS = (
    ("designs", "retention_policy", "TEXT NOT NULL DEFAULT 'Default'"),
    ("designs", "last_access", "REAL"),
)

# Tables /sandbox/reset empties. Access tokens and the signing key stay: they are credentials, not test data.
RESET_TABLES = ("users", "designs", "projects", "project_items", "artifacts")


def connect(path) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), WAL journal, 10 s busy timeout."""
    conn = sqlite3.connect(path, timeout=10, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA busy_timeout = 10000")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


@contextmanager
def write(conn):
    """A write transaction taken with BEGIN IMMEDIATE, so concurrent writers queue instead of deadlocking."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def get_db() -> sqlite3.Connection:
    """The current request's connection, opened on first use."""
    if "sandbox_db" not in g:
        g.sandbox_db = connect(current_app.config["SANDBOX_DB"])
    return g.sandbox_db


def close_db(_exc=None):
    conn = g.pop("sandbox_db", None)
    if conn is not None:
        conn.close()


def init_app(app):
    """Create the database and files directory, apply the schema, settle the JWT signing key."""
    Path(app.config["SANDBOX_DB"]).parent.mkdir(parents=True, exist_ok=True)
    Path(app.config["SANDBOX_FILES_DIR"]).mkdir(parents=True, exist_ok=True)
    conn = connect(app.config["SANDBOX_DB"])
    try:
        conn.executescript(SCHEMA)
        _add_missing_columns(conn)
        if not app.config.get("SANDBOX_SIGNING_KEY"):
            with write(conn):
                row = conn.execute("SELECT value FROM meta WHERE key = 'signing_key'").fetchone()
                if row is None:
                    key = secrets.token_urlsafe(48)
                    conn.execute("INSERT INTO meta (key, value) VALUES ('signing_key', ?)", (key,))
                else:
                    key = row["value"]
            app.config["SANDBOX_SIGNING_KEY"] = key
    finally:
        conn.close()
    app.teardown_appcontext(close_db)


def _add_missing_columns(conn):
    for table, column, declaration in ADDED_COLUMNS:
        present = {row["name"] for row in conn.execute(f"PRAGMA table_info({table})")}  # noqa: S608 - constants
        if column not in present:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")  # noqa: S608 - constants


def reset(conn, files_dir):
    """Wipe users, designs, projects and artifacts (rows and files); the demo products live in the catalog."""
    with write(conn):
        for table in RESET_TABLES:
            conn.execute(f"DELETE FROM {table}")  # noqa: S608 - table names are constants
    for child in Path(files_dir).iterdir():
        if child.is_dir():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)
