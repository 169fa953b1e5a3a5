"""Security headers on every response: a Content-Security-Policy built per request, frames, sniffing, referrer, HSTS.

The base policy allows our own files only, plus the Hub's preview images. A page that mounts a Hub editor adds
the sources that editor needs with `allow()` (see storefront/editor/content_policy.py), taken from the same Hub
answer the page builds its script URLs from, so the policy names exactly the hosts the page loads from.
"""

import re
from functools import lru_cache
from urllib.parse import urlsplit

from flask import current_app, g

# 'self', 'none', 'unsafe-inline'..., and the two scheme sources editors need: data: and blob:.
_KEYWORD = re.compile(r"^('[a-z-]+'|data:|blob:)$")
# The directives we send, in this order; CSP_EXTRA_SOURCES may add sources to these and to no others.
BASE_POLICY = {
    "default-src": ("'self'",),
    "script-src": ("'self'",),
    "style-src": ("'self'",),
    "img-src": ("'self'",),
    "font-src": ("'self'",),
    "connect-src": ("'self'",),
    "worker-src": ("'self'",),
    "frame-src": ("'none'",),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
    # No page of the shop is meant to be embedded anywhere: checkout and the admin least of all.
    "frame-ancestors": ("'none'",),
}
_HOST = re.compile(r"^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:(\d{1,5}|\*))?$")


def source(value):
    """A CSP source for `value`: a keyword as it is, a URL's origin (scheme://host[:port]), a bare host name.

    None for anything else, so a strange value from the Hub or the settings can never add a directive.
    """
    value = (value or "").strip()
    if _KEYWORD.match(value):
        return value
    if "://" not in value:
        return value.lower() if _HOST.match(value.lower()) else None
    parts = urlsplit(value)
    netloc = (parts.netloc or "").lower()
    if parts.scheme not in ("http", "https", "ws", "wss") or "@" in netloc or not _HOST.match(netloc):
        return None
    return f"{parts.scheme}://{netloc}"


def allow(sources):
    """Let this response's page load from more places: {directive: [URL or keyword, ...]}."""
    extra = g.setdefault("csp_sources", {})
    for directive, values in sources.items():
        extra.setdefault(directive, []).extend(values)


def hub_image_sources(config):
    """Where previews may come from: the Hub's own hosts and HUB_PREVIEW_HOSTS (what the cart accepts)."""
    return [config["CCHUB_BASEURL"], config["CCHUB_API_URL"], *config.get("HUB_PREVIEW_HOSTS", ())]


def parse_extra(text):
    """CSP_EXTRA_SOURCES, "directive source ...; directive source ...", as {directive: [source, ...]}."""
    extra = {}
    for part in (text or "").split(";"):
        if not part.strip():
            continue
        directive, *values = part.split()
        if directive not in BASE_POLICY:
            raise ValueError(f"CSP_EXTRA_SOURCES: unknown or unsupported directive {directive!r}")
        unusable = [value for value in values if source(value) is None]
        if unusable:
            raise ValueError(f"CSP_EXTRA_SOURCES: {directive} cannot take {' '.join(unusable)}")
        extra.setdefault(directive, []).extend(values)
    return extra


def policy(config, extra=None):
    """The Content-Security-Policy value: the base policy, Hub images, the settings' and the page's sources."""
    directives = {name: list(values) for name, values in BASE_POLICY.items()}
    directives["img-src"] += hub_image_sources(config)
    for added in (parse_extra(config.get("CSP_EXTRA_SOURCES")), extra or {}):
        for name, values in added.items():
            directives[name] += values
    parts = []
    for name, values in directives.items():
        sources = list(dict.fromkeys(s for s in map(source, values) if s))
        if len(sources) > 1 and "'none'" in sources:
            sources.remove("'none'")
        parts.append(" ".join([name, *sources]))
    return "; ".join(parts)


def response_policy(config, extra=None):
    """policy(config, extra), built once per value of the settings it reads and of the page's sources (an editor
    page adds the same few for every shopper)."""
    hosts = tuple(config.get("HUB_PREVIEW_HOSTS", ()))
    added = tuple((directive, tuple(values)) for directive, values in (extra or {}).items())
    return _policy_of(config["CCHUB_BASEURL"], config["CCHUB_API_URL"], hosts, config.get("CSP_EXTRA_SOURCES"), added)


@lru_cache(maxsize=64)
def _policy_of(base_url, api_url, preview_hosts, extra_sources, added):
    settings = {"CCHUB_BASEURL": base_url, "CCHUB_API_URL": api_url, "HUB_PREVIEW_HOSTS": preview_hosts}
    return policy({**settings, "CSP_EXTRA_SOURCES": extra_sources}, dict(added))


def set_headers(response):
    """After every request: a header a view set itself (e.g. no-referrer on order pages) is kept."""
    config = current_app.config
    headers = response.headers
    name = "Content-Security-Policy-Report-Only" if config.get("CSP_REPORT_ONLY") else "Content-Security-Policy"
    headers.setdefault(name, response_policy(config, g.get("csp_sources")))
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    # The editor's calls to the Hub carry our origin (never the path: it may hold a cart line or a design id).
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    # Only a shop served over HTTPS (COOKIE_SECURE) asks browsers to remember it; nginx does the redirect.
    if config.get("SESSION_COOKIE_SECURE") and config.get("HSTS_MAX_AGE"):
        headers.setdefault("Strict-Transport-Security", f"max-age={int(config['HSTS_MAX_AGE'])}")
    return response


def init_app(app):
    """Check the settings once at start (a typo in CSP_EXTRA_SOURCES fails here), then set headers on every response."""
    parse_extra(app.config.get("CSP_EXTRA_SOURCES"))
    app.after_request(set_headers)
