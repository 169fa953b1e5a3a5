"""Shared fixtures: the app on a migrated throwaway database, a flushed Redis db, the Hub sandbox, the print file
store (a folder, or a bucket on a moto server)."""

import os

import pytest
import redis
import sqlalchemy as sa
from flask_migrate import upgrade

from storefront import create_app
from storefront.catalog.demo import seed_demo
from storefront.extensions import db
from tests.fixtures.hosts import FreshContextClient, other_host, second_host  # noqa: F401 - fixtures
from tests.fixtures.settings import TEST_REDIS_URL, WEBHOOK_SECRET

pytest_plugins = [
    "tests.fixtures.sandbox",
    "tests.fixtures.checkout",
    "tests.fixtures.s3",
    "tests.fixtures.storage",
    "tests.fixtures.smtp",
]


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """PostgreSQL when TEST_DATABASE_URL is set, otherwise a SQLite file; migrated once per session."""
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        existing = sa.MetaData()
        existing.reflect(conn)
        existing.drop_all(conn)
    engine.dispose()
    instance = tmp_path_factory.mktemp("migrate-instance")
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "REDIS_URL": TEST_REDIS_URL, "INSTANCE_PATH": str(instance)}
    )
    with app.app_context():
        upgrade()
    return url


@pytest.fixture
def redis_conn():
    """A real Redis connection on the test db number, empty at the start of every test."""
    conn = redis.Redis.from_url(TEST_REDIS_URL)
    conn.flushdb()
    yield conn
    conn.flushdb()
    conn.close()


@pytest.fixture
def app_config(database_url, tmp_path):
    """Settings for the app under test, in place of the environment; tests may update it before asking for `app`."""
    return {
        "TESTING": True,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "SECRET_KEY": "test-secret-key",
        "HUB_WEBHOOK_SECRET": WEBHOOK_SECRET,
        # No Hub unless a suite asks for the sandbox: nothing answers on the discard port, whatever runs on 5100.
        "CCHUB_BASEURL": "http://127.0.0.1:9",
        "CCHUB_API_URL": "http://127.0.0.1:9",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "REDIS_URL": TEST_REDIS_URL,
        "RATELIMIT_STORAGE_URI": TEST_REDIS_URL,
        "ARTIFACTS_DIR": str(tmp_path / "artifacts"),
        "SERVER_NAME": None,
        # Every template the suite renders fails on a name or field nobody gave it (storefront/__init__.py).
        "STRICT_TEMPLATES": True,
    }


@pytest.fixture
def app(app_config, redis_conn, artifacts_store):
    """The store on the migrated test database and its print file store; every table is emptied after the test."""
    app = create_app(app_config)
    app.test_client_class = FreshContextClient
    with app.app_context():
        yield app
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def demo_catalog(app):
    """The demo catalog loaded into the database, with its shipping methods and tax rates."""
    seed_demo()
