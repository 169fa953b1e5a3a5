"""Order-to-print-file latency and Hub calls per order: real shopper journeys, then polling each order to `ready`."""

import re
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from storefront.orders.lifecycle import SETTLED

from .report import summary
from .shopper import JourneyError, Shopper

PERSONALIZABLE = (
    "classic-business-card",
    "bold-business-card",
    "wedding-invitation",
    "birthday-party-invitation",
    "photo-mug",
)
PLAIN_SKU = "ENV-C6-KRAFT-25"
STATUS_POLL_SECONDS = 0.25  # how often the bench looks for orders that became final (the order page asks every 4 s)
CLIENT_RETRY = re.compile(r"hub (\w+): retry \d+/\d+")  # the Hub client's own backoff retries
JOB_RETRY = re.compile(r"Job ([a-z]+(?:-[a-z]+)*)-\d[\w-]*: scheduled for retry")  # RQ re-running a failed job later
JOB_DONE = re.compile(r"Successfully completed [\w.]*?(\w+)\(.*?\) job in (\d+):(\d+):([\d.]+)s")  # RQ's line
FINAL = frozenset(map(str, SETTLED))  # what status.json calls final


def plan(count, register_every):
    """Deterministic journeys: 1-3 personalized lines each, a plain line in every other order, some shoppers
    register before checkout (a guest-to-customer merge at the Hub)."""
    journeys = []
    for index in range(count):
        slugs = [PERSONALIZABLE[(index + offset) % len(PERSONALIZABLE)] for offset in range(1 + index % 3)]
        journeys.append(
            {
                "index": index,
                "slugs": slugs,
                "plain": index % 2 == 1,
                "register": bool(register_every) and index % register_every == register_every - 1,
            }
        )
    return journeys


def shop(store_url, journey):
    """One shopper's journey from the home page to the order page; returns the placed order's record."""
    shopper = Shopper(store_url, name=f"Bench Shopper {journey['index']}")
    shopper.get("/")
    for line, slug in enumerate(journey["slugs"]):
        shopper.personalize_into_cart(slug, lines=(f"Order line {line}", f"shopper {journey['index']}"))
    if journey["plain"]:
        shopper.add_plain(PLAIN_SKU)
    if journey["register"]:
        shopper.register()
    number, key, placed_at = shopper.checkout()
    return {
        "number": number,
        "key": key,
        "shopper": shopper,
        "placed_at": placed_at,
        "lines": len(journey["slugs"]),
        "registered": journey["register"],
        "ready_at": None,
        "status": "placed",
        "status_polls": 0,
    }


def final_numbers(database):
    """Order numbers whose status is final in the store's database (one cheap read-only query)."""
    try:
        conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=10)
        try:
            rows = conn.execute("SELECT number, status FROM orders").fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        return set()
    return {number for number, status in rows if status in FINAL}


def watch(orders, lock, done, deadline, database, progress=None):
    """Until every order is final or the deadline passes: every STATUS_POLL_SECONDS read which orders are final in
    the store's database, then ask those orders' status.json over HTTP (the time it answers is what the bench
    observes). Asking the database first keeps the bench from loading the store with status polls of hundreds of
    open orders. `progress(placed, ready)` is called on each pass."""
    while time.monotonic() < deadline:
        with lock:
            open_orders = [order for order in orders if order["status"] not in FINAL]
            finished = done.is_set()
            placed = len(orders)
        if progress:
            progress(placed, placed - len(open_orders))
        if finished and not open_orders:
            return
        final = final_numbers(database) if open_orders else set()
        for order in (order for order in open_orders if order["number"] in final):
            try:
                status = order["shopper"].order_status(order["number"], order["key"])
            except (JourneyError, OSError):
                continue
            seen = time.monotonic()
            order["status_polls"] += 1
            order["status"] = status["status"]
            if status["status"] == "ready" and order["ready_at"] is None:
                order["ready_at"] = seen
                order["files"] = len(status["files"])
        time.sleep(STATUS_POLL_SECONDS)


def _moment(value):
    """A stored UTC moment (SQLite keeps it naive) as a Unix timestamp."""
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def server_timings(database, numbers, since):
    """Per order, from the store's database: checkout -> Hub project created -> a poll sees Completed -> files ready."""
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=10)
    conn.row_factory = sqlite3.Row
    try:
        rows = conn.execute(
            "SELECT o.number, o.status, o.created_at, o.updated_at, p.created_at AS project_at,"
            " p.polls, p.resumes,"
            # Artifact rows are written by the first poll that sees Completed: when the store learnt of the files.
            " (SELECT MIN(a.created_at) FROM artifacts a WHERE a.order_id = o.id) AS completed_seen_at,"
            " (SELECT COUNT(*) FROM artifacts a WHERE a.order_id = o.id AND a.fetched_at IS NOT NULL) AS files"
            " FROM orders o LEFT JOIN hub_projects p ON p.order_id = o.id"
        ).fetchall()
        merge_rows = conn.execute("SELECT created_at, done FROM hub_merges").fetchall()
    finally:
        conn.close()
    result = {}
    for row in rows:
        if row["number"] not in numbers:
            continue
        created, project, seen = (
            _moment(row["created_at"]),
            _moment(row["project_at"]),
            _moment(row["completed_seen_at"]),
        )
        ready = _moment(row["updated_at"]) if row["status"] == "ready" else None
        result[row["number"]] = {
            "status": row["status"],
            "polls": row["polls"],
            "resumes": row["resumes"],
            "files": row["files"],
            "submit_s": project - created if project and created else None,
            "until_completed_seen_s": seen - project if seen and project else None,
            "fetch_s": ready - seen if ready and seen else None,
            "server_total_s": ready - created if ready and created else None,
            "created_at": created,
            "ready_at": ready,
        }
    merges = [bool(row["done"]) for row in merge_rows if _moment(row["created_at"]) >= since]
    return result, {"merges": len(merges), "merges_done": sum(merges)}


def hub_render_times(sandbox_database):
    """Per order number: seconds the Hub took from creating the order's project to Completed (its last change), from
    the sandbox's own database: the render time, whatever the delays and however long the PDFs took."""
    conn = sqlite3.connect(f"file:{sandbox_database}?mode=ro", uri=True, timeout=10)
    try:
        rows = conn.execute(
            "SELECT order_id, last_modified - created FROM projects WHERE processing_status = 'Completed'"
        ).fetchall()
    finally:
        conn.close()
    return dict(rows)


def past_render(timing, hub_render_s):
    """Checkout to files ready minus what the Hub spent rendering: the store's own part of the latency."""
    if timing["server_total_s"] is None or hub_render_s is None:
        return None
    return timing["server_total_s"] - hub_render_s


def _seconds_summary(values):
    stats = summary([value for value in values if value is not None])
    return {key: (round(value, 3) if isinstance(value, float) else value) for key, value in stats.items()}


def run_scenario(
    stack,
    name,
    count=10,
    concurrency=2,
    webhook=True,
    faults=None,
    timeout=120.0,
    register_every=3,
    progress=None,
    rate=None,
):
    """Place `count` orders through the HTTP journey and wait for their print files; returns the scenario's numbers.
    `progress(placed, ready)` is called as the orders go (the memory sampler); `rate` (orders per minute) paces the
    journeys' starts, None starts each as soon as a shopper is free."""
    idle_wait = stack.wait_until_workers_idle()  # an earlier scenario's proofs and emails must not queue ahead
    stack.control("POST", "config", {"webhook_url": f"{stack.store_url}/webhooks/hub/pipeline" if webhook else None})
    stack.control("DELETE", "faults")
    if faults:
        stack.control("POST", "faults", faults)
    stack.control("POST", "stats/reset")
    log_offsets = {name: stack.log_size(name) for name in stack.processes if name != "sandbox"}

    orders, errors, lock, done = [], [], threading.Lock(), threading.Event()
    began, began_wall = time.monotonic(), time.time()
    database = stack.workdir / "store.db"
    watcher = threading.Thread(
        target=watch, args=(orders, lock, done, began + timeout, database, progress), daemon=True
    )
    watcher.start()

    def place(journey):
        if rate:
            time.sleep(max(0.0, began + journey["index"] * 60 / rate - time.monotonic()))
        try:
            order = shop(stack.store_url, journey)
        except (JourneyError, OSError) as exc:
            with lock:
                errors.append(f"journey {journey['index']}: {exc}")
            return None
        with lock:
            orders.append(order)
        return order

    pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix=f"shopper-{name}")
    try:
        list(pool.map(place, plan(count, register_every)))
    finally:
        pool.shutdown(wait=False, cancel_futures=True)  # on Ctrl-C: no new journeys, the stack stops at once
    placed_in = time.monotonic() - began
    done.set()
    watcher.join(max(0.0, began + timeout - time.monotonic()) + 5)
    hub_stats = stack.control("GET", "stats")
    stack.control("DELETE", "faults")

    logs = {name: stack.log_since(name, offset) for name, offset in log_offsets.items()}
    retries = count_retries(logs)
    jobs = job_seconds(logs)
    workers = sum(1 for name in stack.processes if name.split("-")[0] == "worker")
    editor_reloads = sum(order["shopper"].editor_unavailable for order in orders)
    timings, merges = server_timings(database, {o["number"] for o in orders}, began_wall)
    hub_render = hub_render_times(stack.workdir / "sandbox.db")
    for number, timing in timings.items():
        timing["hub_render_s"] = hub_render.get(number)
    latencies = [order["ready_at"] - order["placed_at"] for order in orders if order["ready_at"] is not None]
    render_s = stack.settings.pending_seconds + stack.settings.processing_seconds
    per_order = [
        {
            "number": order["number"],
            "lines": order["lines"],
            "registered": order["registered"],
            "status": order["status"],
            "observed_s": round(order["ready_at"] - order["placed_at"], 3) if order["ready_at"] else None,
            **{
                key: (round(value, 3) if isinstance(value, float) else value)
                for key, value in timings.get(order["number"], {}).items()
                if key not in ("status", "created_at", "ready_at")
            },
        }
        for order in sorted(orders, key=lambda order: order["number"])
    ]
    return {
        "name": name,
        "settings": {
            "orders": count,
            "concurrent_shoppers": concurrency,
            "webhook": webhook,
            "faults": faults or {},
            "timeout_s": timeout,
            "register_every": register_every,
            "rate_per_minute": rate,
            "status_poll_s": STATUS_POLL_SECONDS,
        },
        "placed": len(orders),
        "ready": sum(1 for order in orders if order["status"] == "ready"),
        "journey_errors": errors,
        "editor_reloads_on_503": editor_reloads,
        "retries": retries,
        "worker_jobs": jobs,
        # Per order only when every order went all the way (else the early jobs of unfinished orders skew it).
        "worker_seconds_per_order": round(sum(j["seconds"] for j in jobs.values()) / len(orders), 3)
        if orders and all(order["status"] in FINAL for order in orders)
        else None,
        "workers": workers,
        "worker_limit_orders_per_minute": worker_limit(jobs, len(orders), workers)
        if all(order["status"] in FINAL for order in orders)
        else None,
        "placing_s": round(placed_in, 2),
        "waited_for_idle_workers_s": idle_wait,
        "latency_s": _seconds_summary(latencies),
        "server_latency_s": _seconds_summary([t["server_total_s"] for t in timings.values()]),
        "render_s": render_s,
        "hub_render_s": _seconds_summary([t["hub_render_s"] for t in timings.values()]),
        "beyond_render_s": _seconds_summary([past_render(t, t["hub_render_s"]) for t in timings.values()]),
        "orders_per_minute": orders_per_minute(timings.values()),
        "lines_per_order": round(sum(order["lines"] for order in orders) / len(orders), 2) if orders else None,
        "breakdown_p50_s": {
            key: _seconds_summary([t[key] for t in timings.values()])["p50"]
            for key in ("submit_s", "until_completed_seen_s", "fetch_s")
        },
        "polls_per_order": _seconds_summary([t["polls"] for t in timings.values()])["mean"],
        "resumes": sum(t["resumes"] or 0 for t in timings.values()),
        **merges,
        "hub_stats": hub_stats,
        "hub_calls_per_order": calls_per_order(hub_stats, len(orders)),
        "orders": per_order,
    }


def orders_per_minute(timings):
    """Orders made ready per minute, from the first checkout to the last order ready (server clock)."""
    ready = [t for t in timings if t["ready_at"] is not None and t["created_at"] is not None]
    if len(ready) < 2:
        return None
    span = max(t["ready_at"] for t in ready) - min(t["created_at"] for t in ready)
    return round(60 * len(ready) / span, 1) if span > 0 else None


def calls_per_order(stats, orders):
    """Calls per operation divided by the number of orders (plus the injected errors the same way)."""
    if not orders:
        return {}
    calls = {op: n / orders for op, n in stats.items() if isinstance(n, int) and not op.startswith("total")}
    calls["editor_total"] = sum(n for op, n in calls.items() if op.startswith("Editor_"))
    calls["store_total"] = sum(n for op, n in calls.items() if not op.startswith("Editor_") and op != "editor_total")
    calls["total"] = stats.get("total_calls", 0) / orders
    calls["injected_errors"] = stats.get("total_injected_errors", 0) / orders
    return {op: round(value, 2) for op, value in calls.items()}


def job_seconds(logs):
    """{job function: {jobs, seconds, mean_s}} from RQ's "Successfully completed" lines in the workers' logs."""
    found = {}
    for name, text in logs.items():
        if name.split("-")[0] != "worker":
            continue
        for function, hours, minutes, seconds in JOB_DONE.findall(text):
            entry = found.setdefault(function, {"jobs": 0, "seconds": 0.0})
            entry["jobs"] += 1
            entry["seconds"] += 3600 * int(hours) + 60 * int(minutes) + float(seconds)
    return {
        function: {"jobs": e["jobs"], "seconds": round(e["seconds"], 2), "mean_s": round(e["seconds"] / e["jobs"], 3)}
        for function, e in sorted(found.items())
    }


def worker_limit(jobs, orders, workers):
    """Orders per minute the workers could finish if busy all the time: workers x 60 s / job seconds per order
    (the fork of each work horse and RQ's own bookkeeping come on top)."""
    seconds = sum(job["seconds"] for job in jobs.values())
    return round(workers * 60 * orders / seconds) if seconds and orders else None


def count_retries(logs):
    """{"client": {operation: n}, "jobs": {job kind: n}} from what the web and worker processes logged."""
    client, jobs = {}, {}
    for text in logs.values():
        for operation in CLIENT_RETRY.findall(text):
            client[operation] = client.get(operation, 0) + 1
    for name, text in logs.items():
        if name.split("-")[0] != "worker":
            continue
        for kind in JOB_RETRY.findall(text):
            jobs[kind] = jobs.get(kind, 0) + 1
    return {"client": dict(sorted(client.items())), "jobs": dict(sorted(jobs.items()))}
