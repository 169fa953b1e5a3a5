"""Redis caches for Hub lookups and storefront-user tokens; a Redis outage only costs a Hub round trip.

Each process also keeps what it read or wrote for a few seconds (NEAR_TTL): the product page asks for its product's
reference on every view, the personalize page for three lookups and a token, and a Redis round trip was most of
their cost. A delete drops this process's copy at once; the other processes' copies run out within NEAR_TTL.
"""

from __future__ import annotations

import functools
import json
import logging
import time
from collections.abc import Callable
from typing import Any

import jwt
import redis

from .errors import HubNotFound

log = logging.getLogger("storefront.hub")

PREFIX = "printshop:hub:"
# "Not linked to the Hub" is asked for every product on a catalog page; remember it briefly.
NOT_FOUND_TTL = 60
# Re-fetch a storefront-user token this long before its `exp`.
USER_TOKEN_MARGIN = 60
# Cache lifetime for a user token whose expiry we cannot read (not a JWT, or no `exp`).
USER_TOKEN_DEFAULT_TTL = 120
# After a Redis error, leave Redis alone this long: redis-py's own retries would add seconds to every Hub call.
REDIS_PAUSE = 30
NEAR_TTL = 10
# Entries kept per process; past it they are all dropped and read from Redis again.
NEAR_MAX = 4096


@functools.lru_cache(maxsize=1024)
def user_token_expiry(token: str) -> float | None:
    """The `exp` (epoch seconds) of a storefront-user JWT, None when it is not a JWT or has none.

    The signature is not checked (the Hub checks it; we only plan a renewal). Kept per token: the same cached token
    is read on every personalize page.
    """
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return None
    exp = claims.get("exp")
    return float(exp) if isinstance(exp, int | float) else None


def user_token_ttl(token: str, now: Callable[[], float] = time.time) -> int:
    """Seconds a storefront-user token may be served from cache.

    Half of what is left of its life (and never the last USER_TOKEN_MARGIN): an editor page that receives a cached
    token still has most of a session before it must fetch a new one.
    """
    exp = user_token_expiry(token)
    if exp is None:
        return USER_TOKEN_DEFAULT_TTL
    left = exp - now()
    return max(0, int(min(left / 2, left - USER_TOKEN_MARGIN)))


class HubCache:
    """JSON values under `printshop:hub:*` keys; with no Redis connection every lookup goes to the Hub."""

    def __init__(self, conn: redis.Redis | None = None, now: Callable[[], float] = time.time):
        self.conn = conn
        self.now = now
        self._paused_until = 0.0
        # {key: (expires at, the JSON text)}: parsed on every read, so no caller can change another's value.
        self._near: dict[str, tuple[float, str]] = {}

    @staticmethod
    def key(*parts: object) -> str:
        return PREFIX + ":".join(str(part) for part in parts)

    def fetch(self, key: str, ttl: int, operation: str, load: Callable[[], Any], keep_missing: bool = True) -> Any:
        """The cached wire value for `key`, else `load()` stored for `ttl` s; a HubNotFound is cached too (briefly),
        unless `keep_missing` is off."""
        hit = self._get(key)
        if hit is not None:
            missing = hit.get("missing")
            if missing is not None:
                raise HubNotFound(404, missing.get("title"), missing.get("detail"), operation)
            return hit.get("value")
        try:
            value = load()
        except HubNotFound as err:
            if keep_missing:
                self._set(key, {"missing": {"title": err.title, "detail": err.detail}}, min(ttl, NOT_FOUND_TTL))
            raise
        self._set(key, {"value": value}, ttl)
        return value

    def user_token(self, storefront_id: int, user_id: str, load: Callable[[], str], fresh: bool = False) -> str:
        """A storefront user's token, cached per (storefront, user) for half its life; `fresh` skips the cache."""
        key = self.key("user-token", storefront_id, user_id)
        hit = None if fresh else self._get(key)
        if hit is not None and hit.get("token"):
            return hit["token"]
        token = load()
        ttl = user_token_ttl(token, self.now)
        if ttl > 0:
            self._set(key, {"token": token}, ttl)
        return token

    def delete(self, *keys: str) -> None:
        for key in keys:
            self._near.pop(key, None)
        if keys and self._usable():
            try:
                self.conn.delete(*keys)
            except redis.RedisError as exc:
                self._pause("delete", exc)

    def _usable(self) -> bool:
        return self.conn is not None and self.now() >= self._paused_until

    def _pause(self, what: str, exc: Exception) -> None:
        self._paused_until = self.now() + REDIS_PAUSE
        log.warning("hub cache: %s failed (%s); Redis skipped for %d s", what, type(exc).__name__, REDIS_PAUSE)

    def _keep_near(self, key: str, raw: str | bytes, ttl: float) -> None:
        if len(self._near) >= NEAR_MAX:
            self._near = {}
        self._near[key] = (self.now() + min(ttl, NEAR_TTL), raw)

    def _get(self, key: str) -> dict | None:
        if not self._usable():
            return None
        near = self._near.get(key)
        if near is not None and near[0] > self.now():
            raw = near[1]
        else:
            try:
                raw = self.conn.get(key)
            except redis.RedisError as exc:
                self._pause("read", exc)
                return None
            if raw is None:
                return None
            self._keep_near(key, raw, NEAR_TTL)
        try:
            value = json.loads(raw)
        except ValueError:
            return None
        return value if isinstance(value, dict) else None

    def _set(self, key: str, value: dict, ttl: int) -> None:
        if ttl <= 0 or not self._usable():
            return
        raw = json.dumps(value, separators=(",", ":"))
        try:
            self.conn.set(key, raw, ex=int(ttl))
            self._keep_near(key, raw, ttl)
        except redis.RedisError as exc:
            self._pause("write", exc)
