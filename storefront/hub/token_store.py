"""The Hub access token shared through Redis: every web and worker process reads one token, and a new one is
fetched by one process at a time, under a Redis lock.

A forking worker starts a new process per job; without this each job would ask the token endpoint for a token of
its own. The key names the token endpoint and client id (never the secret); it expires with the token.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import redis

log = logging.getLogger("storefront.hub")

PREFIX = "printshop:hub-token:"
# Longer than a token request may take with its retries; a holder that died frees the lock after this.
LOCK_SECONDS = 60
# How long a process waits for another's token request before it asks the endpoint itself.
LOCK_WAIT_SECONDS = 30


@dataclass(frozen=True)
class SharedToken:
    """An access token as Authlib holds it, and the wall-clock moment (epoch s) it should be replaced."""

    token: dict
    refresh_at: float

    @property
    def access_token(self) -> str | None:
        return self.token.get("access_token")


class SharedTokenStore:
    """Reads and writes the shared token; any Redis error makes it answer "nothing shared" (the caller then asks
    the token endpoint itself, as a single process would)."""

    def __init__(self, conn: redis.Redis, token_url: str, client_id: str, now: Callable[[], float] = time.time):
        self.conn = conn
        self.now = now
        digest = hashlib.sha256(f"{token_url}\n{client_id}".encode()).hexdigest()[:24]
        self.key = PREFIX + digest
        self.lock_key = self.key + ":lock"

    def read(self) -> SharedToken | None:
        """The shared token while it is fresh, else None."""
        try:
            raw = self.conn.get(self.key)
        except redis.RedisError as exc:
            log.warning("shared hub token: read failed (%s)", type(exc).__name__)
            return None
        if raw is None:
            return None
        try:
            value = json.loads(raw)
            shared = SharedToken(dict(value["token"]), float(value["refresh_at"]))
        except (ValueError, KeyError, TypeError):
            return None
        if not shared.access_token or shared.refresh_at <= self.now():
            return None
        return shared

    def write(self, token: dict, refresh_at: float, expires_at: float) -> None:
        """Share `token` until `expires_at`; others replace it from `refresh_at` on."""
        ttl = int(expires_at - self.now())
        if ttl <= 0:
            return
        value = json.dumps({"token": token, "refresh_at": refresh_at}, separators=(",", ":"))
        try:
            self.conn.set(self.key, value, ex=ttl)
        except redis.RedisError as exc:
            log.warning("shared hub token: write failed (%s)", type(exc).__name__)

    def discard(self, access_token: str) -> None:
        """Forget the shared token if it is `access_token` (the Hub refused it)."""
        shared = self.read()
        if shared is not None and shared.access_token == access_token:
            try:
                self.conn.delete(self.key)
            except redis.RedisError as exc:
                log.warning("shared hub token: delete failed (%s)", type(exc).__name__)

    @contextmanager
    def refreshing(self) -> Iterator[bool]:
        """Hold the refresh lock while the block runs; yields False when the lock could not be had (Redis down, or
        another process held it for LOCK_WAIT_SECONDS), and the block then runs anyway."""
        lock = self.conn.lock(self.lock_key, timeout=LOCK_SECONDS, blocking_timeout=LOCK_WAIT_SECONDS)
        try:
            acquired = lock.acquire()
        except redis.RedisError as exc:
            log.warning("shared hub token: lock failed (%s)", type(exc).__name__)
            acquired = False
        try:
            yield acquired
        finally:
            if acquired:
                try:
                    lock.release()
                except (redis.RedisError, redis.exceptions.LockError) as exc:
                    log.warning("shared hub token: unlock failed (%s)", type(exc).__name__)
