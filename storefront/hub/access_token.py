"""The Hub's OAuth2 client-credentials access token: fetched with retries, replaced before it runs out or once
the Hub refuses it, and shared with the other processes through Redis when a SharedTokenStore is given."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.requests_client import OAuth2Session

from .errors import HubAuthError, HubError, HubUnavailable, json_or_empty
from .retry import RETRYABLE_STATUSES, TRANSIENT, Repeat, connect_failed, parse_retry_after
from .settings import HubSettings
from .token_store import SharedTokenStore

log = logging.getLogger("storefront.hub")

# Fetch a new access token this long before the old one runs out (at most half its lifetime).
TOKEN_REFRESH_MARGIN = 60.0
# Lifetime assumed when the token endpoint sends no expires_in.
DEFAULT_TOKEN_LIFETIME = 300.0


def refresh_after(lifetime: float) -> float:
    """Seconds after its fetch that a token with this lifetime is replaced."""
    return lifetime - min(TOKEN_REFRESH_MARGIN, lifetime / 2)


class AccessToken:
    """The token of one OAuth2Session; `ensure()` is thread-safe and the only place a token is fetched.

    `wait(operation, attempt, repeat, err, connect_failed=)` is the transport's retry pause (False: give up);
    `redact(text)` removes secrets from error texts.
    """

    def __init__(
        self,
        session: OAuth2Session,
        settings: HubSettings,
        *,
        wait: Callable[..., bool],
        redact: Callable[[str | None], str | None],
        clock: Callable[[], float] = time.monotonic,
        tokens: SharedTokenStore | None = None,
    ):
        self.session, self.settings = session, settings
        self.wait, self.redact = wait, redact
        self.tokens = tokens
        self._clock = clock
        self._lock = threading.Lock()
        self._refresh_at = 0.0
        session.register_compliance_hook("access_token_response", self._check_response)

    def current(self) -> str | None:
        token = self.session.token
        return token.get("access_token") if token else None

    def ensure(self, operation: str, stale: str | None = None) -> None:
        """Get a token if there is none or it is about to expire, or replace `stale` (refused with 401).

        A token another process shared through Redis is taken before asking the token endpoint; only the holder
        of the shared refresh lock asks it, so N processes that need a token at once make one request.
        """
        if self._usable(stale):
            return
        with self._lock:
            current = self.current()
            if stale is not None and current and current != stale:
                return  # another thread already replaced the refused token
            if self._usable(stale):
                return
            if self.tokens is None:
                self._fetch(operation)
                return
            if stale is not None:
                self.tokens.discard(stale)
            if self._adopt_shared(stale):
                return
            with self.tokens.refreshing():
                if self._adopt_shared(stale):
                    return  # another process fetched one while this one waited for the lock
                lifetime = self._fetch(operation)
                now = time.time()
                self.tokens.write(dict(self.session.token), now + refresh_after(lifetime), now + lifetime)

    def _usable(self, stale: str | None) -> bool:
        return stale is None and bool(self.current()) and self._clock() < self._refresh_at

    def _adopt_shared(self, stale: str | None) -> bool:
        shared = self.tokens.read()
        if shared is None or shared.access_token == stale:
            return False
        self.session.token = shared.token
        self._refresh_at = self._clock() + (shared.refresh_at - time.time())
        return True

    def _fetch(self, operation: str) -> float:
        """Ask the token endpoint; returns the new token's lifetime in seconds."""
        try:
            return self._fetch_with_retries(operation)
        except HubError as err:
            log.warning("hub token request for %s failed: %s", operation, err)
            raise

    def _fetch_with_retries(self, operation: str) -> float:
        attempt = 0
        while True:
            started = time.monotonic()
            try:
                token = self.session.fetch_token(
                    self.settings.token_url, grant_type="client_credentials", timeout=self.settings.timeout
                )
            except HubError as err:  # raised by _check_response
                err.operation = operation
                if isinstance(err, HubUnavailable) and self.wait(operation, attempt, Repeat.SAFE, err):
                    attempt += 1
                    continue
                raise
            except TRANSIENT as exc:
                log.info("hub token request for %s failed: %s", operation, type(exc).__name__)
                if self.wait(operation, attempt, Repeat.SAFE, None, connect_failed=connect_failed(exc)):
                    attempt += 1
                    continue
                raise HubUnavailable(None, type(exc).__name__, "token endpoint unreachable", operation) from None
            except OAuthError as exc:
                raise HubAuthError(None, "token refused", exc.error, operation) from None
            except (ValueError, KeyError):
                raise HubError(200, "unreadable token response", None, operation) from None
            if not token.get("access_token"):
                raise HubAuthError(200, "token response without access_token", None, operation)
            lifetime = float(token.get("expires_in") or DEFAULT_TOKEN_LIFETIME)
            self._refresh_at = self._clock() + refresh_after(lifetime)
            elapsed_ms = (time.monotonic() - started) * 1000
            log.info("hub token fetched for %s in %.0f ms (expires in %.0f s)", operation, elapsed_ms, lifetime)
            return lifetime

    def _check_response(self, resp: requests.Response) -> requests.Response:
        """Authlib compliance hook: turn a token endpoint refusal into our errors before Authlib parses it."""
        if resp.status_code == 200:
            return resp
        body = json_or_empty(resp)
        title = body.get("error") or resp.reason
        detail = body.get("error_description")
        if resp.status_code in RETRYABLE_STATUSES or resp.status_code >= 500:
            retry_after = parse_retry_after(resp.headers.get("Retry-After"))
            raise HubUnavailable(resp.status_code, title, self.redact(detail), "token", retry_after=retry_after)
        raise HubAuthError(resp.status_code, title, self.redact(detail), "token")
