"""OAuth2 client credentials (`POST /connect/token`), the bearer check on the APIs, storefront-user JWTs."""

import hmac
import math
import secrets
import time

import jwt
from flask import Blueprint, Response, current_app, request

from . import store
from .responses import ok
from .stats import operation

bp = Blueprint("auth", __name__)

# What a token grants when the client asks for no scope (the Hub then gives the app's maximum).
DEFAULT_SCOPE = "Storefront_full Projects_full Artifacts_full Tenants_read Private_assets_full"
OAUTH_HEADERS = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def _oauth_error(error: str, status: int, description: str, basic=False) -> Response:
    headers = dict(OAUTH_HEADERS)
    if basic:
        headers["WWW-Authenticate"] = 'Basic realm="sandbox"'
    return ok({"error": error, "error_description": description}, status, headers)


def _client_credentials() -> tuple[str | None, str | None, bool]:
    """client_id/secret from HTTP Basic auth if present, else from the form."""
    basic = request.authorization
    if basic is not None and basic.type == "basic":
        return basic.username, basic.password, True
    return request.form.get("client_id"), request.form.get("client_secret"), False


@bp.post("/connect/token")
@operation("Token")
def token():
    """Issue an opaque access token; 400 for a missing/unsupported grant, 401 invalid_client for bad credentials."""
    grant_type = request.form.get("grant_type")
    if not grant_type:
        return _oauth_error("invalid_request", 400, "grant_type is required.")
    client_id, client_secret, basic = _client_credentials()
    config = current_app.config
    known = hmac.compare_digest((client_id or "").encode(), config["SANDBOX_CLIENT_ID"].encode())
    secret_ok = hmac.compare_digest((client_secret or "").encode(), config["SANDBOX_CLIENT_SECRET"].encode())
    if not (known and secret_ok):
        return _oauth_error("invalid_client", 401, "Unknown client or wrong secret.", basic)
    if grant_type != "client_credentials":
        return _oauth_error("unsupported_grant_type", 400, "Only client_credentials is supported.")

    ttl = current_app.extensions["sandbox"].settings["token_ttl"]
    scope = request.form.get("scope") or DEFAULT_SCOPE
    access_token = secrets.token_urlsafe(32)
    now = time.time()
    conn = store.get_db()
    with store.write(conn):
        conn.execute("DELETE FROM access_tokens WHERE expires_at < ?", (now - 3600,))
        conn.execute(
            "INSERT INTO access_tokens (token, client_id, scope, expires_at) VALUES (?, ?, ?, ?)",
            (access_token, client_id, scope, now + ttl),
        )
    body = {"access_token": access_token, "expires_in": max(1, math.ceil(ttl)), "token_type": "Bearer", "scope": scope}
    return ok(body, headers=OAUTH_HEADERS)


def bearer_token() -> str | None:
    """The token of an `Authorization: Bearer …` header, if any."""
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return value.strip() or None


def access_token_valid(token: str | None) -> bool:
    if not token:
        return False
    row = store.get_db().execute("SELECT expires_at FROM access_tokens WHERE token = ?", (token,)).fetchone()
    return row is not None and row["expires_at"] > time.time()


def unauthorized() -> Response:
    return Response(status=401, headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})


def issue_user_token(user_id: str) -> str:
    """A signed HS256 JWT for a storefront user (what the editor sends back to us as its bearer token)."""
    config = current_app.config
    now = int(time.time())
    ttl = current_app.extensions["sandbox"].settings["user_token_ttl"]
    claims = {
        "sub": user_id,
        "storefrontId": config["SANDBOX_STOREFRONT_ID"],
        "tenantId": config["SANDBOX_TENANT_ID"],
        "iat": now,
        "exp": now + max(1, math.ceil(ttl)),
        "jti": secrets.token_hex(8),
    }
    return jwt.encode(claims, config["SANDBOX_SIGNING_KEY"], algorithm="HS256")


def verify_user_token(token: str | None) -> str | None:
    """The user id of a valid, unexpired storefront-user JWT for this storefront, or None."""
    if not token:
        return None
    config = current_app.config
    try:
        claims = jwt.decode(
            token, config["SANDBOX_SIGNING_KEY"], algorithms=["HS256"], options={"require": ["sub", "exp"]}
        )
    except jwt.InvalidTokenError:
        return None
    if claims.get("storefrontId") != config["SANDBOX_STOREFRONT_ID"]:
        return None
    row = store.get_db().execute("SELECT 1 FROM users WHERE user_id = ?", (claims["sub"],)).fetchone()
    return claims["sub"] if row else None
