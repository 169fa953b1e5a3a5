"""HTTP to the Hub: timeouts, retries, error mapping and call logging (the access token: access_token.py)."""

from __future__ import annotations

import logging
import random
import socket
import time
from collections.abc import Callable
from urllib.parse import urljoin

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.requests_client import OAuth2Session

from .access_token import AccessToken
from .download_hosts import DownloadHosts, origin
from .errors import DownloadRefused, HubConflict, HubError, HubNotFound, HubUnavailable, error_from_response, where
from .pinned_adapter import download_session
from .retry import RETRYABLE_STATUSES, TRANSIENT, Backoff, Repeat, connect_failed
from .settings import HubSettings
from .token_store import SharedTokenStore

log = logging.getLogger("storefront.hub")

# Redirects a download may take; each one is checked like the first URL.
MAX_REDIRECTS = 5


class HubTransport:
    """One requests session (Authlib's OAuth2Session) per client, shared by threads; token refresh is locked.

    With a SharedTokenStore the token is shared with every other process through Redis (see token_store.py).
    """

    def __init__(
        self,
        settings: HubSettings,
        *,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
        clock: Callable[[], float] = time.monotonic,
        tokens: SharedTokenStore | None = None,
        resolve: Callable = socket.getaddrinfo,
    ):
        self.settings = settings
        self.backoff = Backoff(
            settings.max_retries, settings.backoff_base, settings.backoff_max, sleep, rng or random.Random()
        )
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
        self.token = AccessToken(
            self.session, settings, wait=self._wait, redact=self._redact, clock=clock, tokens=tokens
        )
        # Print files come through a session of their own, whose connections the download rule checks.
        self.download_hosts = DownloadHosts.from_settings(settings, resolve)
        self.downloads = download_session(self.download_hosts)

    # -- access token -------------------------------------------------------------------------------------------

    def _access_token(self) -> str | None:
        return self.token.current()

    def ensure_token(self, operation: str, stale: str | None = None) -> None:
        self.token.ensure(operation, stale)

    # -- requests -----------------------------------------------------------------------------------------------

    def request(
        self,
        operation: str,
        method: str,
        url: str,
        *,
        repeat: Repeat = Repeat.SAFE,
        authenticated: bool = True,
        download: bool = False,
        **kwargs,
    ) -> requests.Response:
        """Send with timeouts; retry transient failures per `repeat`; one token re-fetch on 401; map errors.

        A `download` hop goes through the checked session and a redirect is returned, for the caller to check.
        """
        attempt = 0
        reauthenticated = False
        while True:
            if authenticated:
                self.ensure_token(operation)
            token_used = self._access_token() if authenticated else None
            started = time.monotonic()
            try:
                resp = self._send(method, url, authenticated, download, **kwargs)
            except OAuthError:
                # Authlib found the token expired while signing: same remedy as a 401.
                resp = None
            except TRANSIENT as exc:
                log.info(
                    "hub %s: %s %s failed after %.0f ms: %s",
                    operation,
                    method,
                    where(url),
                    _ms(started),
                    type(exc).__name__,
                )
                if self._wait(operation, attempt, repeat, None, connect_failed=connect_failed(exc)):
                    attempt += 1
                    continue
                raise HubUnavailable(None, type(exc).__name__, f"{method} {where(url)}", operation) from None

            status = resp.status_code if resp is not None else 401
            if resp is not None:
                log.debug("hub %s: %s %s -> %s in %.0f ms", operation, method, where(url), status, _ms(started))
                if 200 <= status < 300 or (download and resp.is_redirect):
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
            log.log(level, "hub %s: %s %s failed: %s", operation, method, where(url), err)
            raise err

    def _send(self, method: str, url: str, authenticated: bool, download: bool, **kwargs) -> requests.Response:
        if not download:
            withhold = not authenticated
            return self.session.request(method, url, withhold_token=withhold, timeout=self.settings.timeout, **kwargs)
        auth = self.session.token_auth if authenticated else None
        return self.downloads.request(
            method, url, auth=auth, allow_redirects=False, timeout=self.settings.timeout, **kwargs
        )

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
        """Stream a GET body into `fileobj`; a body broken mid-way is fetched again when `fileobj` can rewind.

        Only from where the download rule allows (download_hosts.py): DownloadRefused otherwise, before any byte
        is sent there.
        """
        start = fileobj.tell() if getattr(fileobj, "seekable", lambda: False)() else None
        attempt = 0
        while True:
            resp = self._open(operation, url, authenticated, **kwargs)
            written = 0
            try:
                with resp:
                    for chunk in resp.iter_content(chunk_size=chunk_size):
                        written += len(chunk)
                        if max_bytes is not None and written > max_bytes:
                            raise HubError(resp.status_code, "file too large", f"over {max_bytes} bytes", operation)
                        fileobj.write(chunk)
                return written
            except TRANSIENT as exc:
                log.info("hub %s: body broken after %d bytes: %s", operation, written, type(exc).__name__)
                if start is None or not self._wait(operation, attempt, Repeat.SAFE, None):
                    raise HubUnavailable(None, type(exc).__name__, "download interrupted", operation) from None
                fileobj.seek(start)
                fileobj.truncate()
                attempt += 1

    def _open(self, operation: str, url: str, authenticated: bool, **kwargs) -> requests.Response:
        """GET a file, following redirects by hand: every hop is checked first, and our token is sent to the first
        URL's host only (as requests itself drops it on a redirect to another host)."""
        for _hop in range(MAX_REDIRECTS + 1):
            try:
                self.download_hosts.check_url(url, token=authenticated)
                resp = self.request(
                    operation, "GET", url, authenticated=authenticated, download=True, stream=True, **kwargs
                )
            except DownloadRefused as refused:
                log.warning("hub %s: GET %s refused: %s", operation, where(url), refused.reason)
                raise refused.at(url, operation) from None
            if not resp.is_redirect:
                return resp
            resp.close()
            target = urljoin(url, resp.headers["Location"])
            authenticated = authenticated and origin(target) == origin(url)
            url, kwargs = target, {}  # our query (tenantId) belongs to the first URL only
        log.warning("hub %s: GET %s refused: too many redirects", operation, where(url))
        raise DownloadRefused(None, f"more than {MAX_REDIRECTS} redirects", url=url, operation=operation)

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
