"""Where the Hub client may download print files from: https hosts of the Hub at public addresses, nothing else.

The Hub's own hosts are the API host (CCHUB_API_URL, which also serves Asset Storage: paths.STORAGE is a root
under it) and the base host (CCHUB_BASEURL); only they may receive our bearer token. HUB_DOWNLOAD_HOSTS adds hosts
(a CDN, blob storage) the Hub hands out for anonymousAccess files: downloads without the token only; each is
`name` (port 443) or `name:port`. Every host must resolve to public addresses only, checked where the socket is
opened (pinned_adapter.py). With the sandbox (HubSettings.sandbox), the Hub's own hosts may also be plain http and
loopback, as the sandbox runs on http://127.0.0.1:5100.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from .errors import DownloadRefused
from .settings import HubSettings

DEFAULT_PORTS = {"https": 443, "http": 80}
HOSTS_SETTINGS = "CCHUB_API_URL, CCHUB_BASEURL or HUB_DOWNLOAD_HOSTS"


def _host_key(host: str, port: int) -> tuple[str, int]:
    return host.strip("[]").rstrip(".").lower(), port


def _configured_host(entry: str) -> tuple[str, int]:
    """`name` or `name:port` of HUB_DOWNLOAD_HOSTS (bare: https's port); a URL's scheme and path are ignored."""
    parts = urlsplit(entry if "//" in entry else f"//{entry}")
    return _host_key(parts.hostname or "", parts.port or DEFAULT_PORTS["https"])


def _url_host(url: str) -> tuple[str, tuple[str, int]]:
    """(scheme, (host, port)) of a URL, the port defaulting to the scheme's; ValueError when it has none."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    port = parts.port or DEFAULT_PORTS.get(scheme)
    if not parts.hostname or port is None:
        raise ValueError("no host or port")
    return scheme, _host_key(parts.hostname, port)


def origin(url: str) -> tuple[str, tuple[str, int]] | None:
    """(scheme, (host, port)) of a URL, or None: a redirect to another origin no longer carries our token."""
    try:
        return _url_host(url)
    except ValueError:
        return None


def _address_kind(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """None for a public unicast address; else what it is, in words."""
    if address.is_loopback:
        return "a loopback address"
    if address.is_link_local:
        return "a link-local address"
    if address.is_private:
        return "a private address"
    if not address.is_global or address.is_multicast:
        return "not a public address"
    return None


@dataclass(frozen=True)
class DownloadHosts:
    """The download rule for one Hub client; `resolve` (socket.getaddrinfo's signature) is for tests."""

    hub: frozenset[tuple[str, int]]
    extra: frozenset[tuple[str, int]]
    sandbox: bool = False
    resolve: Callable = socket.getaddrinfo

    @classmethod
    def from_settings(cls, settings: HubSettings, resolve: Callable = socket.getaddrinfo) -> DownloadHosts:
        """The Hub's own hosts from its URLs, the extra ones from HUB_DOWNLOAD_HOSTS."""
        hub = frozenset(_url_host(url)[1] for url in (settings.api_url, settings.base_url))
        extra = frozenset(_configured_host(entry) for entry in settings.download_hosts if entry.strip())
        return cls(hub, extra - hub, settings.sandbox, resolve)

    def check_url(self, url: str, *, token: bool) -> None:
        """Raise DownloadRefused unless `url` may be fetched (and, with `token`, sent our bearer token)."""
        scheme = urlsplit(url).scheme.lower()
        if scheme not in DEFAULT_PORTS:
            raise DownloadRefused(None, f"{scheme or 'no'} scheme: print files are fetched over https only", url=url)
        try:
            scheme, key = _url_host(url)
        except ValueError:
            raise DownloadRefused(None, "the URL names no host and port", url=url) from None
        allowed = self.hub | self.extra
        if key[0] not in {name for name, _port in allowed}:
            raise DownloadRefused(key[0], f"not a Hub host ({HOSTS_SETTINGS})", url=url)
        if scheme == "http" and not (self.sandbox and key in self.hub):
            raise DownloadRefused(key[0], "plain http: print files are fetched over https only", url=url)
        if key not in allowed:
            raise DownloadRefused(key[0], f"port {key[1]} is not one of the Hub's ({HOSTS_SETTINGS})", url=url)
        if token and key not in self.hub:
            raise DownloadRefused(key[0], "not the Hub's own host, and our Hub token goes to no other", url=url)

    def addresses(self, host: str, port: int) -> list[str]:
        """The addresses `host` resolves to, each checked; DownloadRefused when any of them is not public.

        socket.gaierror when the name does not resolve (a failure worth another try, as before).
        """
        key = _host_key(host, port)
        found = self.resolve(key[0], port, 0, socket.SOCK_STREAM)
        checked = _unique(info[4][0] for info in found)
        for text in checked:
            address = ipaddress.ip_address(text.split("%", 1)[0])
            if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
                address = address.ipv4_mapped
            kind = _address_kind(address)
            if kind is None or (self.sandbox and address.is_loopback and key in self.hub):
                continue
            raise DownloadRefused(key[0], f"it resolves to {address}, {kind}")
        return checked


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))
