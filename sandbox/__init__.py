"""The Hub sandbox: a small Flask app standing in for Customer's Canvas Hub (`python -m sandbox`)."""

import os
from dataclasses import dataclass, field

from flask import Flask, request
from werkzeug.exceptions import HTTPException

from . import (
    artifacts,
    auth,
    config,
    control,
    editor,
    editor_assets,
    private_designs,
    products,
    project_statuses,
    projects,
    retention,
    store,
    storefront_users,
    tenant,
)
from . import catalog as catalog_module
from .faults import Faults
from .gate import before_request, is_hub_call
from .pipeline import KeyedLocks
from .responses import ApiError, problem
from .stats import Stats


@dataclass
class Sandbox:
    """Everything the sandbox keeps in memory next to its database (app.extensions["sandbox"])."""

    catalog: catalog_module.Catalog
    settings: config.RuntimeSettings
    faults: Faults
    stats: Stats = field(default_factory=Stats)
    locks: KeyedLocks = field(default_factory=KeyedLocks)
    pipeline_thread: object = None
    pipeline_stop: object = None


def create_app(overrides: dict | None = None) -> Flask:
    """Build the app; `overrides` take SANDBOX_* keys (see sandbox.config.DEFAULTS) over the environment."""
    app = Flask(__name__)
    app.config.from_mapping(config.from_env(os.environ))
    app.config.update(overrides or {})
    app.json.sort_keys = False

    store.init_app(app)
    app.extensions["sandbox"] = Sandbox(
        catalog=catalog_module.load(app.config["SANDBOX_CATALOG"]),
        settings=config.RuntimeSettings(app.config),
        faults=Faults(app.config),
    )
    register_blueprints(app)
    app.before_request(before_request)
    register_errorhandlers(app)
    return app


BLUEPRINT_MODULES = (
    auth,
    storefront_users,
    products,
    tenant,
    projects,
    project_statuses,
    artifacts,
    private_designs,
    retention,
    editor,
    editor_assets,
    control,
)


def register_blueprints(app):
    for module in BLUEPRINT_MODULES:
        app.register_blueprint(module.bp)


def register_errorhandlers(app):
    app.register_error_handler(ApiError, lambda error: error.response)

    @app.errorhandler(HTTPException)
    def http_error(error):
        """ProblemDetails for the API paths (404 for unknown routes, 405, ...); Werkzeug's page elsewhere."""
        if is_hub_call(request.path) or request.path.startswith("/api/"):
            return problem(error.code, error.description)
        return error
