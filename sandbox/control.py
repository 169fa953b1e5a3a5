"""The sandbox's own control API for tests and benchmarks: /sandbox/faults, /sandbox/stats, /sandbox/config, reset."""

from flask import Blueprint, current_app, request

from . import retention, store
from .responses import ok

bp = Blueprint("control", __name__, url_prefix="/sandbox")


def _sandbox():
    return current_app.extensions["sandbox"]


def _changes() -> dict | None:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else None


def _update(target):
    changes = _changes()
    if changes is None:
        return ok({"error": "send a JSON object"}, 400)
    try:
        return ok(target.update(changes))
    except ValueError as exc:
        return ok({"error": str(exc)}, 400)


@bp.get("/faults")
def get_faults():
    return ok(_sandbox().faults.snapshot())


@bp.post("/faults")
def set_faults():
    """Merge the given fault settings (error_rate, error_status, latency_ms, fail_pipeline_rate, fail_pipeline_next,
    seed, error_methods) into the current ones; 400 {"error"} when one is invalid (then nothing changes)."""
    return _update(_sandbox().faults)


@bp.delete("/faults")
def clear_faults():
    """Back to the faults the sandbox started with (the SANDBOX_* environment)."""
    return ok(_sandbox().faults.reset())


@bp.get("/config")
def get_config():
    return ok(_sandbox().settings.snapshot())


@bp.post("/config")
def set_config():
    """Merge run-time settings: pending_seconds, processing_seconds, anonymous_access, webhook_url, webhook_secret,
    token_ttl, user_token_ttl."""
    return _update(_sandbox().settings)


@bp.delete("/config")
def reset_config():
    return ok(_sandbox().settings.reset())


@bp.post("/clean-up")
def clean_up():
    """Run the retention clean-up now: {"deleted": [design ids]}. `older_than_seconds` (optional, >= 0) is the age
    that counts as outdated; without it, the tenant's `retention_days`."""
    changes = _changes() if request.get_data() else {}
    if changes is None:
        return ok({"error": "send a JSON object"}, 400)
    age = changes.get("older_than_seconds", retention.period_days() * retention.DAY)
    if isinstance(age, bool) or not isinstance(age, int | float) or age < 0:
        return ok({"error": "older_than_seconds: must be a number >= 0"}, 400)
    unknown = set(changes) - {"older_than_seconds"}
    if unknown:
        return ok({"error": f"unknown setting {sorted(unknown)[0]!r}; known: older_than_seconds"}, 400)
    return ok({"deleted": retention.clean_up(store.get_db(), age)})


@bp.get("/stats")
def stats():
    return ok(_sandbox().stats.snapshot())


@bp.post("/stats/reset")
def reset_stats():
    _sandbox().stats.reset()
    return ok(_sandbox().stats.snapshot())


@bp.post("/reset")
def reset():
    """Wipe users, designs, projects and artifacts; the demo products, access tokens and settings stay."""
    store.reset(store.get_db(), current_app.config["SANDBOX_FILES_DIR"])
    return ok({"reset": True})
