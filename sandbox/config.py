"""Sandbox settings: defaults, SANDBOX_* environment variables and the run-time settings /sandbox/config changes."""

import os
import threading
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

# Every setting, by its environment variable name, with its default; the default's type is the setting's type.
DEFAULTS = {
    "SANDBOX_HOST": "127.0.0.1",
    "SANDBOX_PORT": 5100,
    "SANDBOX_PUBLIC_URL": None,  # None: http://{host}:{port}
    "SANDBOX_CLIENT_ID": "sandbox-client",
    "SANDBOX_CLIENT_SECRET": "sandbox-secret",
    "SANDBOX_TENANT_ID": 1,
    "SANDBOX_STOREFRONT_ID": 1,
    "SANDBOX_TOKEN_TTL": 3600.0,
    "SANDBOX_USER_TOKEN_TTL": 3600.0,
    "SANDBOX_DB": str(REPO_ROOT / "instance" / "sandbox.db"),
    "SANDBOX_FILES_DIR": str(REPO_ROOT / "instance" / "sandbox-files"),
    "SANDBOX_CATALOG": str(REPO_ROOT / "demo" / "catalog.json"),
    "SANDBOX_PENDING_SECONDS": 2.0,
    "SANDBOX_PROCESSING_SECONDS": 3.0,
    "SANDBOX_ANONYMOUS_ACCESS": False,
    "SANDBOX_WEBHOOK_URL": None,
    "SANDBOX_WEBHOOK_SECRET": None,
    "SANDBOX_ERROR_RATE": 0.0,
    "SANDBOX_ERROR_STATUS": 503,
    "SANDBOX_LATENCY_MS": 0,
    "SANDBOX_FAIL_PIPELINE_RATE": 0.0,
    "SANDBOX_RETENTION_DAYS": 60,  # the tenant's assetsRetentionPeriodInDays (Aurigma's default); 0: no clean-up
    "SANDBOX_SIGNING_KEY": None,  # None: a random key kept in the database
    "SANDBOX_FONT": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",  # Unicode text in PDFs; Helvetica if missing
}

TRUE_WORDS = {"1", "true", "yes", "on"}


def parse(value, default):
    """Convert an environment string to the type of `default` (str when the default is None)."""
    if isinstance(default, bool):
        return value.strip().lower() in TRUE_WORDS
    if isinstance(default, int):
        return int(value)
    if isinstance(default, float):
        return float(value)
    return value


def from_env(environ=os.environ) -> dict:
    """All settings, taken from the environment where set (empty counts as unset)."""
    settings = {}
    for name, default in DEFAULTS.items():
        value = environ.get(name)
        settings[name] = default if value in (None, "") else parse(value, default)
    return settings


def public_url(config) -> str:
    """The URL the sandbox gives out for itself (editor scripts, file URLs), without a trailing slash."""
    url = config.get("SANDBOX_PUBLIC_URL") or f"http://{config['SANDBOX_HOST']}:{config['SANDBOX_PORT']}"
    return url.rstrip("/")


def _non_negative(value):
    value = float(value)
    if value < 0:
        raise ValueError("must be >= 0")
    return value


def _positive(value):
    value = float(value)
    if value <= 0:
        raise ValueError("must be > 0")
    return value


def _bool(value):
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _days(value):
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("must be a whole number of days >= 0")
    return value


def _optional_str(value):
    if value is not None and not isinstance(value, str):
        raise ValueError("must be a string or null")
    return value or None


# Run-time settings: name -> (config key it starts from, validator).
RUNTIME = {
    "pending_seconds": ("SANDBOX_PENDING_SECONDS", _non_negative),
    "processing_seconds": ("SANDBOX_PROCESSING_SECONDS", _non_negative),
    "anonymous_access": ("SANDBOX_ANONYMOUS_ACCESS", _bool),
    "webhook_url": ("SANDBOX_WEBHOOK_URL", _optional_str),
    "webhook_secret": ("SANDBOX_WEBHOOK_SECRET", _optional_str),
    "token_ttl": ("SANDBOX_TOKEN_TTL", _positive),
    "user_token_ttl": ("SANDBOX_USER_TOKEN_TTL", _positive),
    "retention_days": ("SANDBOX_RETENTION_DAYS", _days),
}


class RuntimeSettings:
    """The settings tests may change while the sandbox runs; thread-safe, resettable to the start values."""

    def __init__(self, config):
        self._initial = {name: config[key] for name, (key, _) in RUNTIME.items()}
        self._values = dict(self._initial)
        self._lock = threading.Lock()

    def __getitem__(self, name):
        with self._lock:
            return self._values[name]

    def snapshot(self) -> dict:
        with self._lock:
            return dict(self._values)

    def update(self, changes: dict) -> dict:
        """Validate and apply `changes`; raises ValueError naming the first bad key (nothing applied then)."""
        clean = {}
        for name, value in changes.items():
            if name not in RUNTIME:
                raise ValueError(f"unknown setting {name!r}; known: {', '.join(RUNTIME)}")
            try:
                clean[name] = RUNTIME[name][1](value)
            except (TypeError, ValueError) as exc:
                raise ValueError(f"{name}: {exc}") from None
        with self._lock:
            self._values.update(clean)
            return dict(self._values)

    def reset(self) -> dict:
        with self._lock:
            self._values = dict(self._initial)
            return dict(self._values)
