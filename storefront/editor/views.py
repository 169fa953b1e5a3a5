"""Editor views: the personalize page that mounts the Hub's editor, and the fresh token a long session needs."""

import logging

from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from markupsafe import escape

from .. import rate_limits
from ..cart.models import CartLine
from ..catalog.queries import product_by_slug
from ..hub import HubError, HubNotFound
from ..orders.queries import designed_order_line
from ..rendered_pages import json_for_html, render_page
from ..routing import MAX_ID
from ..security_headers import allow
from ..shoppers.identity import current_shopper, editor_identity, owned
from ..shoppers.models import SavedDesign
from . import edit_targets
from .content_policy import editor_sources
from .edit_targets import EditTarget
from .personalization import MOUNTING_TEMPLATES, Reopened, open_editor, token_expires_in

bp = Blueprint("editor", __name__)

log = logging.getLogger(__name__)

# A visitor sent through to get a session carries this mark; the session's own mark says it was given one.
SESSION_MARK = "session"
SESSION_STARTED = "started"
# The query arguments that name what the page reopens (see _source).
SOURCE_ARGS = ("line", "design", "order_line")


def _id_arg(name):
    """A row id from the query string; 404 for anything that cannot be one."""
    value = request.args.get(name, type=int)
    if value is None or not 0 < value <= MAX_ID:
        abort(404)
    return value


def _source(shopper, group):
    """(what the page reopens, the edit target it sends back): a cart line, a saved design, an order line."""
    user = shopper.storefront_user_id
    if request.args.get("line"):
        line = owned(CartLine, _id_arg("line"), shopper) or abort(404)
        target = EditTarget(user, group.id, line_id=line.id, design_id=line.saved_design_id)
        # A design the Hub has forgotten cannot be reopened: the shopper designs it again, and the save replaces it.
        reopened = None if line.design_missing_at else Reopened(line.state_id, line.editor_data, f"line-{line.id}")
        return line, reopened, target
    if request.args.get("design"):
        design = owned(SavedDesign, _id_arg("design"), shopper) or abort(404)
        target = EditTarget(user, group.id, design_id=design.id)
        reopened = None if design.missing_at else Reopened(design.state_id, design.editor_data, f"design-{design.id}")
        return design, reopened, target
    if request.args.get("order_line"):
        line = designed_order_line(shopper, _id_arg("order_line")) or abort(404)
        # A past order's design opens as a new one: saving it never changes the order.
        return line, Reopened(line.design_ids[0], line.editor_data), EditTarget(user, group.id)
    return None, None, EditTarget(user, group.id)


@bp.route("/products/<slug>/personalize")
@rate_limits.personalize
def personalize(slug):
    """Open the Hub editor; `line` edits a cart line, `design` a saved design, `order_line` starts from an order's.

    404 for unknown or plain products and for lines or designs of other shoppers.
    """
    group = product_by_slug(slug)
    if group is None or not group.personalizable or not group.variants:
        abort(404)
    if not session:
        if any(request.args.get(name) for name in SOURCE_ARGS):
            abort(404)  # a visitor without a session owns no cart line, design or order
        return _session_first()

    shopper = current_shopper()
    source, reopened, target = _source(shopper, group)
    source_variant = getattr(source, "variant", None)
    if source_variant is not None and source_variant.product_group_id != group.id:
        abort(404)
    sku = request.args.get("sku") or (source_variant.sku if source_variant else group.variants[0].sku)
    variant = next((v for v in group.variants if v.sku == sku), None)
    if variant is None:
        flash("That option is not available for this product. Please choose one of the options below.", "error")
        return redirect(url_for("catalog.product", slug=group.slug))

    try:
        editor = open_editor(shopper, group, variant, quantity=getattr(source, "quantity", 1), reopened=reopened)
    except HubNotFound:
        log.warning("no personalization workflow at the Hub for %s", group.hub_reference)
        return render_template("editor/unavailable.html", product=group, reason="not_linked"), 503
    except HubError as exc:
        log.warning("editor for %s unavailable: %s", group.hub_reference, exc)
        return render_template("editor/unavailable.html", product=group, reason="hub_down"), 503

    target = EditTarget(target.storefront_user_id, group.id, variant.sku, target.line_id, target.design_id)
    allow(editor_sources(editor))
    page_url = url_for("editor.personalize", slug=group.slug, sku=variant.sku, **_source_arg(source))
    response = make_response(_editor_page(editor, group, variant, target, source, page_url))
    # The page carries the shopper's own editor token: keep it out of shared caches.
    response.headers["Cache-Control"] = "no-store"
    return response


def _session_first():
    """A visitor without a session (a crawler, a script, a link opened in a fresh browser) gets one and is sent
    through once; the Hub hears of a shopper only when they come back with it. A visitor who comes back still
    without one keeps no cookies: they are told so, and the Hub is never asked."""
    args = {name: value for name, value in request.args.items() if name != SESSION_MARK}
    if request.args.get(SESSION_MARK):
        retry_url = url_for("editor.personalize", **request.view_args, **args)
        response = make_response(render_template("editor/cookies_needed.html", retry_url=retry_url), 400)
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        return response
    session[SESSION_STARTED] = True
    return redirect(url_for("editor.personalize", **request.view_args, **args, **{SESSION_MARK: "1"}))


def _source_arg(source):
    """The query argument that names what the page reopens (none for a new design)."""
    if source is None:
        return {}
    name = {CartLine: "line", SavedDesign: "design"}.get(type(source), "order_line")
    return {name: source.id}


def _editor_page(editor, group, variant, target, source, page_url):
    """The personalize page: a frame kept per visitor and URL (rendered_pages.py) around what is the shopper's own,
    their editor's init() arguments (its token among them) and the signed edit target."""
    context = {"editor": editor, "product": group, "variant": variant, "editing": source if target.editing else None}
    if editor.template not in MOUNTING_TEMPLATES:
        return render_template(editor.template, **context)
    expires_in = editor.token_expires_in
    own = {
        "editor_config": json_for_html(editor.init),
        "edit_target": escape(edit_targets.sign(target)),
        "token_expires_in": escape("" if expires_in is None else expires_in),
    }
    inputs = {"editor": editor.frame, "product": group, "variant": variant, "editing": target.editing}
    return render_page(editor.template, inputs, per_request=own, page_url=page_url)


@bp.route("/editor/token")
@rate_limits.editor_token
def fresh_token():
    """JSON {userId, token, expiresIn}: a storefront-user token for an editor page whose token runs out; the
    cached one while it has more than half its life left (hub/cache.py), as the page itself gets.

    404 for a visitor who never opened an editor; 503 when the Hub cannot be reached.
    """
    shopper = current_shopper(create=False)
    if shopper is None:
        abort(404)
    try:
        user_id, token = editor_identity(shopper)
    except HubError as exc:
        log.warning("could not renew an editor token: %s", exc)
        return jsonify(error="The design service cannot be reached just now."), 503
    response = jsonify(userId=user_id, token=token, expiresIn=token_expires_in(token))
    response.headers["Cache-Control"] = "no-store"
    return response
