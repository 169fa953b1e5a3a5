"""HTTP to the Hub: the OAuth2 client-credentials token, timeouts, retries, error mapping and call logging."""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from urllib.parse import urlsplit

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from urllib3.exceptions import MaxRetryError, NewConnectionError

from .errors import HubAuthError, HubConflict, HubError, HubNotFound, HubUnavailable, error_from_response, json_or_empty
from .retry import RETRYABLE_STATUSES, Backoff, Repeat, parse_retry_after
from .settings import HubSettings

log = logging.getLogger("storefront.hub")

# Fetch a new access token this long before the old one runs out (at most half its lifetime).
TOKEN_REFRESH_MARGIN = 60.0
# Lifetime assumed when the token endpoint sends no expires_in.
DEFAULT_TOKEN_LIFETIME = 300.0
_TRANSIENT = (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError)


def _connect_failed(exc: Exception) -> bool:
    """True when the request never reached the Hub (so even a create may be sent again)."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    reason = exc.args[0] if exc.args else None
    if isinstance(reason, MaxRetryError):
        reason = reason.reason
    return isinstance(reason, NewConnectionError)


def _where(url: str) -> str:
    """host + path for logs: query strings (which may carry signed-URL tokens) are dropped."""
    parts = urlsplit(url)
    return parts.netloc + parts.path


class HubTransport:
    """One requests session (Authlib's OAuth2Session) per client, shared by threads; token refresh is locked."""

    def __init__(
        self,
        settings: HubSettings,
        *,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.settings = settings
        self.backoff = Backoff(
            settings.max_retries, settings.backoff_base, settings.backoff_max, sleep, rng or random.Random()
        )
        self._clock = clock
        self._lock = threading.Lock()
        self._refresh_at = 0.0
        # leeway=0 and no grant_type in the session metadata: Authlib must never re-fetch the token on its own
        # inside a request (that would happen without our lock); we re-fetch, locked, before it runs out.
        self.session = OAuth2Session(
            client_id=settings.client_id,
            client_secret=settings.client_secret,
            token_endpoint_auth_method="client_secret_post",  # noqa: S106 (a method name)
            scope=settings.scope,
            leeway=0,
            default_timeout=settings.timeout,
        )
        self.session.register_compliance_hook("access_token_response", self._check_token_response)

    # -- access token -------------------------------------------------------------------------------------------

    def _access_token(self) -> str | None:
        token = self.session.token
        return token.get("access_token") if token else None

    def ensure_token(self, operation: str, stale: str | None = None) -> None:
        """Fetch a token if there is none or it is about to expire, or replace `stale` (refused with 401)."""
        current = self._access_token()
        if stale is None and current and self._clock() < self._refresh_at:
            return
        with self._lock:
            current = self._access_token()
            if stale is not None and current and current != stale:
                return  # another thread already replaced the refused token
            if stale is None and current and self._clock() < self._refresh_at:
                return
            self._fetch_token(operation)

    def _fetch_token(self, operation: str) -> None:
        try:
            self._fetch_token_with_retries(operation)
        except HubError as err:
            log.warning("hub token request for %s failed: %s", operation, err)
            raise

    def _fetch_token_with_retries(self, operation: str) -> None:
        attempt = 0
        while True:
            started = time.monotonic()
            try:
                token = self.session.fetch_token(
                    self.settings.token_url, grant_type="client_credentials", timeout=self.settings.timeout
                )
            except HubError as err:  # raised by _check_token_response
                err.operation = operation
                if isinstance(err, HubUnavailable) and self._wait(operation, attempt, Repeat.SAFE, err):
                    attempt += 1
                    continue
                raise
            except _TRANSIENT as exc:
                log.info("hub token request for %s failed: %s", operation, type(exc).__name__)
                if self._wait(operation, attempt, Repeat.SAFE, None, connect_failed=_connect_failed(exc)):
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
            self._refresh_at = self._clock() + lifetime - min(TOKEN_REFRESH_MARGIN, lifetime / 2)
            log.info("hub token fetched for %s in %.0f ms (expires in %.0f s)", operation, _ms(started), lifetime)
            return

    def _check_token_response(self, resp: requests.Response) -> requests.Response:
        """Authlib compliance hook: turn a token endpoint refusal into our errors before Authlib parses it."""
        if resp.status_code == 200:
            return resp
        body = json_or_empty(resp)
        title = body.get("error") or resp.reason
        detail = body.get("error_description")
        if resp.status_code in RETRYABLE_STATUSES or resp.status_code >= 500:
            retry_after = parse_retry_after(resp.headers.get("Retry-After"))
            raise HubUnavailable(resp.status_code, title, self._redact(detail), "token", retry_after=retry_after)
        raise HubAuthError(resp.status_code, title, self._redact(detail), "token")

    # -- requests -----------------------------------------------------------------------------------------------

    def request(
        self,
        operation: str,
        method: str,
        url: str,
        *,
        repeat: Repeat = Repeat.SAFE,
        authenticated: bool = True,
        **kwargs,
    ) -> requests.Response:
        """Send with timeouts; retry transient failures per `repeat`; one token re-fetch on 401; map errors."""
        attempt = 0
        reauthenticated = False
        while True:
            if authenticated:
                self.ensure_token(operation)
            token_used = self._access_token() if authenticated else None
            started = time.monotonic()
            try:
                resp = self.session.request(
                    method, url, withhold_token=not authenticated, timeout=self.settings.timeout, **kwargs
                )
            except OAuthError:
                # Authlib found the token expired while signing: same remedy as a 401.
                resp = None
            except _TRANSIENT as exc:
                log.info(
                    "hub %s: %s %s failed after %.0f ms: %s",
                    operation,
                    method,
                    _where(url),
                    _ms(started),
                    type(exc).__name__,
                )
                if self._wait(operation, attempt, repeat, None, connect_failed=_connect_failed(exc)):
                    attempt += 1
                    continue
                raise HubUnavailable(None, type(exc).__name__, f"{method} {_where(url)}", operation) from None

            status = resp.status_code if resp is not None else 401
            if resp is not None:
                log.debug("hub %s: %s %s -> %s in %.0f ms", operation, method, _where(url), status, _ms(started))
                if 200 <= status < 300:
                    return resp
            if status == 401 and authenticated and not reauthenticated:
                # An expired or revoked token: fetch a new one once and send again (the Hub did nothing).
                reauthenticated = True
                _close(resp)
                self.ensure_token(operation, stale=token_used)
                continue
            err = self.error_from(operation, resp)
            _close(resp)
            if status in RETRYABLE_STATUSES and self._wait(operation, attempt, repeat, err):
                attempt += 1
                continue
            # A 404 is an everyday answer ("this product is not personalizable"); a 409 a business outcome.
            level = logging.DEBUG if isinstance(err, HubNotFound) else logging.INFO
            level = level if isinstance(err, HubNotFound | HubConflict) else logging.WARNING
            log.log(level, "hub %s: %s %s failed: %s", operation, method, _where(url), err)
            raise err

    def _wait(
        self, operation: str, attempt: int, repeat: Repeat, err: HubError | None, *, connect_failed: bool = False
    ) -> bool:
        """Sleep before retry number `attempt` when the policy allows one; False when the caller must give up."""
        status = err.status if err is not None else None
        if not self.backoff.should_retry(attempt, repeat, status=status, connect_failed=connect_failed):
            return False
        retry_after = err.retry_after if err is not None else None
        if retry_after is not None and retry_after > self.backoff.cap:
            # Longer than we may block a request or job: give up now; err.retry_after tells the caller when.
            return False
        delay = self.backoff.delay(attempt, retry_after)
        log.info("hub %s: retry %d/%d in %.2f s", operation, attempt + 1, self.backoff.max_retries, delay)
        self.backoff.sleep(delay)
        return True

    def json(self, operation: str, method: str, url: str, **kwargs):
        """request() and decode the JSON body."""
        resp = self.request(operation, method, url, **kwargs)
        try:
            return resp.json()
        except ValueError:
            raise HubError(resp.status_code, "response is not JSON", None, operation) from None

    def download(
        self,
        operation: str,
        url: str,
        fileobj,
        *,
        authenticated: bool,
        chunk_size: int,
        max_bytes: int | None = None,
        **kwargs,
    ) -> int:
        """Stream a GET body into `fileobj`; a body broken mid-way is fetched again when `fileobj` can rewind."""
        start = fileobj.tell() if getattr(fileobj, "seekable", lambda: False)() else None
        attempt = 0
        while True:
            resp = self.request(operation, "GET", url, authenticated=authenticated, stream=True, **kwargs)
            written = 0
            try:
                with resp:
                    for chunk in resp.iter_content(chunk_size=chunk_size):
                        written += len(chunk)
                        if max_bytes is not None and written > max_bytes:
                            raise HubError(resp.status_code, "file too large", f"over {max_bytes} bytes", operation)
                        fileobj.write(chunk)
                return written
            except _TRANSIENT as exc:
                log.info("hub %s: body broken after %d bytes: %s", operation, written, type(exc).__name__)
                if start is None or not self._wait(operation, attempt, Repeat.SAFE, None):
                    raise HubUnavailable(None, type(exc).__name__, "download interrupted", operation) from None
                fileobj.seek(start)
                fileobj.truncate()
                attempt += 1

    # -- errors -------------------------------------------------------------------------------------------------

    def error_from(self, operation: str, resp: requests.Response | None) -> HubError:
        return error_from_response(operation, resp, self._redact)

    def _redact(self, text):
        """Belt and braces: never let the client secret or our access token into an error text."""
        if not isinstance(text, str):
            return text
        for secret in (self.settings.client_secret, self._access_token()):
            if secret:
                text = text.replace(secret, "***")
        return text


def _close(resp: requests.Response | None) -> None:
    if resp is not None:
        resp.close()


def _ms(started: float) -> float:
    return (time.monotonic() - started) * 1000
