"""Webhook views: the Hub pipeline's `invoke-url` callback, which makes the order's project be polled at once.

The callback only says "look now": the poll job reads the real outcome from the Hub, so nothing in the body is
trusted beyond picking the project. A shared secret in the `X-Webhook-Secret` header keeps strangers from
triggering polls; a secret in the query string is refused, since URLs end up in access logs.
"""

import hmac
import logging

from flask import Blueprint, current_app, jsonify, request

from ..extensions import csrf, db
from ..fulfillment.models import HubProject
from ..jobs.queueing import queue_poll_now
from ..orders.timeline import EventKind, Source, record

bp = Blueprint("webhooks", __name__, url_prefix="/webhooks")

log = logging.getLogger(__name__)
MAX_PROJECT_ID = 2**31  # the column is a 32-bit integer; a larger id cannot be ours


SECRET_HEADER = "X-Webhook-Secret"  # noqa: S105 (a header name)
SECRET_IN_URL = (
    f"Send the webhook secret in the {SECRET_HEADER} header (the invoke-url task's queryHeaders); "
    "a secret in the URL is refused, because URLs are written to access logs."
)


def _authorised():
    expected = current_app.config.get("HUB_WEBHOOK_SECRET")
    given = request.headers.get(SECRET_HEADER)
    if not expected or not given:
        return False
    return hmac.compare_digest(given.encode("utf-8"), str(expected).encode("utf-8"))


def _project_id(body):
    """The body's projectId as an int (the Hub sends a number; a numeric string is accepted), else None."""
    value = body.get("projectId")
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < MAX_PROJECT_ID:
        return None
    return value


@bp.route("/hub/pipeline", methods=["POST"])
@csrf.exempt
def hub_pipeline():
    """Queue an immediate poll of the project's order: 202, or 403 (secret), 400 (body, or a secret in the URL),
    404 (unknown project)."""
    if "secret" in request.args:
        log.warning("hub webhook refused: the secret came in the URL (from %s)", request.remote_addr)
        return jsonify(error=SECRET_IN_URL), 400
    if not _authorised():
        log.warning("hub webhook refused: missing or wrong secret (from %s)", request.remote_addr)
        return jsonify(error="Forbidden."), 403
    body = request.get_json(silent=True)
    project_id = _project_id(body) if isinstance(body, dict) else None
    if project_id is None:
        return jsonify(error="Expected a JSON body with an integer projectId."), 400
    project = db.session.execute(db.select(HubProject).filter_by(hub_project_id=project_id)).scalar_one_or_none()
    if project is None:
        log.info("hub webhook for unknown project %s", project_id)
        return jsonify(error="Unknown project."), 404
    # Redis being down is no reason to fail the Hub's pipeline: the scheduled poll still comes.
    queued = queue_poll_now(project.order_id) is not None
    record(project.order, EventKind.WEBHOOK, "Hub pipeline callback received", Source.HUB)
    db.session.commit()
    log.info("hub webhook: project %s (order %s), poll queued: %s", project_id, project.order_id, queued)
    return jsonify(queued=queued), 202
