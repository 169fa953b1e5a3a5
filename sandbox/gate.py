"""The gate in front of the Hub APIs: count the call, add latency, inject faults, check tenant and bearer token."""

import time

from flask import current_app, request

from .auth import access_token_valid, bearer_token, unauthorized
from .responses import problem
from .stats import current_operation

EDITOR_API = "/api/sandbox-editor/"
TOKEN_PATH = "/connect/token"
NO_AUTH_PATHS = {TOKEN_PATH, "/api/storefront/v1/info"}


def is_hub_call(path: str) -> bool:
    """The Hub's own surface: the token endpoint and /api/... except the stand-in editor's API."""
    return path == TOKEN_PATH or (path.startswith("/api/") and not path.startswith(EDITOR_API))


def before_request():
    """Runs before every view; returns a response to stop the request, None to let it through."""
    path = request.path
    sandbox = current_app.extensions["sandbox"]
    if path.startswith(EDITOR_API):
        if request.method != "OPTIONS":
            sandbox.stats.count_call(current_operation())
        return None
    if not is_hub_call(path):
        return None

    op = current_operation()
    sandbox.stats.count_call(op)
    latency = sandbox.faults.latency_seconds()
    if latency:
        time.sleep(latency)
    status = sandbox.faults.injected_status(request.method)
    if status is not None:
        sandbox.stats.count_injected(op)
        response = problem(
            status, "Injected by the sandbox's fault settings (/sandbox/faults).", title="Injected fault"
        )
        if status == 429:
            response.headers["Retry-After"] = "1"
        return response

    if path in NO_AUTH_PATHS:
        return None
    if not access_token_valid(bearer_token()):
        return unauthorized()
    tenant = request.args.get("tenantId")
    if tenant not in (None, "") and tenant != str(current_app.config["SANDBOX_TENANT_ID"]):
        return problem(403, f"Tenant {tenant} is not accessible with this token.")
    return None
