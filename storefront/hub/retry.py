"""When a failed Hub call may be sent again, and how long to wait first (exponential backoff, full jitter)."""

from __future__ import annotations

import email.utils
import enum
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import requests
from urllib3.exceptions import MaxRetryError, NewConnectionError

# Statuses that say "try later": rate limited, or a gateway/server that is briefly unable to answer.
RETRYABLE_STATUSES = frozenset({429, 502, 503, 504})
# Failures on the way to the Hub or back, worth another try.
TRANSIENT = (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError)


def connect_failed(exc: Exception) -> bool:
    """True when the request never reached the Hub (so even a create may be sent again)."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    reason = exc.args[0] if exc.args else None
    if isinstance(reason, MaxRetryError):
        reason = reason.reason
    return isinstance(reason, NewConnectionError)


class Repeat(enum.Enum):
    """How safe an operation is to send twice."""

    # Reads and calls whose repetition converges on the same state: retried on any transient failure.
    SAFE = "safe"
    # Creates and one-shot actions: a 502/504/read timeout may hide a request the Hub already carried out,
    # so these are retried only when the Hub certainly did not process them: 429 (refused, with Retry-After)
    # or a failure to connect at all. Everything else surfaces to the caller, who owns idempotency.
    UNSAFE = "unsafe"


@dataclass
class Backoff:
    """Full-jitter exponential backoff: sleep uniform(0, min(cap, base * 2**attempt)); `sleep`/`rng` injectable."""

    max_retries: int = 4
    base: float = 0.5
    cap: float = 10.0
    sleep: Callable[[float], None] = time.sleep
    rng: random.Random = field(default_factory=random.Random)

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Seconds to wait before retry number `attempt` (0-based); a Retry-After from the Hub wins."""
        if retry_after is not None:
            return retry_after
        return self.rng.uniform(0, min(self.cap, self.base * (2**attempt)))

    def should_retry(self, attempt: int, repeat: Repeat, *, status: int | None, connect_failed: bool) -> bool:
        """May retry number `attempt` (0-based) be made after this failure?"""
        if attempt >= self.max_retries:
            return False
        if repeat is Repeat.SAFE:
            return connect_failed or status is None or status in RETRYABLE_STATUSES
        return connect_failed or status == 429


def parse_retry_after(value: str | None, now: Callable[[], float] = time.time) -> float | None:
    """Retry-After as seconds (delta-seconds or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now())
