"""The simulated processing pipeline: Pending -> InProgress -> Completed/Failed, print files and the webhook."""

import json
import logging
import threading
import time

import requests

from . import artifacts, render, store
from .project_data import load_items

log = logging.getLogger(__name__)

PENDING, IN_PROGRESS, COMPLETED, FAILED = "Pending", "InProgress", "Completed", "Failed"
ACTIVE = (PENDING, IN_PROGRESS)
TICK_SECONDS = 0.1
INJECTED = "Injected failure: the sandbox's fault settings failed this pipeline run (fail_pipeline_next/_rate)."


class RenderFailed(Exception):
    """A project item cannot be rendered; the message becomes the project's statusDescription."""


class KeyedLocks:
    """One re-entrant lock per project id, so a request and the pipeline thread never finish a project twice."""

    def __init__(self):
        self._guard = threading.Lock()
        self._locks = {}

    def __call__(self, key):
        with self._guard:
            return self._locks.setdefault(key, threading.RLock())


def _state(app):
    return app.extensions["sandbox"]


def advance(app, conn, project_id: int):
    """Move the project through every phase whose time has come; cheap when nothing is due."""
    sandbox = _state(app)
    row = conn.execute("SELECT processing_status FROM projects WHERE id = ?", (project_id,)).fetchone()
    if row is None or row["processing_status"] not in ACTIVE:
        return
    with sandbox.locks(project_id):
        row = conn.execute("SELECT * FROM projects WHERE id = ?", (project_id,)).fetchone()
        if row is None or row["processing_status"] not in ACTIVE:
            return
        pending, processing = sandbox.settings["pending_seconds"], sandbox.settings["processing_seconds"]
        now, status, started = time.time(), row["processing_status"], row["phase_started"]
        if status == PENDING:
            if now < started + pending:
                return
            status, started = IN_PROGRESS, started + pending
            if now < started + processing:
                with store.write(conn):
                    conn.execute(
                        "UPDATE projects SET processing_status = ?, phase_started = ?, last_modified = ?"
                        " WHERE id = ? AND run = ?",
                        (status, started, now, project_id, row["run"]),
                    )
                return
        if now >= started + processing:
            _finish(app, conn, row)


def _finish(app, conn, row):
    """Render every item (or fail), then record the outcome in one transaction and call the webhook."""
    files_dir = app.config["SANDBOX_FILES_DIR"]
    outcome, description, rendered = COMPLETED, None, []
    if row["fail_planned"]:
        outcome, description = FAILED, INJECTED
    else:
        try:
            rendered = _render_items(app, conn, row)
        except RenderFailed as exc:
            outcome, description = FAILED, str(exc)
        except Exception as exc:  # a rendering bug must fail the project, not the thread or the request
            log.exception("rendering project %s failed", row["id"])
            outcome, description = FAILED, f"Rendering failed: {exc}"

    with store.write(conn):
        changed = conn.execute(
            "UPDATE projects SET processing_status = ?, status_description = ?, phase_started = ?, last_modified = ?"
            " WHERE id = ? AND run = ? AND processing_status IN (?, ?)",
            (outcome, description, time.time(), time.time(), row["id"], row["run"], *ACTIVE),
        ).rowcount
        if changed:
            outputs = []
            for item, pdf, name in rendered:
                saved = artifacts.save(
                    conn,
                    files_dir,
                    pdf,
                    name=name,
                    fmt="pdf",
                    group=f"project-{row['id']}",
                    owner_id=row["owner_id"],
                    anonymous_access=bool(row["anonymous_access"]),
                    description=f"Print file of project {row['id']}, item {item['id']}",
                    custom_fields={"projectId": row["id"], "projectItemId": item["id"]},
                )
                outputs.append(
                    {
                        "projectItemId": item["id"],
                        "orderLineItemId": item.get("orderLineItemId"),
                        "orderLineItemIndex": item.get("orderLineItemIndex"),
                        "name": name,
                        "format": "pdf",
                        "artifactId": saved["id"],
                        "anonymousAccess": bool(row["anonymous_access"]),
                        "size": saved["size"],
                    }
                )
            conn.execute("UPDATE projects SET outputs = ? WHERE id = ?", (json.dumps(outputs), row["id"]))
    if changed:
        notify(app, {"projectId": row["id"], "orderId": row["order_id"], "status": outcome})


def _render_items(app, conn, row) -> list[tuple[dict, bytes, str]]:
    """[(item, pdf bytes, output name)] for every item; RenderFailed names the first problem."""
    data = json.loads(row["data"])
    order = data.get("orderNumber") or row["order_id"] or f"project {row['id']}"
    items = load_items(conn, row["id"])
    if not items:
        raise RenderFailed(f"Project {row['id']} has no items to render.")
    results = []
    for position, item in enumerate(items):
        where = f"Project item {item['id']} (order line {item.get('orderLineItemIndex', position)})"
        design_ids = item.get("designIds") or []
        if not design_ids:
            raise RenderFailed(f"{where} has no designIds to render.")
        designs = []
        for design_id in design_ids:
            design = conn.execute("SELECT owner_id, content FROM designs WHERE id = ?", (design_id,)).fetchone()
            if design is None:
                raise RenderFailed(f"{where}: design '{design_id}' was not found.")
            if design["owner_id"] != row["owner_id"]:
                raise RenderFailed(f"{where}: design '{design_id}' is not owned by project owner '{row['owner_id']}'.")
            designs.append(json.loads(design["content"]))
        index = item.get("orderLineItemIndex")
        line = index if index is not None else position
        sku = item.get("sku") or "no-sku"
        footer = f"Order {order} | line {line} | {sku} | qty {item.get('quantity') or 1}"
        name = item.get("name") or f"order-{order}-line-{line}-{sku}".replace(" ", "-")
        pdf = render.item_pdf(designs, footer, title=name, font_path=app.config.get("SANDBOX_FONT"))
        results.append((item, pdf, name))
    return results


def notify(app, payload: dict):
    """POST the processing outcome to the configured webhook in the background (never raises)."""
    settings = _state(app).settings
    url, secret = settings["webhook_url"], settings["webhook_secret"]
    if not url:
        return
    headers = {"X-Webhook-Secret": secret} if secret else {}

    def send():
        try:
            response = requests.post(url, json=payload, headers=headers, timeout=5)
            if response.status_code >= 400:
                log.warning("webhook for project %s answered %s", payload["projectId"], response.status_code)
        except requests.RequestException as exc:
            log.warning("webhook for project %s failed: %s", payload["projectId"], exc)

    threading.Thread(target=send, name=f"sandbox-webhook-{payload['projectId']}", daemon=True).start()


def advance_all(app, conn):
    """Advance every project still Pending or InProgress."""
    ids = [r["id"] for r in conn.execute("SELECT id FROM projects WHERE processing_status IN (?, ?)", ACTIVE)]
    for project_id in ids:
        advance(app, conn, project_id)


def start(app) -> threading.Thread:
    """Start the background thread that advances projects every ~100 ms (idempotent; stop with `stop(app)`)."""
    sandbox = _state(app)
    if sandbox.pipeline_thread is not None and sandbox.pipeline_thread.is_alive():
        return sandbox.pipeline_thread
    stopping = threading.Event()

    def loop():
        conn = store.connect(app.config["SANDBOX_DB"])
        try:
            while not stopping.wait(TICK_SECONDS):
                try:
                    with app.app_context():
                        advance_all(app, conn)
                except Exception:  # keep ticking: one bad project or a locked database must not stop the pipeline
                    log.exception("pipeline tick failed")
        finally:
            conn.close()

    sandbox.pipeline_stop = stopping
    sandbox.pipeline_thread = threading.Thread(target=loop, name="sandbox-pipeline", daemon=True)
    sandbox.pipeline_thread.start()
    return sandbox.pipeline_thread


def stop(app, timeout=5):
    sandbox = _state(app)
    if sandbox.pipeline_thread is not None:
        sandbox.pipeline_stop.set()
        sandbox.pipeline_thread.join(timeout)
        sandbox.pipeline_thread = None
