"""The embedded SQLite database takes turns instead of failing: WAL, and a long busy timeout."""

import pytest

from storefront import create_app
from storefront.extensions import db
from storefront.sqlite_tuning import BUSY_TIMEOUT_MS


@pytest.fixture
def sqlite_app(tmp_path, redis_conn):
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'store.db'}",
            "ARTIFACTS_DIR": str(tmp_path / "artifacts"),
        }
    )
    with app.app_context():
        yield app
        db.engine.dispose()


def test_every_sqlite_connection_waits_for_a_writer_and_lets_readers_read(sqlite_app):
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_MS
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_a_long_read_does_not_stop_a_write_from_committing(sqlite_app):
    """An open read (an admin page listing orders) must not hold up a checkout's commit."""
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE notes (body TEXT)")
        conn.exec_driver_sql("INSERT INTO notes VALUES ('kept')")
    with db.engine.connect() as reader, db.engine.connect() as writer:
        reader.exec_driver_sql("BEGIN")
        assert reader.exec_driver_sql("SELECT body FROM notes").scalars().all() == ["kept"]
        writer.exec_driver_sql("BEGIN IMMEDIATE")
        writer.exec_driver_sql("UPDATE notes SET body = 'changed'")
        writer.exec_driver_sql("COMMIT")  # a rollback journal would wait for the reader here, then fail
        assert reader.exec_driver_sql("SELECT body FROM notes").scalars().all() == ["kept"]
        reader.exec_driver_sql("COMMIT")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT body FROM notes").scalars().all() == ["changed"]
