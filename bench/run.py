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

from . import memory, orders, pages, sandbox_limit, tables, wrk
from .report import fmt
from .stack import ROOT, Settings, Stack, gunicorn_options

RESULTS_DIR = Path(__file__).resolve().parent / "results"
MEMORY_TABLE_ORDERS = 50  # smaller scenarios keep their samples in the JSON only: too few orders to say anything
HUB_POLL_INTERVAL = 60  # Aurigma asks for no more than one poll a minute; the webhook makes orders fast
FAULTS_POLL_INTERVAL = 2  # the webhook-off scenario has only its polls


class Interrupted(Exception):
    """SIGTERM or the overall time limit: stop the stack and leave."""


def _raise(signum, _frame):
    raise Interrupted(signal.Signals(signum).name)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument(
        "--only",
        choices=["pages", "orders", "faults", "memory"],
        help="one part only; the default runs pages and orders. faults: webhook off and 503s (small runs);"
        " memory: --memory-orders orders with RSS sampled",
    )
    pages_args = parser.add_argument_group("pages (wrk)")
    pages_args.add_argument("--connections", type=int, default=16, help="wrk connections (default 16)")
    pages_args.add_argument("--seconds", type=float, default=6, help="seconds per wrk round (default 6)")
    pages_args.add_argument("--wrk-threads", type=int, default=2, help="wrk's own threads (default 2)")
    pages_args.add_argument("--rounds", type=int, default=3, help="rounds per page; figures are medians (3)")
    orders_args = parser.add_argument_group("orders")
    orders_args.add_argument("--orders", type=int, default=200, help="orders in the scale scenario (default 200)")
    orders_args.add_argument("--shoppers", type=int, default=4, help="shoppers placing orders at once (default 4)")
    orders_args.add_argument(
        "--order-rate", type=float, help="orders per minute to start (default: as fast as the shoppers go)"
    )
    orders_args.add_argument("--workers", type=int, default=2, help="forking RQ worker processes (default 2)")
    orders_args.add_argument("--register-every", type=int, default=3, help="every Nth shopper registers (0: none)")
    orders_args.add_argument("--pending", type=float, default=1.0, help="sandbox: seconds Pending (default 1)")
    orders_args.add_argument("--processing", type=float, default=1.0, help="sandbox: seconds InProgress (1)")
    orders_args.add_argument(
        "--poll-interval",
        type=int,
        help="the worker's HUB_POLL_INTERVAL: default 60 (as on the real Hub: the webhook says when to look),"
        " 2 with --only faults (its webhook-off scenario has only the polls)",
    )
    orders_args.add_argument(
        "--latency-orders",
        type=int,
        default=200,
        help="orders of the latency scenario that follows the scale one, started at --latency-rate (200; 0: none)",
    )
    orders_args.add_argument(
        "--latency-rate", type=float, default=30, help="orders per minute of the latency scenario (default 30)"
    )
    orders_args.add_argument(
        "--order-timeout", type=float, help="seconds to wait for a scenario (default 120 + 2 s per order)"
    )
    orders_args.add_argument("--memory-orders", type=int, default=1000, help="orders of --only memory (1000)")
    orders_args.add_argument(
        "--memory-warmup", type=int, default=100, help="orders placed before the warm memory sample (100)"
    )
    faults_args = parser.add_argument_group("faults (--only faults)")
    faults_args.add_argument("--fault-orders", type=int, default=10, help="orders per fault scenario (default 10)")
    faults_args.add_argument("--fault-shoppers", type=int, default=2, help="shoppers at once there (default 2)")
    faults_args.add_argument("--error-rate", type=float, default=0.2, help="injected 503s in the fault run (0.2)")
    faults_args.add_argument("--seed", type=int, default=7, help="the sandbox's fault random seed (default 7)")
    faults_args.add_argument("--fault-timeout", type=float, default=240, help="seconds to wait for the 503 run")
    parser.add_argument("--max-seconds", type=int, help="hard limit for the whole run (600 + 3 s per order)")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/9", help="a Redis db the bench may flush")
    parser.add_argument("--keep", action="store_true", help="keep the stack's temp dir (logs, databases)")
    parser.add_argument("--output", type=Path, help="results file (default bench/results/<timestamp>.json)")
    parser.add_argument("--print", type=Path, metavar="JSON", help="print the tables of an earlier results file")
    args = parser.parse_args(argv)
    if args.poll_interval is None:
        args.poll_interval = FAULTS_POLL_INTERVAL if args.only == "faults" else HUB_POLL_INTERVAL
    if args.max_seconds is None:
        orders = {"pages": 0, "memory": args.memory_orders, "faults": 2 * args.fault_orders}.get(args.only, args.orders)
        args.max_seconds = 600 + 3 * orders + latency_seconds(args)
    return args


def with_latency(args):
    """The paced latency scenario follows the scale one in `make bench` and `--only orders`."""
    return args.only in (None, "orders") and args.latency_orders > 0 and args.latency_rate > 0


def latency_seconds(args):
    return int(args.latency_orders * 60 / args.latency_rate) + 120 if with_latency(args) else 0


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


def order_scenarios(args):
    """(name, run_scenario options) of the scenarios --only asks for."""
    if args.only == "faults":
        small = {"count": args.fault_orders, "concurrency": args.fault_shoppers}
        faults = {"error_rate": args.error_rate, "error_status": 503, "seed": args.seed}
        return [
            ("webhook off", {**small, "webhook": False}),
            (
                f"{args.error_rate:.0%} 503s",
                {**small, "webhook": True, "faults": faults, "timeout": args.fault_timeout},
            ),
        ]
    count = args.memory_orders if args.only == "memory" else args.orders
    name = f"{count} orders, webhook on"
    if args.order_rate:
        name += f", {args.order_rate:g}/min"
    scenarios = [(name, {"count": count, "concurrency": args.shoppers, "webhook": True, "rate": args.order_rate})]
    if with_latency(args):
        paced = {"count": args.latency_orders, "concurrency": args.shoppers, "webhook": True, "rate": args.latency_rate}
        scenarios.append((f"{args.latency_orders} orders at {args.latency_rate:g}/min", paced))
    return scenarios


def run_orders(stack, args, results):
    """The order scenarios, with memory sampled during the big one and the sandbox's own limit beside it."""
    scenarios = []
    for name, options in order_scenarios(args):
        options.setdefault("timeout", args.order_timeout or 120 + 2 * options["count"])
        print(f"\nOrders: {name} ({options['concurrency']} shoppers at once, {args.workers} workers)", flush=True)
        sampler = memory.Sampler(stack)
        scenario = orders.run_scenario(stack, name, register_every=args.register_every, progress=sampler, **options)
        sampler(scenario["placed"], scenario["ready"], force=True)
        warmup = args.memory_warmup if args.only == "memory" else min(args.memory_warmup, options["count"] // 4)
        scenario["memory"] = memory.growth(sampler.samples, warmup)
        scenario["memory_samples"] = sampler.samples
        print(f"  {scenario['ready']}/{scenario['placed']} ready", flush=True)
        scenarios.append(scenario)
    results["orders"] = scenarios
    lines = sum(s["lines_per_order"] or 0 for s in scenarios) / len(scenarios)
    results["sandbox_limit"] = sandbox_limit.limit(
        args.pending, args.processing, sandbox_limit.render_seconds_per_item(), lines
    )


def print_results(results):
    if "pages" in results:
        print("\n== Pages under wrk beside a bare Flask hello app, same gunicorn settings (HTML only) ==")
        print(tables.pages(results["pages"]))
    if "orders" in results:
        print("\n== Orders: checkout POST -> print files ready ==")
        print(tables.orders(results["orders"], results.get("sandbox_limit")))
        print("\n== Hub calls per order (sandbox /sandbox/stats; Editor_* are the browser's own calls) ==")
        print(tables.calls(results["orders"]))
        for scenario in results["orders"]:
            if scenario["memory"] and scenario["placed"] >= MEMORY_TABLE_ORDERS:
                print(f"\n== Memory during {scenario['name']} (resident set, from /proc) ==")
                print(tables.memory(scenario["memory"]))


def main(argv=None):
    args = parse_args(argv)
    if args.print:
        print_results(json.loads(args.print.read_text()))
        return 0
    with_pages = args.only in (None, "pages")
    if with_pages:
        try:
            wrk.executable()
        except wrk.WrkError as exc:
            print(exc, file=sys.stderr)
            return 2
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
        workers=args.workers,
        hello=with_pages,
    )
    started = datetime.now(UTC)
    stamp = f"bench-{started.strftime('%Y%m%dT%H%M%SZ')}"
    web = " ".join(gunicorn_options((ROOT / "Procfile").read_text()))
    results = {
        "started_at": started.isoformat(timespec="seconds"),
        "machine": machine(),
        "settings": {key: (str(value) if isinstance(value, Path) else value) for key, value in vars(args).items()},
        "stack": {
            "web": f"gunicorn {web} app:app (the Procfile's options)",
            "hello": f"gunicorn {web} bench.hello_app:app" if with_pages else None,
            "worker": f"{args.workers} x python worker.py (forking RQ Worker with its scheduler)",
            "database": "SQLite file",
            "sandbox": f"python -m sandbox, pipeline Pending {args.pending} s + InProgress {args.processing} s",
        },
    }
    t0 = time.monotonic()
    try:
        print(f"Starting the stack (sandbox, store, {args.workers} workers) on {settings.redis_url} ...", flush=True)
        with Stack(settings) as stack:
            print(f"  store {stack.store_url}, sandbox {stack.sandbox_url}, files in {stack.workdir}", flush=True)
            if with_pages:
                load = wrk.Load(args.connections, args.wrk_threads, args.seconds)
                print(f"\nPages: wrk {load}, {args.rounds} rounds; hello at {stack.hello_url}", flush=True)
                results["pages"] = pages.run(stack, load, args.rounds)
            if args.only != "pages":
                run_orders(stack, args, results)
            results["logs"] = str(stack.save_logs(RESULTS_DIR / f"{stamp}-logs"))
    except (KeyboardInterrupt, Interrupted) as exc:
        print(f"\nStopped ({exc.__class__.__name__} {exc}); the stack was shut down.", file=sys.stderr)
        return 130
    finally:
        signal.alarm(0)
    results["duration_s"] = round(time.monotonic() - t0, 1)
    RESULTS_DIR.mkdir(exist_ok=True)
    output = args.output or RESULTS_DIR / f"{stamp}.json"
    output.write_text(json.dumps(results, indent=2, default=str))
    print_results(results)
    print(f"\nTook {fmt(results['duration_s'], 1)} s. Results: {output}, process logs: {results['logs']}")
    ok = all(s["ready"] == s["placed"] == s["settings"]["orders"] for s in results.get("orders", []))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
