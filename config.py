"""Settings from the environment (and `.env`); with no Hub credentials the store talks to the local Hub sandbox.

`load_settings()` reads the process environment laid over the checkout's `.env`; `load_settings(environ)` reads
only the mapping it is given (tests pass {} so that nothing of the developer's machine leaks in).
"""

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from dotenv import dotenv_values

BASE_DIR = Path(__file__).resolve().parent

SANDBOX_URL = "http://127.0.0.1:5100"
SANDBOX_CLIENT_ID = "sandbox-client"
# Not a secret: the sandbox's documented local credential, useless against the real Hub.
SANDBOX_CLIENT_CREDENTIAL = "sandbox-secret"


class SettingsError(Exception):
    """The settings cannot run the store; the message names the setting and what to do."""


def read_environment(dotenv_path=BASE_DIR / ".env") -> dict:
    """The process environment laid over `.env` (a variable set in the environment wins); `.env` may be absent."""
    values = {key: value for key, value in dotenv_values(dotenv_path).items() if value is not None}
    values.update(os.environ)
    return values


class _Reader:
    """Typed reads of one environment mapping; an empty value counts as unset."""

    def __init__(self, environ: Mapping):
        self.environ = environ

    def __call__(self, name, default=None):
        value = self.environ.get(name)
        return value if value not in (None, "") else default

    def int(self, name, default):
        return int(self(name, default))

    def float(self, name, default):
        return float(self(name, default))

    def list(self, name):
        """A comma-separated setting as a list of its non-empty items."""
        return [item.strip() for item in self(name, "").split(",") if item.strip()]

    def bool(self, name, default=False):
        value = self(name)
        if value is None:
            return default
        return value.strip().lower() in {"1", "true", "yes", "on"}


def api_url_for(base_url):
    """The Hub's API host is `api.` + the host of the base URL (https://customerscanvashub.com -> https://api.…)."""
    parts = urlsplit(base_url.rstrip("/"))
    host = parts.netloc if parts.netloc.startswith("api.") else "api." + parts.netloc
    return urlunsplit((parts.scheme, host, "", "", ""))


def instance_secret_key(instance_dir, name="secret_key"):
    """Read a random secret kept in instance/ (created on first use, readable by its owner only)."""
    path = Path(instance_dir) / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process (a second web worker) made it first
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
    return path.read_text().strip()


def storage_settings(_env):
    """Print files in a bucket (ARTIFACTS_STORE=s3://bucket/prefix) instead of ARTIFACTS_DIR.

    Endpoint, credentials, region and retries keep boto3's own names, so a `.env` can hold them as the environment
    would; unset, boto3 looks for them itself (environment, ~/.aws, an instance role).
    """
    return {
        "ARTIFACTS_STORE": _env("ARTIFACTS_STORE"),
        "AWS_ENDPOINT_URL": _env("AWS_ENDPOINT_URL_S3") or _env("AWS_ENDPOINT_URL"),
        "AWS_ACCESS_KEY_ID": _env("AWS_ACCESS_KEY_ID"),
        "AWS_SECRET_ACCESS_KEY": _env("AWS_SECRET_ACCESS_KEY"),
        "AWS_SESSION_TOKEN": _env("AWS_SESSION_TOKEN"),
        "AWS_DEFAULT_REGION": _env("AWS_DEFAULT_REGION"),
        "AWS_PROFILE": _env("AWS_PROFILE"),
        "AWS_MAX_ATTEMPTS": _env.int("AWS_MAX_ATTEMPTS", 3),
        "AWS_RETRY_MODE": _env("AWS_RETRY_MODE", "standard"),
        "S3_CONNECT_TIMEOUT": _env.float("S3_CONNECT_TIMEOUT", 3.05),
        "S3_READ_TIMEOUT": _env.float("S3_READ_TIMEOUT", 20),
    }


def mail_settings(_env, instance):
    """Flask-Mailman's settings: SMTP when MAIL_SERVER is set, otherwise each message an .eml file in the outbox.

    MAIL_RETRY is the wait in seconds before each further try after a temporary SMTP failure ("30,120,600").
    """
    return {
        "MAIL_SERVER": _env("MAIL_SERVER"),
        "MAIL_PORT": _env.int("MAIL_PORT", 587 if _env.bool("MAIL_USE_TLS") else 25),
        "MAIL_USE_TLS": _env.bool("MAIL_USE_TLS"),
        "MAIL_USERNAME": _env("MAIL_USERNAME"),
        "MAIL_PASSWORD": _env("MAIL_PASSWORD"),
        "MAIL_FROM": _env("MAIL_FROM", "Printshop <orders@printshop.invalid>"),
        "MAIL_TIMEOUT": _env.float("MAIL_TIMEOUT", 10),
        "MAIL_OUTBOX_DIR": _env("MAIL_OUTBOX_DIR", str(instance / "outbox")),
        "MAIL_RETRY": [int(s) for s in _env("MAIL_RETRY", "30,120,600,1800,3600").split(",") if s.strip()],
        "STORE_OWNER_EMAIL": _env("STORE_OWNER_EMAIL"),
    }


# The carriers the owner ships with: "Name=tracking page URL" entries separated by ";" or new lines, the URL holding
# {number} where the tracking number goes (URL-encoded); a name alone is a carrier without a tracking page.
DEFAULT_CARRIERS = ";".join(
    (
        "DHL=https://www.dhl.com/global-en/home/tracking.html?tracking-id={number}&submit=1",
        "UPS=https://www.ups.com/track?tracknum={number}",
        "FedEx=https://www.fedex.com/fedextrack/?trknbr={number}",
        "USPS=https://tools.usps.com/go/TrackConfirmAction?tLabels={number}",
        "Royal Mail=https://www.royalmail.com/track-your-item#/tracking-results/{number}",
        "DPD=https://tracking.dpd.de/status/en_US/parcel/{number}",
    )
)
MAX_CARRIER_NAME = 40  # orders.carrier


def carrier_settings(text):
    """SHIPPING_CARRIERS as ((name, URL template or None), ...) in the order given; a bad entry stops the start."""
    carriers = {}
    for entry in filter(None, (part.strip() for part in text.replace("\n", ";").split(";"))):
        name, _sep, template = (part.strip() for part in entry.partition("="))
        if not name or len(name) > MAX_CARRIER_NAME or name in carriers:
            raise SettingsError(f"SHIPPING_CARRIERS: “{entry}” needs a name of its own of 1 to 40 characters.")
        url = urlsplit(template)
        if template and (url.scheme not in ("http", "https") or not url.netloc or "{number}" not in template):
            raise SettingsError(
                f"SHIPPING_CARRIERS: the tracking page of {name} must be an http(s) URL with {{number}} in it."
            )
        carriers[name] = template or None
    return tuple(carriers.items())


def load_settings(environ: Mapping | None = None, instance_dir=None):
    """The Flask config from `environ` (default: read_environment()); files go to `instance_dir`.

    The instance folder (database, print files, generated secrets) is `instance_dir`, else PRINTSHOP_INSTANCE_DIR,
    else `instance/` in the checkout.
    """
    _env = _Reader(read_environment() if environ is None else environ)
    _int, _float, _bool = _env.int, _env.float, _env.bool
    instance = Path(instance_dir or _env("PRINTSHOP_INSTANCE_DIR") or BASE_DIR / "instance")
    client_id = _env("CCHUB_CLIENT_ID")
    client_secret = _env("CCHUB_CLIENT_SECRET")
    use_sandbox = not (client_id and client_secret)
    base_url = _env("CCHUB_BASEURL", SANDBOX_URL if use_sandbox else "https://customerscanvashub.com").rstrip("/")
    # The sandbox serves the token endpoint and the API on one host; the real Hub splits them.
    api_url = _env("CCHUB_API_URL") or (base_url if use_sandbox else api_url_for(base_url))

    secret_key = _env("SECRET_KEY")
    if secret_key is None and not use_sandbox:
        raise SettingsError(
            "SECRET_KEY is not set. With Hub credentials the store runs for real: set SECRET_KEY to one long random "
            "value shared by every web host and worker (python -c 'import secrets; print(secrets.token_hex(32))'). "
            "The key generated into the instance folder is only for the sandbox."
        )

    return {
        "INSTANCE_PATH": str(instance),
        # Sessions signed on one web host must be read on the others: production sets SECRET_KEY for all of them.
        "SECRET_KEY": secret_key or instance_secret_key(instance),
        "SQLALCHEMY_DATABASE_URI": _env("DATABASE_URL", f"sqlite:///{instance / 'printshop.db'}"),
        "REDIS_URL": _env("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "RQ_QUEUE": _env("RQ_QUEUE", "printshop"),
        "ARTIFACTS_DIR": _env("ARTIFACTS_DIR", str(instance / "artifacts")),
        **storage_settings(_env),
        **mail_settings(_env, instance),
        # Product images the owner uploads in the admin, served at /media/.
        "MEDIA_DIR": _env("MEDIA_DIR", str(instance / "media")),
        "PRODUCT_IMAGE_MAX_BYTES": _int("PRODUCT_IMAGE_MAX_BYTES", 2 * 1024 * 1024),
        # What each web process keeps of rendered pages (storefront/rendered_pages.py), in bytes.
        "KEPT_PAGES_MAX_BYTES": _int("KEPT_PAGES_MAX_BYTES", 32 * 1024 * 1024),
        # Lines one cart holds; the next add is refused with a message.
        "CART_MAX_LINES": _int("CART_MAX_LINES", 50),
        # Every amount is an integer in this currency's minor units; pages and emails format it for STORE_LOCALE.
        "STORE_CURRENCY": _env("STORE_CURRENCY", "USD").upper(),
        "STORE_LOCALE": _env("STORE_LOCALE", "en_US"),
        # Whether catalog prices include tax (the tax is then taken out of them), and whether shipping is taxed.
        "PRICES_INCLUDE_TAX": _bool("PRICES_INCLUDE_TAX"),
        "SHIPPING_TAXED": _bool("SHIPPING_TAXED", True),
        # Carriers offered when the owner marks an order shipped, with their tracking pages (DEFAULT_CARRIERS).
        "SHIPPING_CARRIERS": carrier_settings(_env("SHIPPING_CARRIERS", DEFAULT_CARRIERS)),
        "STORE_NAME": _env("STORE_NAME", "Printshop"),
        "STORE_URL": _env("STORE_URL", "http://127.0.0.1:5000").rstrip("/"),
        # Customer's Canvas Hub
        "HUB_USES_SANDBOX": use_sandbox,
        "CCHUB_BASEURL": base_url,
        "CCHUB_API_URL": api_url.rstrip("/"),
        "CCHUB_CLIENT_ID": client_id or SANDBOX_CLIENT_ID,
        "CCHUB_CLIENT_SECRET": client_secret or SANDBOX_CLIENT_CREDENTIAL,
        "CCHUB_SCOPE": _env("CCHUB_SCOPE"),
        "CCHUB_STOREFRONT_ID": _int("CCHUB_STOREFRONT_ID", 1),
        "CCHUB_TENANT_ID": _int("CCHUB_TENANT_ID", 1),
        "CCHUB_ENVIRONMENT": _env("CCHUB_ENVIRONMENT", "us"),
        # Where Workflow Elements editors are served from when the tenant names no workflowElementsUrl.
        "CCHUB_EDITOR_CDN": _env("CCHUB_EDITOR_CDN", "https://staticjs-aurigma.azureedge.net").rstrip("/"),
        "HUB_CONNECT_TIMEOUT": _float("HUB_CONNECT_TIMEOUT", 3.05),
        "HUB_READ_TIMEOUT": _float("HUB_READ_TIMEOUT", 20),
        "HUB_MAX_RETRIES": _int("HUB_MAX_RETRIES", 4),
        "HUB_BACKOFF_BASE": _float("HUB_BACKOFF_BASE", 0.5),
        "HUB_BACKOFF_MAX": _float("HUB_BACKOFF_MAX", 10),
        "HUB_CACHE_TTL": _int("HUB_CACHE_TTL", 300),
        "HUB_POLL_INTERVAL": _int("HUB_POLL_INTERVAL", 3 if use_sandbox else 60),
        "HUB_POLL_DEADLINE": _int("HUB_POLL_DEADLINE", 6 * 3600),
        "HUB_MAX_RESUMES": _int("HUB_MAX_RESUMES", 2),
        "HUB_RESUME_DELAY": _int("HUB_RESUME_DELAY", 5 if use_sandbox else 120),
        # The Hub project statuses (display names) that shipping and cancelling an order move its project to.
        "HUB_SHIPPED_STATUS": _env("HUB_SHIPPED_STATUS", "Completed"),
        "HUB_CANCELLED_STATUS": _env("HUB_CANCELLED_STATUS", "Rejected"),
        "RECONCILE_INTERVAL": _int("RECONCILE_INTERVAL", 300),
        "HUB_STATUS_PER_RUN": _int("HUB_STATUS_PER_RUN", 100),
        # Days a guest's designs are kept, as the cart tells guests; unset: the Hub tenant's retention period.
        "GUEST_DESIGN_RETENTION_DAYS": (
            _int("GUEST_DESIGN_RETENTION_DAYS", 0) if _env("GUEST_DESIGN_RETENTION_DAYS") else None
        ),
        # A running job heartbeats every third of this; a job whose worker died is retried once it has passed.
        "JOB_HEARTBEAT_TTL": _int("JOB_HEARTBEAT_TTL", 15),
        # With the sandbox the store and the sandbox share a generated secret; a real Hub needs it set explicitly.
        "HUB_WEBHOOK_SECRET": _env("HUB_WEBHOOK_SECRET")
        or (instance_secret_key(instance, name="webhook_secret") if use_sandbox else None),
        "LOGIN_RATE_LIMIT": _env("LOGIN_RATE_LIMIT", "10 per minute"),
        # What a stranger can make the store spend (storefront/rate_limits.py): "10 per minute", ";" between two.
        "CHECKOUT_RATE_LIMIT": _env("CHECKOUT_RATE_LIMIT", "10 per minute;30 per hour"),
        "CHECKOUT_SESSION_RATE_LIMIT": _env("CHECKOUT_SESSION_RATE_LIMIT", "3 per minute;10 per hour"),
        "CHECKOUT_QUOTE_RATE_LIMIT": _env("CHECKOUT_QUOTE_RATE_LIMIT", "60 per minute"),
        "CART_DESIGN_RATE_LIMIT": _env("CART_DESIGN_RATE_LIMIT", "30 per minute;300 per hour"),
        "PERSONALIZE_RATE_LIMIT": _env("PERSONALIZE_RATE_LIMIT", "60 per minute;600 per hour"),
        "EDITOR_TOKEN_RATE_LIMIT": _env("EDITOR_TOKEN_RATE_LIMIT", "20 per minute"),
        "ORDER_STATUS_RATE_LIMIT": _env("ORDER_STATUS_RATE_LIMIT", "40 per minute"),
        # How many reverse proxies sit in front of the app (their X-Forwarded-* headers are then trusted).
        "TRUSTED_PROXIES": _int("TRUSTED_PROXIES", 0),
        "REGISTER_RATE_LIMIT": _env("REGISTER_RATE_LIMIT", "10 per hour"),
        # Forms and the editor's JSON are small; nothing larger is accepted.
        "MAX_CONTENT_LENGTH": _int("MAX_CONTENT_LENGTH", 1024 * 1024),
        # A CSRF token lasts as long as the session: a shopper may spend an hour in the editor.
        "WTF_CSRF_TIME_LIMIT": None,
        # Hosts besides the Hub's own whose preview images the cart may show (comma-separated).
        "HUB_PREVIEW_HOSTS": _env.list("HUB_PREVIEW_HOSTS"),
        # Hosts besides the Hub's own that may serve anonymousAccess print files (storefront/hub/download_hosts.py).
        "HUB_DOWNLOAD_HOSTS": _env.list("HUB_DOWNLOAD_HOSTS"),
        # Cookies: Lax keeps them off cross-site POSTs; set COOKIE_SECURE=1 when the shop is served over HTTPS.
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SECURE": _bool("COOKIE_SECURE"),
        "REMEMBER_COOKIE_SECURE": _bool("COOKIE_SECURE"),
        # Over HTTPS the cookies carry the __Host- prefix: browsers then take them only from this host, over HTTPS,
        # for every path, so neither a sibling subdomain nor a plain-HTTP page can plant or overwrite them.
        "SESSION_COOKIE_NAME": "__Host-session" if _bool("COOKIE_SECURE") else "session",
        "REMEMBER_COOKIE_NAME": "__Host-remember_token" if _bool("COOKIE_SECURE") else "remember_token",
        # Security headers (storefront/security_headers.py). HSTS goes out only with COOKIE_SECURE. CSP_EXTRA_SOURCES
        # ("directive source ...; ...") adds what a real Hub editor may need beyond what the sandbox proves;
        # CSP_REPORT_ONLY has browsers log violations without blocking anything.
        "HSTS_MAX_AGE": _int("HSTS_MAX_AGE", 365 * 24 * 3600),
        "CSP_EXTRA_SOURCES": _env("CSP_EXTRA_SOURCES", ""),
        "CSP_REPORT_ONLY": _bool("CSP_REPORT_ONLY"),
    }
