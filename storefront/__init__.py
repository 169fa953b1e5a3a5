"""The app factory: configuration, extensions, blueprints, error pages and CLI commands."""

import logging
import sys
import tempfile
from pathlib import Path

import redis
from flask import Flask
from jinja2 import StrictUndefined
from redis.backoff import NoBackoff
from redis.retry import Retry
from werkzeug.middleware.proxy_fix import ProxyFix

from config import SettingsError, load_settings

from . import (
    after_commit,
    commands,
    errors,
    page_reads,
    rate_limits,
    rendered_pages,
    request_limits,
    revisions,
    security_headers,
    sqlite_tuning,
)
from .account.views import bp as account_bp
from .addresses.countries import country_name
from .addresses.formatting import address_lines
from .addresses.views import bp as addresses_bp
from .admin.catalog_views import bp as admin_catalog_bp
from .admin.mapping_views import bp as admin_mapping_bp
from .admin.shipping_views import bp as admin_shipping_bp
from .admin.views import bp as admin_bp
from .cart.views import bp as cart_bp
from .catalog import read_model
from .catalog.media import bp as media_bp
from .catalog.media import image_url
from .catalog.queries import nav_categories
from .catalog.views import bp as catalog_bp
from .checkout.views import bp as checkout_bp
from .editor.views import bp as editor_bp
from .extensions import csrf, db, login_manager, migrate
from .mail import delivery
from .money import format_money
from .orders.views import bp as orders_bp
from .routing import BoundedIntConverter
from .shoppers import signed_in
from .storage import FileStoreError, init_store
from .webhooks.views import bp as webhooks_bp

ROOT = Path(__file__).resolve().parent.parent
BLUEPRINTS = (
    catalog_bp,
    editor_bp,
    cart_bp,
    account_bp,
    checkout_bp,
    addresses_bp,
    orders_bp,
    webhooks_bp,
    admin_bp,
    admin_catalog_bp,
    media_bp,
    admin_mapping_bp,
    admin_shipping_bp,
)


class StartupError(SettingsError):
    """A setting keeps the store from starting (found while building the app, e.g. the bucket check); the message
    is one line that names it and what is wrong."""


def create_app(test_config=None):
    """Build the Flask app from the environment and `.env`.

    A `test_config` replaces the environment: the app then has the embedded defaults and the test's own keys only,
    and its instance folder is the test's INSTANCE_PATH (a fresh temporary folder when it names none), so a test
    never reads the developer's `.env` nor writes into the checkout.

    Raises StartupError when the print file store is not usable (ARTIFACTS_STORE names a bucket that is missing,
    or that the endpoint or the credentials do not give us).
    """
    if test_config is None:
        settings = load_settings()
    else:
        instance = test_config.get("INSTANCE_PATH") or tempfile.mkdtemp(prefix="printshop-instance-")
        settings = load_settings(environ={}, instance_dir=instance)
        settings.update(test_config)
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=settings["INSTANCE_PATH"],
    )
    app.config.update(settings)
    # A database server may drop idle connections (a restart, a failover): ping before use. A SQLite file never
    # does, and there the ping would be one more statement on every page.
    server_database = not str(app.config["SQLALCHEMY_DATABASE_URI"]).startswith("sqlite")
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"pool_pre_ping": server_database})
    if app.config.get("TRUSTED_PROXIES"):
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    # Ids beyond a 32-bit integer can never be ours: answer 404, not a database overflow error.
    app.url_map.converters["int"] = BoundedIntConverter
    configure_logging(app)
    register_extensions(app)
    register_file_store(app)
    register_blueprints(app)
    register_errorhandlers(app)
    security_headers.init_app(app)
    register_template_helpers(app)
    register_commands(app)
    return app


# gunicorn's "the app failed to load": its master stops instead of starting worker after worker that fail alike.
APP_LOAD_ERROR = 4


def start_app():
    """create_app() for a real start (web server, worker, CLI): settings that cannot run the store end the process
    with one line naming the setting, not a traceback."""
    try:
        return create_app()
    except SettingsError as err:  # StartupError included
        print(f"Printshop will not start: {err}", file=sys.stderr, flush=True)
        raise SystemExit(APP_LOAD_ERROR) from None


def configure_logging(app):
    if not app.debug and not app.testing:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def register_extensions(app):
    sqlite_tuning.install()
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    request_limits.init_app(app)  # its hook goes before CSRFProtect's, which reads the form
    login_manager.init_app(app)
    login_manager.login_view = "account.login"
    login_manager.login_message = "Please log in to see that page."
    login_manager.login_message_category = "info"
    rate_limits.init_app(app)
    delivery.init_app(app)
    # Fail fast when Redis is down (redis-py would otherwise retry with backoff): checkout must not hang.
    app.extensions["redis"] = redis.Redis.from_url(
        app.config["REDIS_URL"], socket_connect_timeout=2, socket_timeout=5, retry=Retry(NoBackoff(), 1)
    )

    login_manager.user_loader(signed_in.load_customer)
    revisions.init_app(app)
    after_commit.init_app(app)
    page_reads.init_app(app)
    read_model.init_app(app)
    rendered_pages.init_app(app)
    signed_in.init_app(app)


def register_file_store(app):
    """The print file store, checked now: a bucket that is missing or out of reach stops the start, not an order."""
    try:
        init_store(app)
    except FileStoreError as exc:
        raise StartupError(str(exc)) from None


def register_blueprints(app):
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)


def register_errorhandlers(app):
    errors.register(app)


def register_template_helpers(app):
    app.add_template_filter(format_money, "money")
    app.add_template_filter(address_lines, "address_lines")
    app.add_template_filter(country_name, "country_name")

    # Globals, not a context processor: kept pages (rendered_pages.py) are rendered without context processors.
    app.add_template_global(image_url, "product_image_url")
    app.add_template_global(nav_categories, "nav_categories")
    app.add_template_global(app.config["STORE_NAME"], "store_name")
    if app.config.get("STRICT_TEMPLATES"):
        # The tests' safety net: a template that reads a name or a field it was not given fails, not renders empty.
        app.jinja_env.undefined = StrictUndefined


def register_commands(app):
    commands.register_commands(app)
