"""The download rule (storefront/hub/download_hosts.py): print files come only from https hosts of the Hub at public
addresses, every redirect checked again, our token never sent to another host; the sandbox alone may be http on
loopback. URL rules against requests-mock; address rules against a real server on this machine."""

import io
import logging
import socket
import threading

import pytest
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from storefront.hub import DownloadRefused, hub_client_from_config

PDF = b"%PDF-1.7\n" + b"x" * 1000
API = "https://api.hub.test"
CONFIG = {
    "CCHUB_BASEURL": "https://hub.test",
    "CCHUB_API_URL": API,
    "CCHUB_CLIENT_ID": "printshop",
    "CCHUB_CLIENT_SECRET": "s3cr3t",
    "CCHUB_STOREFRONT_ID": 7,
    "CCHUB_TENANT_ID": 3,
    "HUB_CONNECT_TIMEOUT": 1,
    "HUB_READ_TIMEOUT": 2,
    "HUB_MAX_RETRIES": 0,
}
ARTIFACT = f"{API}/api/storage/v1/artifacts/a-1/file"


def make_client(**overrides):
    return hub_client_from_config({**CONFIG, **overrides})


def download(hub, url, authenticated=False):
    out = io.BytesIO()
    hub.download_url(url, out, authenticated=authenticated)
    return out.getvalue()


@pytest.fixture
def token(requests_mock):
    token = {"access_token": "tok-1", "token_type": "Bearer", "expires_in": 3600}
    return requests_mock.post("https://hub.test/connect/token", json=token)


# -- which URLs: requests-mock ---------------------------------------------------------------------------------------


def test_an_anonymous_file_on_a_foreign_host_is_refused_before_any_request(requests_mock, caplog):
    foreign = requests_mock.get("https://files.elsewhere.example/out/card.pdf", content=PDF)
    with caplog.at_level(logging.DEBUG), pytest.raises(DownloadRefused) as refused:
        download(make_client(), "https://files.elsewhere.example/out/card.pdf?sig=SIGNED-TOKEN")
    assert refused.value.host == "files.elsewhere.example"
    assert refused.value.where == "files.elsewhere.example/out/card.pdf"
    assert "not a Hub host" in refused.value.reason
    assert foreign.call_count == 0
    assert "SIGNED-TOKEN" not in str(refused.value) + caplog.text


def test_a_host_named_in_hub_download_hosts_serves_anonymous_files(requests_mock):
    cdn = requests_mock.get("https://cdn.hub-files.test/out/card.pdf?sig=1", content=PDF)
    hub = make_client(HUB_DOWNLOAD_HOSTS=["cdn.hub-files.test"])
    assert download(hub, "https://cdn.hub-files.test/out/card.pdf?sig=1") == PDF
    assert "Authorization" not in cdn.last_request.headers


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://api.hub.test/out/card.pdf", "plain http: print files are fetched over https only"),
        ("http://cdn.hub-files.test/out/card.pdf", "plain http: print files are fetched over https only"),
        ("ftp://api.hub.test/out/card.pdf", "ftp scheme: print files are fetched over https only"),
    ],
)
def test_plain_http_is_refused_without_the_sandbox(requests_mock, url, reason):
    served = requests_mock.get("http://api.hub.test/out/card.pdf", content=PDF)
    with pytest.raises(DownloadRefused) as refused:
        download(make_client(HUB_DOWNLOAD_HOSTS=["cdn.hub-files.test"]), url)
    assert refused.value.reason == reason
    assert served.call_count == 0


def test_our_token_goes_to_no_host_but_the_hubs_own(requests_mock, token):
    cdn = requests_mock.get("https://cdn.hub-files.test/out/card.pdf", content=PDF)
    hub = make_client(HUB_DOWNLOAD_HOSTS=["cdn.hub-files.test"])
    for url in ("https://cdn.hub-files.test/out/card.pdf", "https://evil.example/out/card.pdf"):
        with pytest.raises(DownloadRefused):
            download(hub, url, authenticated=True)
    assert cdn.call_count == 0
    assert token.call_count == 0


def test_a_redirect_from_the_hub_to_a_foreign_host_is_refused(requests_mock, token):
    requests_mock.get(ARTIFACT, status_code=302, headers={"Location": "https://evil.example/steal?sig=2"})
    evil = requests_mock.get("https://evil.example/steal", content=PDF)
    with pytest.raises(DownloadRefused) as refused:
        make_client().download_artifact("a-1", io.BytesIO())
    assert (refused.value.host, refused.value.where) == ("evil.example", "evil.example/steal")
    assert evil.call_count == 0


def test_a_redirect_within_the_hub_keeps_our_token_and_one_to_a_download_host_drops_it(requests_mock, token):
    first = requests_mock.get(ARTIFACT, status_code=302, headers={"Location": "/api/storage/v1/blobs/a-1"})
    second = requests_mock.get(
        f"{API}/api/storage/v1/blobs/a-1", status_code=307, headers={"Location": "https://blob.hub-files.test/a-1"}
    )
    blob = requests_mock.get("https://blob.hub-files.test/a-1", content=PDF)
    out = io.BytesIO()
    make_client(HUB_DOWNLOAD_HOSTS=["blob.hub-files.test"]).download_artifact("a-1", out)
    assert out.getvalue() == PDF
    assert first.last_request.headers["Authorization"] == "Bearer tok-1"
    assert second.last_request.headers["Authorization"] == "Bearer tok-1"
    assert "Authorization" not in blob.last_request.headers
    assert blob.last_request.query == ""  # our tenantId query went to the first URL only


def test_a_redirect_loop_is_refused_after_five_hops(requests_mock, token):
    loop = requests_mock.get(ARTIFACT, status_code=302, headers={"Location": ARTIFACT})
    with pytest.raises(DownloadRefused) as refused:
        make_client().download_artifact("a-1", io.BytesIO())
    assert "redirects" in refused.value.reason
    assert loop.call_count == 6


# -- which addresses: a real server on this machine, or a resolver of our own -------------------------------------


class FileServer:
    """A real HTTP server on 127.0.0.1: /file.pdf, /hop (a redirect to it) and /redirect?to=<url>; it records each
    request's path and Host header."""

    def __init__(self):
        self.requests = []
        self.server = make_server("127.0.0.1", 0, self.wsgi, threaded=True)
        self.port = self.server.server_port
        self.url = f"http://127.0.0.1:{self.port}"

    @Request.application
    def wsgi(self, request):
        self.requests.append((request.path, request.host))
        if request.path == "/hop":
            return Response(status=302, headers={"Location": "/file.pdf"})
        if request.path == "/redirect":
            return Response(status=302, headers={"Location": request.args["to"]})
        return Response(PDF, content_type="application/pdf")

    @property
    def paths(self):
        return [path for path, _host in self.requests]


@pytest.fixture
def file_server():
    server = FileServer()
    thread = threading.Thread(target=server.server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.server.shutdown()
    thread.join(5)


def sandbox_client(server, **overrides):
    return make_client(CCHUB_BASEURL=server.url, CCHUB_API_URL=server.url, HUB_USES_SANDBOX=True, **overrides)


def test_the_sandbox_on_loopback_is_fetched_over_http_through_a_redirect_within_it(file_server):
    assert download(sandbox_client(file_server), f"{file_server.url}/hop") == PDF
    assert file_server.paths == ["/hop", "/file.pdf"]


def test_a_redirect_from_the_sandbox_to_another_host_is_not_followed(file_server):
    elsewhere = f"http://localhost:{file_server.port}/file.pdf"  # the same server, under a name that is not the Hub's
    with pytest.raises(DownloadRefused) as refused:
        download(sandbox_client(file_server), f"{file_server.url}/redirect?to={elsewhere}")
    assert refused.value.host == "localhost"
    assert file_server.paths == ["/redirect"]


def test_a_redirect_to_a_private_address_is_refused_even_with_the_sandbox(file_server):
    hub = sandbox_client(file_server, HUB_DOWNLOAD_HOSTS=["10.0.0.7"])
    with pytest.raises(DownloadRefused) as refused:
        download(hub, f"{file_server.url}/redirect?to=https://10.0.0.7/file.pdf")
    assert refused.value.reason == "it resolves to 10.0.0.7, a private address"


def test_a_host_resolving_to_loopback_is_refused_without_the_sandbox(file_server):
    hub = make_client(HUB_DOWNLOAD_HOSTS=[f"localhost:{file_server.port}"])
    with pytest.raises(DownloadRefused) as refused:
        download(hub, f"https://localhost:{file_server.port}/file.pdf")
    assert "a loopback address" in refused.value.reason
    assert file_server.requests == []


def resolver(answers):
    """getaddrinfo for names of our own (`answers`: name -> addresses); counts its look-ups."""

    def resolve(host, port, family=0, type=0, *args):
        resolve.calls.append(host)
        if host not in answers:
            return socket.getaddrinfo(host, port, family, type, *args)
        found = []
        for address in answers[host]:
            family = socket.AF_INET6 if ":" in address else socket.AF_INET
            found.append((family, socket.SOCK_STREAM, 6, "", (address, port)))
        return found

    resolve.calls = []
    return resolve


@pytest.mark.parametrize(
    ("addresses", "kind"),
    [
        (["10.1.2.3"], "10.1.2.3, a private address"),
        (["169.254.169.254"], "169.254.169.254, a link-local address"),  # a cloud's metadata service
        (["::ffff:127.0.0.1"], "127.0.0.1, a loopback address"),
        (["100.64.0.1"], "100.64.0.1, not a public address"),
        (["93.184.215.14", "192.168.1.5"], "192.168.1.5, a private address"),
    ],
)
def test_a_name_resolving_to_a_non_public_address_is_refused_without_the_sandbox(addresses, kind):
    resolve = resolver({"files.hub-cdn.test": addresses})
    hub = hub_client_from_config({**CONFIG, "HUB_DOWNLOAD_HOSTS": ["files.hub-cdn.test"]}, resolve=resolve)
    with pytest.raises(DownloadRefused) as refused:
        download(hub, "https://files.hub-cdn.test/out/card.pdf")
    assert refused.value.reason == f"it resolves to {kind}"
    assert refused.value.where == "files.hub-cdn.test/out/card.pdf"


def test_the_connection_goes_to_the_address_that_was_checked(file_server):
    # This machine cannot resolve the name: the file arrives only if the socket opens to the checked address,
    # with no second look-up that a rebinding DNS server could answer differently.
    url = f"http://hub.pinned.test:{file_server.port}"
    resolve = resolver({"hub.pinned.test": ["127.0.0.1"]})
    config = {**CONFIG, "CCHUB_BASEURL": url, "CCHUB_API_URL": url, "HUB_USES_SANDBOX": True}
    hub = hub_client_from_config(config, resolve=resolve)
    assert download(hub, f"{url}/hop") == PDF
    host = f"hub.pinned.test:{file_server.port}"
    assert file_server.requests == [("/hop", host), ("/file.pdf", host)]
    assert set(resolve.calls) == {"hub.pinned.test"}
