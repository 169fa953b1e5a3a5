"""Admin views: the orders list, one order with its Hub project and print files, the owner's actions, downloads
and proofs.

Every route needs a logged-in admin: visitors are sent to log in, customers get a 404 (the admin pages do not
exist for them). Actions are POSTs with a CSRF token; each flashes what happened and redirects to the order.
"""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from redis.exceptions import RedisError

from ..extensions import db
from ..fulfillment.hub_status import follow_hub_status
from ..mail.order_emails import emails_of
from ..orders import proof_display, stored_print_files
from ..orders.queries import line_products
from ..orders.timeline import events_of
from . import actions, address_correction, health, queries
from .forms import ActionForm, OrderSearchForm, ShippingAddressForm, TransitionForm
from .registry import ACTIONS_BY_NAME, available_actions

bp = Blueprint("admin", __name__, url_prefix="/admin")
PER_PAGE = 50
EXPIRED_FORM = "That form had expired, so nothing was changed. Please try again."


@bp.before_app_request
def require_admin():
    """Anonymous: the login page (then back here); logged in without admin rights: 404.

    Checked for every path under the prefix, matched or not, so a customer cannot tell an admin URL from any
    other missing page (a blueprint's own before_request would not run for a 405 or an unknown path).
    """
    if request.path != bp.url_prefix and not request.path.startswith(bp.url_prefix + "/"):
        return None
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    if not current_user.is_admin:
        abort(404)
    return None


@bp.after_app_request
def private(response):
    """Admin pages (every blueprint under the prefix) carry customers' details: keep them out of caches and search
    engines. A response that is private already keeps its own caching (a proof is revalidated by its ETag)."""
    if request.path != bp.url_prefix and not request.path.startswith(bp.url_prefix + "/"):
        return response
    if not response.cache_control.private:
        response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@bp.get("/")
def home():
    return redirect(url_for(".orders"))


@bp.get("/orders")
def orders():
    """Orders newest first, 50 a page, filtered by `status` (a status or `attention`) and by a search (number,
    email or name; days placed), with counters per status."""
    status = request.args.get("status")
    if status not in queries.FILTERS:
        status = None
    page = request.args.get("page", 1, type=int)
    form = OrderSearchForm(request.args)
    search = None
    if form.validate():
        search = queries.OrderSearch(form.q.data or None, form.since.data, form.until.data)
    pagination = queries.order_page(status, min(max(page, 1), 100_000), PER_PAGE, search)
    return render_template(
        "admin/orders.html",
        search_form=form,
        pagination=pagination,
        status=status,
        filters=queries.FILTERS,
        counts=queries.status_counts(),
        attention=queries.ATTENTION,
        files_ready=queries.files_ready,
        attention_reason=queries.attention_reason,
    )


@bp.get("/orders/<int:order_id>")
def order(order_id):
    """One order (the orderUrl the Hub shows): lines, Hub project with live data, print files, actions; 404 if none."""
    order = queries.order_for_admin(order_id)
    if order is None:
        abort(404)
    return _order_page(order)


def _order_page(order, posted=None):
    """The order page; `posted` is a form the owner sent that needs fixing, keyed by its action (or "address")."""
    posted = posted or {}
    project = order.hub_project
    live = queries.live_project(project.hub_project_id) if project is not None else None
    _follow_live_status(order, live)
    actions = available_actions(order)
    confirm = ACTIONS_BY_NAME.get(request.args.get("confirm"))
    confirm = confirm if confirm is not None and confirm.available(order) else None
    address_form = posted.get("address")
    if address_form is None and address_correction.correctable(order):
        address_form = ShippingAddressForm(formdata=None)
        address_form.address.form.fill(order.shipping_address)
    if address_form is not None:
        address_form.address.form.offer(address_correction.countries_for(order))
    return render_template(
        "admin/order.html",
        order=order,
        products=line_products(order),
        live=live,
        events=events_of(order),
        emails=emails_of(order),
        backoffice_url=queries.backoffice_url(project),
        confirm=confirm,
        # The confirmation posts again what the owner first sent (the carrier and number), kept in the query string.
        confirm_form=confirm.form(formdata=request.args) if confirm is not None else None,
        actions=actions,
        action_forms={action.name: posted.get(action.name) or action.form(formdata=None) for action in actions},
        address_form=address_form,
        attention=queries.attention_reason(order),
        files_ready=queries.files_ready(order),
        downloadable=stored_print_files.downloadable,
        proof_summary=proof_display.summary,
        proof_state=proof_display.state,
        customer_link=url_for("orders.show", number=order.number, key=order.access_token) if order.number else None,
    ), (400 if posted else 200)


def _follow_live_status(order, live):
    """A status change made in the Hub's BackOffice, seen now: on the timeline, and shipping or cancelling."""
    if (
        live is not None
        and live.project is not None
        and follow_hub_status(order, live.project.status, live.status_name)
    ):
        db.session.commit()


@bp.post("/orders/<int:order_id>/<action>")
def act(order_id, action):
    """Run one of the registry's actions on the order; 404 for an unknown action or order. A form whose fields need
    fixing (a tracking number with junk in it) shows the page again with their messages and what was typed."""
    registered = ACTIONS_BY_NAME.get(action)
    order = queries.order_for_admin(order_id)
    if registered is None or order is None:
        abort(404)
    form = registered.form()
    if form.validate_on_submit():
        details = form.details()
        return _run(order_id, registered.run, order_id, current_user.email, bool(form.confirmed.data), **details)
    if "csrf_token" in form.errors:
        flash(EXPIRED_FORM, "warning")
        return redirect(url_for(".order", order_id=order_id))
    return _order_page(order, {action: form})


@bp.post("/orders/<int:order_id>/address")
def correct_address(order_id):
    """Correct the shipping address of an order not yet shipped; checked as at checkout, the page shown again with a
    message on each field that needs fixing; 404 for an unknown order."""
    order = queries.order_for_admin(order_id)
    if order is None:
        abort(404)
    form = ShippingAddressForm()
    form.address.form.offer(address_correction.countries_for(order))
    valid = form.validate_on_submit()
    if "csrf_token" in form.errors or not address_correction.correctable(order):
        flash(EXPIRED_FORM if "csrf_token" in form.errors else address_correction.refusal(order), "warning")
        return redirect(url_for(".order", order_id=order_id))
    if valid:
        address = form.address.form.cleaned
        return _run(order_id, address_correction.correct_address, order_id, address, current_user.email)
    return _order_page(order, {"address": form})


@bp.post("/orders/<int:order_id>/transition")
def transition(order_id):
    """Apply a Hub project status transition by name; the Hub's refusal is flashed with what is allowed."""
    form = TransitionForm()
    return _perform(order_id, form, actions.apply_transition, order_id, form.transition.data, current_user.email)


@bp.post("/orders/<int:order_id>/emails/<int:email_id>/resend")
def resend_email(order_id, email_id):
    """Send a failed email of the order again; 404 for an unknown order."""
    return _perform(order_id, ActionForm(), actions.resend_email, order_id, email_id, current_user.email)


def _perform(order_id, form, run, *args):
    if queries.order_for_admin(order_id) is None:
        abort(404)
    if not form.validate_on_submit():
        flash(EXPIRED_FORM if "csrf_token" in form.errors else "Choose a transition from the list.", "warning")
        return redirect(url_for(".order", order_id=order_id))
    return _run(order_id, run, *args)


def _run(order_id, run, *args, **details):
    """Run an action, flash what it says, and go back to the order (to its confirmation when the Hub would not
    follow, carrying the action's details)."""
    try:
        flash(run(*args, **details), "success")
    except actions.NeedsConfirmation as exc:
        flash(str(exc), exc.category)
        shown = {name: value for name, value in details.items() if value}
        return redirect(url_for(".order", order_id=order_id, confirm=exc.action, **shown))
    except actions.ActionError as exc:
        flash(str(exc), exc.category)
    return redirect(url_for(".order", order_id=order_id))


@bp.get("/orders/<int:order_id>/files/<int:artifact_id>")
def download(order_id, artifact_id):
    """A print file of the order as an attachment, whatever the order's status; 404 unless the store holds it."""
    order, artifact = _admin_artifact(order_id, artifact_id)
    return stored_print_files.send_artifact(order, artifact)


@bp.get("/orders/<int:order_id>/files/<int:artifact_id>/view")
def view(order_id, artifact_id):
    """The same print file inline, for the browser to open (a click on its proof); the same 404s."""
    order, artifact = _admin_artifact(order_id, artifact_id)
    return stored_print_files.send_artifact(order, artifact, inline=True)


@bp.get("/orders/<int:order_id>/files/<int:artifact_id>/proof.png")
def proof(order_id, artifact_id):
    """The file's proof thumbnail, whatever the order's status; 404 until it is made."""
    order, artifact = _admin_artifact(order_id, artifact_id)
    if not artifact.proof_path:
        abort(404)
    return stored_print_files.send_proof(order, artifact)


def _admin_artifact(order_id, artifact_id):
    order = queries.order_for_admin(order_id)
    artifact = stored_print_files.artifact_of(order, artifact_id) if order is not None else None
    if artifact is None:
        abort(404)
    return order, artifact


@bp.get("/health")
def health_page():
    """The Hub, Redis, the queue and its registries, the workers, the last callback and the reconciler's last run."""
    return render_template("admin/health.html", checks=health.all_checks(), form=ActionForm())


@bp.post("/health/requeue-failed")
def requeue_failed():
    """Put every failed job back on the queue (RQ's failed job registry)."""
    if not ActionForm().validate_on_submit():
        flash(EXPIRED_FORM, "warning")
    else:
        try:
            flash(f"{health.requeue_failed()} failed job(s) queued again.", "success")
        except RedisError:
            flash("Redis is not answering, so nothing was queued again.", "error")
    return redirect(url_for(".health_page"))
