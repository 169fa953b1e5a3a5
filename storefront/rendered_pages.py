"""Pages rendered once and kept by each web process until the catalog's revision changes: the home, category and
product pages, a cart page for the lines it shows, and the personalize page's frame around the editor.

Such a page is the same HTML for every visitor of one kind (a guest, or one customer with their name in the
header) but for the session's CSRF token and whatever the view names per request (the personalize page's editor
token and edit target): it is rendered with placeholders there, filled in on every request. The
key holds the page's own URL (its path, plus the query arguments the view resolved: never the raw query string, so
an argument the page does not read never makes a new copy), the visitor and whatever else the view says the page
shows (the Hub's answer for the Personalize button, the cart's own rows), so nothing but the catalog can change
under a kept page, and a new catalog revision drops them all (storefront/revisions.py). A page with flashed
messages is rendered afresh. What a process keeps is bounded in count and in bytes (KEPT_PAGES_MAX_BYTES), the
least recently shown pages dropped first.
"""

import secrets
import sys

from flask import current_app, render_template, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import escape

from . import revisions
from .catalog.read_model import AREA

# Unguessable, so no catalog text or shopper's input can ever contain it.
CSRF_PLACEHOLDER = f"csrf-{secrets.token_hex(16)}"
MAX_KEPT = 2_000
_EXTENSION = "rendered_pages"


def _visitor():
    if current_user.is_authenticated:
        return "customer", current_user.id, current_user.name, current_user.is_admin
    return ("guest",)


def render_page(template, depends_on=(), context=dict, per_request=None, page_url=None):
    """render_template(template, **context(), **per_request) from the process's kept copy when it has one for this
    visitor, page and `depends_on`; `context` is called only when the page is rendered.

    `page_url`: the URL of what the page shows, built from the query arguments the view read and resolved (default:
    the request's path without its query string); links back to the page (Log in's `next`) use it.
    `per_request` ({name: Markup}): values that differ on every request, already escaped for where the template
    puts them; the kept copy holds a placeholder for each."""
    per_request = per_request or {}
    page_url = page_url or request.path
    if session.get("_flashes"):
        return render_template(template, page_url=page_url, **context(), **per_request)

    placeholders = {name: escape(f"{CSRF_PLACEHOLDER}-{name}") for name in per_request}

    def render():
        return render_template(
            template, csrf_token=lambda: CSRF_PLACEHOLDER, page_url=page_url, **context(), **placeholders
        )

    key = (page_url, _visitor(), *depends_on)
    html = current_app.extensions[_EXTENSION].get_or_make(key, render)
    for name, value in per_request.items():
        html = html.replace(placeholders[name], value)
    return html.replace(CSRF_PLACEHOLDER, generate_csrf())


def json_for_html(value):
    """`value` as the `tojson` filter writes it (JSON safe inside a <script> element), for `per_request`."""
    policies = current_app.jinja_env.policies
    return htmlsafe_json_dumps(value, dumps=policies["json.dumps_function"], **policies["json.dumps_kwargs"])


def kept_size(key, html):
    """The memory a kept page holds: its HTML and its key (a cart's key holds its rows)."""
    return sys.getsizeof(html) + sys.getsizeof(repr(key))


def kept_pages():
    """This process's kept pages (their count and `kept_bytes` tell what they hold)."""
    return current_app.extensions[_EXTENSION]


def init_app(app):
    app.extensions[_EXTENSION] = revisions.KeptAtRevision(
        AREA, MAX_KEPT, max_bytes=app.config["KEPT_PAGES_MAX_BYTES"], size=kept_size
    )
