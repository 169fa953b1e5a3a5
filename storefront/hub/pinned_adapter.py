"""A requests session for print file downloads whose connections go only to addresses the download rule checked.

The name is resolved once, every address it gives is checked (download_hosts.py), and the socket is opened to one
of those addresses: a second DNS answer between the check and the connection (DNS rebinding) is never asked for.
TLS still verifies the certificate against the host name, as the connection's host is left as it was.
"""

from __future__ import annotations

import socket
from functools import partial

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.util import connection

from .download_hosts import DownloadHosts


class _CheckedConnection:
    """Mixin for urllib3's connections: open the socket to a checked address of the host."""

    def __init__(self, *args, download_hosts: DownloadHosts, **kwargs):
        self.download_hosts = download_hosts
        super().__init__(*args, **kwargs)

    def _new_conn(self) -> socket.socket:
        try:
            addresses = self.download_hosts.addresses(self._dns_host, self.port)
        except socket.gaierror as exc:
            raise NameResolutionError(self.host, self, exc) from exc
        error: OSError | None = None
        for address in addresses:
            try:
                return connection.create_connection(
                    (address, self.port),
                    self.timeout,
                    source_address=self.source_address,
                    socket_options=self.socket_options,
                )
            except TimeoutError as exc:
                raise ConnectTimeoutError(self, f"Connection to {self.host} timed out.") from exc
            except OSError as exc:
                error = exc
        raise NewConnectionError(self, f"Failed to establish a new connection: {error}")


class _CheckedHTTPConnection(_CheckedConnection, HTTPConnection):
    pass


class _CheckedHTTPSConnection(_CheckedConnection, HTTPSConnection):
    pass


class _CheckedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _CheckedHTTPConnection

    def __init__(self, *args, download_hosts: DownloadHosts, **kwargs):
        super().__init__(*args, **kwargs)
        self.conn_kw["download_hosts"] = download_hosts


class _CheckedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _CheckedHTTPSConnection

    def __init__(self, *args, download_hosts: DownloadHosts, **kwargs):
        super().__init__(*args, **kwargs)
        self.conn_kw["download_hosts"] = download_hosts


class CheckedAdapter(HTTPAdapter):
    """requests' adapter, its connection pools making checked connections only."""

    def __init__(self, download_hosts: DownloadHosts, **kwargs):
        self.download_hosts = download_hosts
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": partial(_CheckedHTTPPool, download_hosts=self.download_hosts),
            "https": partial(_CheckedHTTPSPool, download_hosts=self.download_hosts),
        }


def download_session(download_hosts: DownloadHosts) -> requests.Session:
    """A session for downloads: checked connections, and no proxy from the environment (a proxy would resolve the
    name itself, and the address check could not hold). Its caller follows redirects itself (allow_redirects=False)."""
    session = requests.Session()
    session.trust_env = False
    adapter = CheckedAdapter(download_hosts)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session
