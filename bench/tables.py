"""The tables a run prints, from its results (plain text, ready to paste into docs/benchmarks.md)."""

from .report import fmt, table

SUMMARY_KEYS = ("total", "store_total", "editor_total", "injected_errors")


def _pct(value):
    return "-" if value is None else f"{value:.0f}%"


def _times(value):
    return "-" if value is None else f"{value:.1f}x"


def _split(parts):
    return f" ({'+'.join(str(part) for part in parts)})" if parts and len(parts) > 1 else ""


def pages(results):
    rows = [
        (
            row["page"],
            row["persona"],
            fmt(row["requests_per_second"], 0),
            _pct(row["throughput_pct_of_hello"]),
            fmt(row["p50_ms"], 1),
            fmt(row["p99_ms"], 1),
            _times(row["p99_x_hello"]),
            row["errors"] + row["non_2xx_3xx"],
            row["hub_calls"],
            _pct(row["server_cpu_percent"]) + _split(row.get("server_workers_cpu_percent")),
            _pct(row["other_cpu_percent"]),
        )
        for row in results["rows"]
    ]
    headers = ["page", "shopper", "req/s", "% hello", "p50 ms", "p99 ms", "p99 vs hello", "errors", "Hub calls"]
    lines = [table([*headers, "web CPU", "other CPU"], rows)]
    load = results["load"]
    lines.append(
        f"  wrk {load['connections']} connections, {load['threads']} threads, {load['seconds']:g} s x"
        f" {load['rounds']} rounds (medians); CPU in % of one core of {load['cpus']} (web: its gunicorn"
        " workers' shares in brackets); other = processes this bench did not start"
    )
    for row in results["rows"]:
        if not (row["session_ok_before"] and row["session_ok_after"]):
            lines.append(f"  {row['page']} ({row['persona']}): the session cookie failed: {row['session_problem']}")
        if row["set_cookie_sent"]:
            lines.append(f"  {row['page']} ({row['persona']}): the store sent a new session cookie")
    return "\n".join(lines)


def orders(scenarios, limit=None):
    rows = []
    for s in scenarios:
        lat, beyond, steps = s["latency_s"], s["beyond_render_s"], s["breakdown_p50_s"]
        placed_per_minute = 60 * s["placed"] / s["placing_s"] if s["placing_s"] else None
        rows.append(
            (
                s["name"],
                f"{s['ready']}/{s['placed']}",
                fmt(s["orders_per_minute"], 0),
                fmt(placed_per_minute, 0),
                lat["p50"],
                lat["p99"],
                (s.get("hub_render_s") or {}).get("p50"),
                beyond["p50"],
                beyond["p99"],
                steps["submit_s"],
                steps["until_completed_seen_s"],
                steps["fetch_s"],
                s["polls_per_order"],
            )
        )
    headers = ["scenario", "ready", "orders/min", "placed/min", "p50 s", "p99 s", "render", "past render p50", "p99"]
    lines = [table([*headers, "submit", "until seen", "fetch", "polls"], rows)]
    lines.append(
        "  orders/min: checkout of the first order to the last one ready (server clock); placed/min: how fast the"
        " shoppers checked out;\n  p50/p99: checkout POST to status.json ready, seen by the bench; render (p50):"
        " the Hub's project created to Completed, on its clock;\n  past render: checkout to files ready on the"
        " server clock minus that order's render;\n  steps (p50, server clock): submit ="
        " checkout to Hub project, until seen = to a poll seeing Completed (incl. render), fetch = to files stored"
    )
    if limit:
        lines.append(
            f"  sandbox limit: {limit['orders_per_minute']} orders/min = 60 s / ({limit['items_per_order']} items per"
            f" order x {limit['render_s_per_item']} s to render one, one at a time); its {limit['render_delay_s']:g} s"
            f" render delay runs for every project at once; latency floor {limit['latency_floor_s']} s"
        )
    for s in scenarios:
        if not s.get("worker_jobs"):
            continue
        jobs = ", ".join(f"{name} {job['jobs']} x {job['mean_s']:.2f} s" for name, job in s["worker_jobs"].items())
        if s.get("worker_limit_orders_per_minute"):
            limit_note = (
                f"{s['worker_seconds_per_order']} job s per order, so {s['workers']} workers finish at most"
                f" {s['worker_limit_orders_per_minute']} orders/min"
            )
        else:
            limit_note = "not every order finished, so no per-order figure"
        lines.append(f"  {s['name']}: worker jobs {jobs}; {limit_note}")
    for s in scenarios:
        if s["journey_errors"]:
            lines.append(f"  {s['name']}: journey errors: {s['journey_errors'][:5]}")
    return "\n".join(lines)


def calls(scenarios):
    operations = sorted({op for s in scenarios for op in s["hub_calls_per_order"] if op not in SUMMARY_KEYS})
    rows = [(op, *(s["hub_calls_per_order"].get(op, 0.0) for s in scenarios)) for op in operations]
    rows.append(("store -> Hub total", *(s["hub_calls_per_order"].get("store_total") for s in scenarios)))
    rows.append(("browser -> editor API", *(s["hub_calls_per_order"].get("editor_total") for s in scenarios)))
    rows.append(("total", *(s["hub_calls_per_order"].get("total") for s in scenarios)))
    rows.append(("injected errors", *(s["hub_calls_per_order"].get("injected_errors") for s in scenarios)))
    lines = [table(["calls per order", *(s["name"] for s in scenarios)], rows)]
    lines.append("  lines per order: " + ", ".join(f"{s['name']} {s['lines_per_order']}" for s in scenarios))
    for s in scenarios:
        extra = []
        if s["editor_reloads_on_503"]:
            extra.append(f"{s['editor_reloads_on_503']} editor page reload(s) after a 503")
        if s["merges"]:
            extra.append(f"{s['merges_done']}/{s['merges']} guest merges confirmed")
        for kind, label in (("client", "Hub client retries"), ("jobs", "RQ job retries")):
            if s["retries"][kind]:
                extra.append(f"{label}: " + ", ".join(f"{op} {n}" for op, n in s["retries"][kind].items()))
        if extra:
            lines.append(f"  {s['name']}: " + ", ".join(extra))
    return "\n".join(lines)


MEMORY_ROWS = (
    ("web: gunicorn workers", "web_workers_mb", "web_workers"),
    ("RQ workers (own processes)", "rq_workers_mb", "rq_workers"),
    ("RQ work horses (at that moment)", "rq_horses_mb", "rq_horses"),
)


def memory(result):
    warm, end = result["after_warmup"], result["end"]
    rows = [
        (
            label,
            warm[count],
            warm[key],
            end[key],
            _pct(result["growth_pct"].get(key)) if key in result["growth_pct"] else "-",
        )
        for label, key, count in MEMORY_ROWS
    ]
    headers = ["RSS MiB", "processes", f"after {warm['placed']} orders", f"end ({end['placed']} orders)", "growth"]
    lines = [table(headers, rows)]
    lines.append(
        f"  peak of all work horses at one moment: {result['peak_horses_mb']} MiB; {result['samples']} samples;"
        " growth = end against the warm sample"
    )
    return "\n".join(lines)
