"""Typed errors raised by the Hub client, and the mapping of a refused response to them (nothing secret kept)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

import requests

from .projects import ProjectTransition
from .retry import RETRYABLE_STATUSES, parse_retry_after
from .wire import from_wire


def where(url: str) -> str:
    """host[:port]/path of a URL, for logs and messages: never its query (a signed URL carries a token there) nor a
    login before the host."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    host = f"[{host}]" if ":" in host else host
    try:
        port = parts.port
    except ValueError:
        port = None
    return f"{host}:{port}{parts.path}" if port else f"{host}{parts.path}"


class HubError(Exception):
    """A Hub call failed: `status` is the HTTP status (None when no response), `operation` the client method."""

    def __init__(
        self,
        status: int | None = None,
        title: str | None = None,
        detail: str | None = None,
        operation: str | None = None,
        *,
        retry_after: float | None = None,
    ):
        self.status = status
        self.title = title
        self.detail = detail
        self.operation = operation
        self.retry_after = retry_after
        super().__init__(str(self))

    def __str__(self) -> str:
        head = self.operation or "hub call"
        status = f"HTTP {self.status}" if self.status is not None else "no response"
        text = f"{head} failed: {status}"
        if self.title:
            text += f" {self.title}"
        if self.detail and self.detail != self.title:
            text += f": {self.detail}"
        return text

    def __reduce__(self):
        # Keep every attribute through pickling (RQ and multiprocessing pickle exceptions).
        return (_restore, (type(self), dict(self.__dict__)))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status={self.status!r}, operation={self.operation!r}, title={self.title!r})"


def _restore(cls, state):
    err = cls.__new__(cls)
    err.__dict__.update(state)
    Exception.__init__(err, str(err))
    return err


class HubUnavailable(HubError):
    """The Hub could not be reached or kept failing (connection error, timeout, 5xx, 429 after retries)."""


class HubNotFound(HubError):
    """The Hub answered 404 for the entity asked for."""


class HubConflict(HubError):
    """The Hub answered 409; `conflict_type` and, for status transitions, `available_transitions` when sent."""

    def __init__(self, *args, conflict_type: str | None = None, available_transitions: tuple = (), **kwargs):
        self.conflict_type = conflict_type
        self.available_transitions = tuple(available_transitions)
        super().__init__(*args, **kwargs)


class DownloadRefused(HubError):
    """A download URL, or a redirect, breaks the download rule (download_hosts.py): no retry would change that.

    `host` is the host refused, `reason` why, `where` its host and path when known (never the query string).
    """

    def __init__(self, host: str | None, reason: str, *, url: str | None = None, operation: str | None = None):
        self.host = host or (urlsplit(url).hostname if url else None)
        self.reason = reason
        self.where = where(url) if url else host
        super().__init__(None, "download refused", f"{self.where}: {reason}", operation)

    def at(self, url: str, operation: str | None = None) -> DownloadRefused:
        """The same refusal, told with the URL being fetched when it happened."""
        return DownloadRefused(self.host, self.reason, url=url, operation=operation or self.operation)


class HubAuthError(HubError):
    """The Hub refused our credentials (token endpoint refusal, or 401/403 after a fresh token)."""


def json_or_empty(resp: requests.Response) -> dict:
    try:
        body = resp.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def error_from_response(operation: str, resp: requests.Response | None, redact: Callable) -> HubError:
    """ProblemDetails / conflict bodies → typed HubError; `redact` scrubs secrets from the texts."""
    if resp is None:
        return HubAuthError(401, "access token expired", None, operation)
    status = resp.status_code
    body = json_or_empty(resp)
    title = body.get("title") or resp.reason
    detail = body.get("detail") or body.get("description")
    if not body and resp.headers.get("Content-Type", "").startswith("text/") and len(resp.text) <= 300:
        detail = resp.text.strip() or None
    args = (status, redact(title), redact(detail), operation)
    if status == 404:
        return HubNotFound(*args)
    if status == 409:
        transitions = tuple(from_wire(ProjectTransition, t) for t in body.get("availableTransitions") or ())
        return HubConflict(*args, conflict_type=body.get("type"), available_transitions=transitions)
    if status in (401, 403):
        return HubAuthError(*args)
    if status in RETRYABLE_STATUSES or status >= 500:
        return HubUnavailable(*args, retry_after=parse_retry_after(resp.headers.get("Retry-After")))
    return HubError(*args)
