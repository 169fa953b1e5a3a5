"""Call counters per operation (named like Aurigma's operation ids) and per injected error."""

import threading
from collections import Counter

from flask import current_app, request


def operation(name: str):
    """Name a view after its Hub operation id, e.g. `Projects_GetAll`; the name is what /sandbox/stats counts."""

    def decorate(view):
        view.operation_id = name
        return view

    return decorate


def current_operation() -> str:
    """The operation id of the request being served ("Unknown" for paths without a view)."""
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    return getattr(view, "operation_id", None) or "Unknown"


class Stats:
    """Thread-safe counters."""

    def __init__(self):
        self._lock = threading.Lock()
        self._calls = Counter()
        self._injected = Counter()

    def count_call(self, op: str):
        with self._lock:
            self._calls[op] += 1

    def count_injected(self, op: str):
        with self._lock:
            self._injected[op] += 1

    def snapshot(self) -> dict:
        """{operation id: calls, ..., "injected_errors": {operation id: n}, "total_calls", "total_injected_errors"}.

        Operation ids (`Projects_GetAll`) never clash with the three lower-case summary keys.
        """
        with self._lock:
            return {
                **dict(sorted(self._calls.items())),
                "injected_errors": dict(sorted(self._injected.items())),
                "total_calls": sum(self._calls.values()),
                "total_injected_errors": sum(self._injected.values()),
            }

    def reset(self):
        with self._lock:
            self._calls.clear()
            self._injected.clear()
