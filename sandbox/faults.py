"""Fault injection: random or seeded API errors (500/502/503/429), added latency and failing pipeline runs."""

import random
import threading

ERROR_STATUSES = (500, 502, 503, 429)


def _rate(value):
    value = float(value)
    if not 0 <= value <= 1:
        raise ValueError("must be between 0 and 1")
    return value


def _status(value):
    if value not in ERROR_STATUSES:
        raise ValueError(f"must be one of {', '.join(map(str, ERROR_STATUSES))}")
    return value


def _count(value):
    if isinstance(value, bool):  # fail_pipeline_next=True: "the next run"
        return int(value)
    if not isinstance(value, int) or value < 0:
        raise ValueError("must be a whole number >= 0")
    return value


def _latency(value):
    if isinstance(value, bool):
        raise ValueError("must be a number of milliseconds")
    value = int(float(value))
    if not 0 <= value <= 60000:
        raise ValueError("must be between 0 and 60000")
    return value


def _seed(value):
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise ValueError("must be an integer or null")
    return value


def _methods(value):
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(method, str) for method in value):
        raise ValueError('must be a list of HTTP methods such as ["GET"], or null for all')
    return sorted({method.upper() for method in value})


FIELDS = {
    "error_rate": _rate,
    "error_status": _status,
    "latency_ms": _latency,
    "fail_pipeline_rate": _rate,
    "fail_pipeline_next": _count,
    "seed": _seed,
    "error_methods": _methods,
}


class Faults:
    """The current fault settings and the random generator behind them; thread-safe."""

    def __init__(self, config):
        self._initial = {
            "error_rate": _rate(config["SANDBOX_ERROR_RATE"]),
            "error_status": _status(config["SANDBOX_ERROR_STATUS"]),
            "latency_ms": _latency(config["SANDBOX_LATENCY_MS"]),
            "fail_pipeline_rate": _rate(config["SANDBOX_FAIL_PIPELINE_RATE"]),
            "fail_pipeline_next": 0,
            "seed": None,
            "error_methods": None,
        }
        self._lock = threading.Lock()
        self._values = dict(self._initial)
        self._random = random.Random()

    def snapshot(self) -> dict:
        with self._lock:
            return dict(self._values)

    def update(self, changes: dict) -> dict:
        """Validate and merge `changes` (unmentioned settings stay); a `seed` restarts the random sequence."""
        clean = {}
        for name, value in changes.items():
            if name not in FIELDS:
                raise ValueError(f"unknown fault {name!r}; known: {', '.join(FIELDS)}")
            try:
                clean[name] = FIELDS[name](value)
            except (TypeError, ValueError) as exc:
                raise ValueError(f"{name}: {exc}") from None
        with self._lock:
            self._values.update(clean)
            if "seed" in clean:
                self._random = random.Random(clean["seed"])
            return dict(self._values)

    def reset(self) -> dict:
        with self._lock:
            self._values = dict(self._initial)
            self._random = random.Random()
            return dict(self._values)

    def latency_seconds(self) -> float:
        with self._lock:
            return self._values["latency_ms"] / 1000

    def injected_status(self, method: str) -> int | None:
        """The error status to answer this call with, or None to serve it."""
        with self._lock:
            methods = self._values["error_methods"]
            rate = self._values["error_rate"]
            if rate <= 0 or (methods is not None and method.upper() not in methods):
                return None
            return self._values["error_status"] if self._random.random() < rate else None

    def pipeline_run_fails(self) -> bool:
        """Decide, as a pipeline run starts, whether it will fail: `fail_pipeline_next` first, then the rate."""
        with self._lock:
            if self._values["fail_pipeline_next"] > 0:
                self._values["fail_pipeline_next"] -= 1
                return True
            rate = self._values["fail_pipeline_rate"]
            return rate > 0 and self._random.random() < rate
