"""Pages rendered once and kept by each web process until the catalog's revision changes: the home, category and
product pages, a cart page for the lines it shows, and the personalize page's frame around the editor.

A kept page is rendered from what is declared for it and from nothing else, so it can be handed to everyone it
looks the same for:
- the view's `inputs`: catalog rows, the cart's own rows, plain values, and tuples and dataclasses of these (an ORM
  object, a dict or a function is refused: what it would show is not in the key);
- `visitor()`: what any page may show of who is looking (the header's name and admin link), written once here;
- SHARED_GLOBALS: the template globals that are the same for every visitor (url_for, the header's categories...);
- `per_request` values (the session's CSRF token, the editor's token and edit target): placeholders in the kept
  copy, filled in on every request.
The key is the template, the page's own URL (its path plus the query arguments the view resolved, never the raw
query string: an argument the page does not read never makes a new copy), the visitor and the inputs, so two
visitors share a copy only when it shows them the same. A kept template that reads anything else (current_user,
session, g, the request beyond its path, a global not listed, a name it was not given) raises KeptPageError while
it is rendered: a per-visitor value added to base.html or a kept template fails every test that shows the page,
instead of leaking from one visitor to the next.

A new catalog revision drops every kept page (storefront/revisions.py). A page with flashed messages is rendered
afresh. What a process keeps is bounded in count and in bytes (KEPT_PAGES_MAX_BYTES), the least recently shown
pages dropped first.
"""

import dataclasses
import functools
import secrets
import sys
from datetime import date, datetime
from urllib.parse import urlsplit

from flask import current_app, get_flashed_messages, has_request_context, render_template, request, url_for
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from jinja2 import StrictUndefined, UndefinedError
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import escape

from . import revisions
from .catalog.read_model import AREA, CatalogRow

# Unguessable, so no catalog text or shopper's input can ever contain it.
CSRF_PLACEHOLDER = f"csrf-{secrets.token_hex(16)}"
MAX_KEPT = 2_000
# Template globals a kept page may use: the same for every visitor (Jinja's own helpers among them).
SHARED_GLOBALS = frozenset(
    {"url_for", "product_image_url", "nav_categories", "store_name", "range", "dict", "lipsum", "cycler", "joiner"}
    | {"namespace"}
)
_EXTENSION = "rendered_pages"
_ENVIRONMENT = "rendered_pages_environment"
_PLAIN = (str, int, float, bool, type(None), date, datetime)


class KeptPageError(RuntimeError):
    """A kept page's template read something that may differ per visitor and that nobody declared."""


@dataclasses.dataclass(frozen=True)
class Visitor:
    """What any page may show of who is looking at it (base.html's header). Kept pages are kept per Visitor: a field
    added here is part of their key."""

    signed_in: bool = False
    name: str | None = None
    is_admin: bool = False


GUEST = Visitor()


def visitor():
    """The current visitor as pages may show them: every guest alike, a customer by name and admin rights."""
    if has_request_context() and current_user.is_authenticated:
        return Visitor(True, current_user.name, bool(current_user.is_admin))
    return GUEST


def render_page(template, inputs=None, per_request=None, page_url=None):
    """The page `template` renders from `inputs`, from the process's kept copy when it has one for this page,
    visitor and inputs.

    `page_url`: the URL of what the page shows, built from the query arguments the view read and resolved (default:
    the request's path without its query string); links back to the page (Log in's `next`) use it.
    `per_request` ({name: Markup}): values that differ on every request, already escaped for where the template
    puts them; the kept copy holds a placeholder for each."""
    inputs = inputs or {}
    per_request = per_request or {}
    page_url = page_url or request.path
    if get_flashed_messages():
        return render_template(template, page_url=page_url, **inputs, **per_request)

    placeholders = {name: escape(f"{CSRF_PLACEHOLDER}-{name}") for name in per_request}
    who = visitor()
    key = (template, page_url, who, *((name, _key_of(name, value)) for name, value in inputs.items()))
    html = kept_pages().get_or_make(key, lambda: _render_kept(template, page_url, who, {**inputs, **placeholders}))
    for name, value in per_request.items():
        html = html.replace(placeholders[name], value)
    return html.replace(CSRF_PLACEHOLDER, generate_csrf())


def _key_of(name, value):
    """`value` as part of a kept page's key; refuses what could show more than the key says."""
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, CatalogRow):
        return type(value).__name__, value.id  # one row of the catalog's revision, which every kept page is of
    if isinstance(value, tuple):
        return tuple(_key_of(name, item) for item in value)
    fields = _fields_of(type(value))
    if fields:
        return type(value).__name__, *(_key_of(name, getattr(value, field)) for field in fields)
    raise KeptPageError(
        f"kept page input {name!r} is a {type(value).__name__}: give a kept page catalog rows, plain values, and "
        "tuples and dataclasses of these, so that everything it shows is part of its key"
    )


@functools.cache
def _fields_of(cls):
    """The field names of a dataclass (looked up once per class: keys are made on every request), else ()."""
    return tuple(field.name for field in dataclasses.fields(cls)) if dataclasses.is_dataclass(cls) else ()


class _Undeclared:
    """A template global that may differ per visitor (session, g, current_user's helpers...): any use of it in a
    kept page raises."""

    __slots__ = ("global_name",)

    def __init__(self, global_name):
        self.global_name = global_name

    def refuse(self, *_args, **_kwargs):
        raise KeptPageError(
            f"a kept page reads {self.global_name!r}, which may differ per visitor: pass what the page needs as an "
            "input, add it to Visitor, or list a global that is the same for everyone in SHARED_GLOBALS "
            "(storefront/rendered_pages.py)"
        )

    __getattr__ = __call__ = __str__ = __html__ = __bool__ = __iter__ = __len__ = __getitem__ = refuse


class _PageRequest:
    """The request as a kept page may read it: its path, blueprint and endpoint, which are the same for every
    request its copy is shown to (they follow from its URL). Anything else (args, cookies, headers) raises."""

    __slots__ = ("path", "blueprint", "endpoint")

    def __init__(self, page_url):
        self.path = urlsplit(page_url).path
        self.blueprint = request.blueprint
        self.endpoint = request.endpoint

    def __getattr__(self, name):
        raise KeptPageError(
            f"a kept page reads request.{name}, which may differ per visitor: the view must resolve it and pass it as "
            "an input (and in page_url)"
        )


def _relative_url_for(endpoint, **values):
    if values.get("_external"):
        raise KeptPageError("an absolute URL names the request's own host, which the visitor chose: not in kept pages")
    return url_for(endpoint, **values)


def _kept_environment():
    """The app's Jinja environment as kept pages see it: its shared globals, stand-ins that raise for the others,
    and StrictUndefined, so a name the page was not given fails instead of rendering empty."""
    environment = current_app.extensions.get(_ENVIRONMENT)
    if environment is None:
        app_environment = current_app.jinja_env
        environment = app_environment.overlay(undefined=StrictUndefined)
        environment.globals = {
            name: value if name in SHARED_GLOBALS else _Undeclared(name)
            for name, value in app_environment.globals.items()
        }
        environment.globals.update(
            url_for=_relative_url_for,
            csrf_token=lambda: CSRF_PLACEHOLDER,
            # Only a page without flashed messages is kept (render_page).
            get_flashed_messages=lambda **_options: (),
        )
        current_app.extensions[_ENVIRONMENT] = environment
    return environment


def _render_kept(template, page_url, who, values):
    context = {**values, "visitor": who, "page_url": page_url, "request": _PageRequest(page_url)}
    try:
        return _kept_environment().get_template(template).render(context)
    except UndefinedError as exc:
        raise KeptPageError(
            f"{template} is a kept page and read a name it was not given ({exc}): pass it as an input "
            "(storefront/rendered_pages.py)"
        ) from exc


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
    # Every other page reads the visitor the same way, so base.html has one source for it.
    app.context_processor(lambda: {"visitor": visitor()})
