"""The Hub client's settings, read from the Flask config mapping (keys defined in config.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from config import SANDBOX_CLIENT_CREDENTIAL, SANDBOX_CLIENT_ID


@dataclass(frozen=True)
class HubSettings:
    """Where the Hub is, who we are to it, and how patiently we talk to it."""

    base_url: str
    api_url: str
    client_id: str
    client_secret: str = field(repr=False)
    storefront_id: int
    tenant_id: int | None = None
    scope: str | None = None
    connect_timeout: float = 3.05
    read_timeout: float = 20.0
    max_retries: int = 4
    backoff_base: float = 0.5
    backoff_max: float = 10.0
    cache_ttl: int = 300
    # Hosts besides the Hub's own that may serve anonymousAccess print files (download_hosts.py).
    download_hosts: tuple[str, ...] = ()
    # The local sandbox: its own hosts may be plain http on loopback.
    sandbox: bool = False

    @property
    def token_url(self) -> str:
        return self.base_url.rstrip("/") + "/connect/token"

    @property
    def timeout(self) -> tuple[float, float]:
        return (self.connect_timeout, self.read_timeout)

    @classmethod
    def from_config(cls, config: Mapping) -> HubSettings:
        """Build from CCHUB_* / HUB_* keys; CCHUB_API_URL falls back to CCHUB_BASEURL."""
        base_url = str(config["CCHUB_BASEURL"]).rstrip("/")
        tenant_id = config.get("CCHUB_TENANT_ID")
        return cls(
            base_url=base_url,
            api_url=str(config.get("CCHUB_API_URL") or base_url).rstrip("/"),
            client_id=config["CCHUB_CLIENT_ID"],
            client_secret=config["CCHUB_CLIENT_SECRET"],
            storefront_id=int(config["CCHUB_STOREFRONT_ID"]),
            tenant_id=int(tenant_id) if tenant_id not in (None, "") else None,
            scope=config.get("CCHUB_SCOPE") or None,
            connect_timeout=float(config.get("HUB_CONNECT_TIMEOUT", 3.05)),
            read_timeout=float(config.get("HUB_READ_TIMEOUT", 20)),
            max_retries=int(config.get("HUB_MAX_RETRIES", 4)),
            backoff_base=float(config.get("HUB_BACKOFF_BASE", 0.5)),
            backoff_max=float(config.get("HUB_BACKOFF_MAX", 10)),
            cache_ttl=int(config.get("HUB_CACHE_TTL", 300)),
            download_hosts=tuple(config.get("HUB_DOWNLOAD_HOSTS") or ()),
            sandbox=_is_sandbox(config),
        )


def _is_sandbox(config: Mapping) -> bool:
    """HUB_USES_SANDBOX, or the sandbox's own credentials: the test and benchmark workers set those explicitly, and
    the real Hub refuses them, so a store that uses them talks to a sandbox."""
    credentials = (config["CCHUB_CLIENT_ID"], config["CCHUB_CLIENT_SECRET"])
    return bool(config.get("HUB_USES_SANDBOX")) or credentials == (SANDBOX_CLIENT_ID, SANDBOX_CLIENT_CREDENTIAL)
