"""Run every benchmark on a fresh isolated stack: `python -m bench.run [--help]`; tables on stdout, JSON in results/."""

import argparse
import json
import os
import platform
import signal
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from . import orders, pages
from .report import fmt, table
from .stack import Settings, Stack

RESULTS_DIR = Path(__file__).resolve().parent / "results"
SUMMARY_KEYS = ("total", "store_total", "editor_total", "injected_errors")


class Interrupted(Exception):
    """SIGTERM or the overall time limit: stop the stack and leave."""


def _raise(signum, _frame):
    raise Interrupted(signal.Signals(signum).name)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients per page (default 4)")
    parser.add_argument("--seconds", type=float, default=10, help="seconds of load per page (default 10)")
    parser.add_argument("--orders", type=int, default=10, help="orders per order scenario (default 10)")
    parser.add_argument("--shoppers", type=int, default=2, help="shoppers placing orders at once (default 2)")
    parser.add_argument("--register-every", type=int, default=3, help="every Nth shopper registers (0: none)")
    parser.add_argument("--pending", type=float, default=1.0, help="sandbox pipeline: seconds Pending (default 1)")
    parser.add_argument("--processing", type=float, default=1.0, help="sandbox pipeline: seconds InProgress (1)")
    parser.add_argument("--poll-interval", type=int, default=2, help="the worker's HUB_POLL_INTERVAL (default 2)")
    parser.add_argument("--error-rate", type=float, default=0.2, help="injected 503s in the fault run (0.2)")
    parser.add_argument("--seed", type=int, default=7, help="the sandbox's fault random seed (default 7)")
    parser.add_argument("--order-timeout", type=float, default=120, help="seconds to wait for an order scenario")
    parser.add_argument("--fault-timeout", type=float, default=240, help="seconds to wait for the fault scenario")
    parser.add_argument("--max-seconds", type=int, default=900, help="hard limit for the whole run (default 900)")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/9", help="a Redis db the bench may flush")
    parser.add_argument("--only", choices=["pages", "orders", "faults"], help="one part only (faults: its last run)")
    parser.add_argument("--keep", action="store_true", help="keep the stack's temp dir (logs, databases)")
    parser.add_argument("--output", type=Path, help="results file (default bench/results/<timestamp>.json)")
    return parser.parse_args(argv)


def machine():
    load = os.getloadavg()
    return {
        "cpus": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "loadavg_at_start": [round(x, 2) for x in load],
    }


def _cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def print_pages(results):
    rows = [
        (
            f"{page} {r['path']}",
            r["requests_per_second"],
            r["p50_ms"],
            r["p95_ms"],
            r["max_ms"],
            r["errors"],
            f"{r['server_cpu_percent']}%",
            f"{r['client_cpu_percent']}%",
            f"{r['other_cpu_percent']}%",
        )
        for page, r in results.items()
    ]
    headers = ["page", "req/s", "p50 ms", "p95 ms", "max ms", "errors", "web CPU", "bench CPU", "other CPU"]
    print(table(headers, rows))


def print_orders(scenarios):
    rows = []
    for s in scenarios:
        lat, server = s["latency_s"], s["server_latency_s"]
        rows.append(
            (
                s["name"],
                f"{s['ready']}/{s['placed']}",
                lat["p50"],
                lat["p95"],
                lat["max"],
                server["p50"],
                s["breakdown_p50_s"]["submit_s"],
                s["breakdown_p50_s"]["until_completed_seen_s"],
                s["breakdown_p50_s"]["fetch_s"],
                s["polls_per_order"],
            )
        )
    headers = ["scenario", "ready", "p50 s", "p95 s", "max s", "server p50", "submit", "until seen", "fetch", "polls"]
    print(table(headers, rows))
    print(
        "  server p50: the same from the store's database; p50 of each step (server clock): submit = checkout to"
        " Hub project created,\n  until seen = project created to a poll seeing Completed (includes the render),"
        " fetch = to all print files stored; polls = mean per order"
    )
    for s in scenarios:
        if s["journey_errors"]:
            print(f"  {s['name']}: journey errors: {s['journey_errors']}")


def print_calls(scenarios):
    operations = sorted({op for s in scenarios for op in s["hub_calls_per_order"] if op not in SUMMARY_KEYS})
    rows = [(op, *(s["hub_calls_per_order"].get(op, 0.0) for s in scenarios)) for op in operations]
    rows.append(("store -> Hub total", *(s["hub_calls_per_order"].get("store_total") for s in scenarios)))
    rows.append(("browser -> editor API", *(s["hub_calls_per_order"].get("editor_total") for s in scenarios)))
    rows.append(("total", *(s["hub_calls_per_order"].get("total") for s in scenarios)))
    rows.append(("injected errors", *(s["hub_calls_per_order"].get("injected_errors") for s in scenarios)))
    print(table(["calls per order", *(s["name"] for s in scenarios)], rows))
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
            print(f"  {s['name']}: " + ", ".join(extra))


def main(argv=None):
    args = parse_args(argv)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C, even where a shell started us ignoring it
    signal.signal(signal.SIGTERM, _raise)
    signal.signal(signal.SIGALRM, _raise)
    signal.alarm(args.max_seconds)
    settings = Settings(
        redis_url=args.redis_url,
        pending_seconds=args.pending,
        processing_seconds=args.processing,
        poll_interval=args.poll_interval,
        keep_dir=args.keep,
    )
    started = datetime.now(UTC)
    stamp = f"bench-{started.strftime('%Y%m%dT%H%M%SZ')}"
    results = {
        "started_at": started.isoformat(timespec="seconds"),
        "machine": machine(),
        "settings": {key: (str(value) if isinstance(value, Path) else value) for key, value in vars(args).items()},
        "stack": {
            "web": "flask --app app run (werkzeug threaded dev server, as in the Procfile)",
            "worker": "python worker.py (one forking RQ Worker with its scheduler tick)",
            "database": "SQLite file",
            "sandbox": f"python -m sandbox, pipeline Pending {args.pending} s + InProgress {args.processing} s",
        },
    }
    t0 = time.monotonic()
    try:
        print(f"Starting the stack (sandbox, store, worker) on {settings.redis_url} ...", flush=True)
        with Stack(settings) as stack:
            print(f"  store {stack.store_url}, sandbox {stack.sandbox_url}, files in {stack.workdir}", flush=True)
            if args.only in (None, "pages"):
                print(f"\nPage throughput: {args.clients} clients x {args.seconds:g} s per page", flush=True)
                results["pages"] = pages.run(stack, clients=args.clients, seconds=args.seconds)
            if args.only in (None, "orders", "faults"):
                scenarios = []
                common = {
                    "count": args.orders,
                    "concurrency": args.shoppers,
                    "register_every": args.register_every,
                }
                runs = [
                    ("webhook on", {"webhook": True, "timeout": args.order_timeout}),
                    ("webhook off", {"webhook": False, "timeout": args.order_timeout}),
                    (
                        f"{args.error_rate:.0%} 503s",
                        {
                            "webhook": True,
                            "timeout": args.fault_timeout,
                            "faults": {"error_rate": args.error_rate, "error_status": 503, "seed": args.seed},
                        },
                    ),
                ]
                if args.only == "faults":
                    runs = runs[-1:]
                for name, options in runs:
                    print(f"\nOrders: {name} ({args.orders} orders, {args.shoppers} shoppers at once)", flush=True)
                    scenario = orders.run_scenario(stack, name, **common, **options)
                    print(f"  {scenario['ready']}/{scenario['placed']} ready", flush=True)
                    scenarios.append(scenario)
                results["orders"] = scenarios
            results["logs"] = str(stack.save_logs(RESULTS_DIR / f"{stamp}-logs"))
    except (KeyboardInterrupt, Interrupted) as exc:
        print(f"\nStopped ({exc.__class__.__name__} {exc}); the stack was shut down.", file=sys.stderr)
        return 130
    finally:
        signal.alarm(0)
    results["duration_s"] = round(time.monotonic() - t0, 1)

    if "pages" in results:
        print("\n== Page throughput (HTML only, keep-alive; CPU in % of one core; bench and store share the CPUs) ==")
        print_pages(results["pages"])
    if "orders" in results:
        print("\n== Order to print files: checkout POST -> status.json says ready (seconds) ==")
        print_orders(results["orders"])
        print("\n== Hub calls per order (sandbox /sandbox/stats; Editor_* are the browser's own calls) ==")
        print_calls(results["orders"])
    RESULTS_DIR.mkdir(exist_ok=True)
    output = args.output or RESULTS_DIR / f"{stamp}.json"
    output.write_text(json.dumps(results, indent=2, default=str))
    print(f"\nTook {fmt(results['duration_s'], 1)} s. Results: {output}, process logs: {results['logs']}")
    ok = all(s["ready"] == s["placed"] == args.orders for s in results.get("orders", []))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
