"""Pages rendered once and kept by each web process until the catalog's revision changes: the home, category and
product pages, and a cart page for the lines it shows.

Such a page is the same HTML for every visitor of one kind (a guest, or one customer with their name in the
header) but for the session's CSRF token: it is rendered with a placeholder there, filled in on every request. The
key holds the URL, the visitor and whatever else the view says the page shows (the Hub's answer for the
Personalize button, the cart's own rows), so nothing but the catalog can change under a kept page, and a new
catalog revision drops them all (storefront/revisions.py). A page with flashed messages is rendered afresh.
"""

import secrets

from flask import current_app, render_template, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

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


def render_page(template, depends_on=(), context=dict):
    """render_template(template, **context()) from the process's kept copy when it has one for this visitor, URL
    and `depends_on`; `context` is called only when the page is rendered."""
    if session.get("_flashes"):
        return render_template(template, **context())

    def render():
        return render_template(template, csrf_token=lambda: CSRF_PLACEHOLDER, **context())

    key = (request.full_path, _visitor(), *depends_on)
    html = current_app.extensions[_EXTENSION].get_or_make(key, render)
    return html.replace(CSRF_PLACEHOLDER, generate_csrf())


def init_app(app):
    app.extensions[_EXTENSION] = revisions.KeptAtRevision(AREA, MAX_KEPT)
