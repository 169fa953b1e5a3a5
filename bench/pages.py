"""Page speed under wrk, beside a bare Flask hello app on the same gunicorn settings: req/s, p50/p99, ratios.

Each page is loaded by wrk with a shopper's session cookie: a guest whose cart holds one personalized and one plain
line, and a logged-in customer (same cart, one earlier order). The cookie is checked before and after each page
(status 200 and a marker on the page), so a page that logged the shopper out or emptied the cart is reported.
"""

import os
import statistics
import time
from dataclasses import dataclass

import requests

from . import procs, wrk
from .orders import FINAL
from .shopper import Shopper

PAGES = {
    "home": "/",
    "category": "/categories/business-cards",
    "product": "/products/classic-business-card",
    "cart": "/cart/",
}
PERSONALIZED_SLUG = "classic-business-card"
PLAIN_SKU = "ENV-C6-KRAFT-25"
CART_MARKER = "Pack of 25"  # the plain line's variant name on the cart page
CUSTOMER_MARKER = "Log out"  # in the header of every page for a logged-in customer
EDITOR_MARKER = 'id="editor-config"'
WARMUP_SECONDS = 1.0  # one short wrk run per page before the measured rounds (every gunicorn worker warm)
SESSION_COOKIE = "session"


@dataclass(frozen=True)
class Target:
    """One row of the table: what wrk loads, with which cookie, and what the page must show for that shopper."""

    page: str
    persona: str
    url: str
    cookie: str = ""
    marker: str = ""
    server: str = "web"  # the stack process (tree) that answers


def cookie_header(shopper):
    """The shopper's cookies as one Cookie header value, as a browser sends them."""
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in shopper.http.cookies)


def check(target):
    """{ok, set_cookie}: the page answers 200 with its marker to the bare cookie, and whether it sent a new session
    cookie (then wrk, which never stores one, would go on with the old cookie)."""
    headers = browser_headers(target.cookie)
    try:
        response = requests.get(target.url, headers=headers, timeout=30, allow_redirects=False)
    except requests.RequestException as exc:
        return {"ok": False, "why": str(exc), "set_cookie": False}
    marked = not target.marker or target.marker in response.text
    ok = response.status_code == 200 and marked
    why = "" if ok else f"{response.status_code}" + ("" if marked else f", no {target.marker!r} on the page")
    return {"ok": ok, "why": why, "set_cookie": SESSION_COOKIE in response.headers.get("Set-Cookie", "")}


def fill_cart(shopper):
    """One personalized line (the shopper's personalize page is warm from then on) and one plain line."""
    shopper.personalize_into_cart(PERSONALIZED_SLUG)
    shopper.add_plain(PLAIN_SKU)
    return shopper


def personas(store_url):
    """(guest, customer, the customer's order number): both carts hold one personalized and one plain line, and
    each has opened the personalize page before (its Hub lookups are cached: the page is warm)."""
    guest = fill_cart(Shopper(store_url, name="Page guest"))
    customer = Shopper(store_url, name="Page customer")
    customer.register()
    customer.personalize_into_cart(PERSONALIZED_SLUG)
    number, key, _placed = customer.checkout()
    _wait_until_final(customer, number, key)
    fill_cart(customer)
    return guest, customer, number


def _wait_until_final(shopper, number, key, timeout=60.0):
    """Let the customer's order finish fulfilment first: its Hub calls must not count against a page."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if shopper.order_status(number, key)["status"] in FINAL:
            return
        time.sleep(0.25)


def targets(stack):
    """Hello first, then every page for the guest and for the customer, then personalize and the order page."""
    guest, customer, number = personas(stack.store_url)
    rows = [Target("hello", "-", f"{stack.hello_url}/", marker="Hello", server="hello")]
    for persona, shopper, marker in (("guest", guest, ""), ("customer", customer, CUSTOMER_MARKER)):
        for page, path in PAGES.items():
            page_marker = CART_MARKER if page == "cart" else marker
            rows.append(Target(page, persona, stack.store_url + path, cookie_header(shopper), page_marker))
    personalize = f"{stack.store_url}/products/{PERSONALIZED_SLUG}/personalize"
    rows.append(Target("personalize (warm)", "guest", personalize, cookie_header(guest), EDITOR_MARKER))
    rows.append(Target("order", "customer", f"{stack.store_url}/orders/{number}", cookie_header(customer), number))
    return rows


def _stack_cpu_seconds(stack, table):
    return {name: procs.tree_cpu_seconds(stack.pid(name), table) for name in stack.processes}


def _server_cpu_by_process(stack, target, table):
    root = stack.pid(target.server)
    return {p["pid"]: p["cpu_s"] for p in procs.tree(root, table) if p["pid"] != root}


def measure_round(stack, target, load):
    """One wrk round with the CPU each party used meanwhile, in % of one core; `other` is everything on the
    machine that this bench did not start (other people's jobs, Redis)."""
    headers, table = _headers(target), procs.processes()
    stack_before, machine_before = _stack_cpu_seconds(stack, table), procs.machine_cpu_seconds()
    workers_before = _server_cpu_by_process(stack, target, table)
    bench_before, began = time.process_time(), time.monotonic()
    report = wrk.run(target.url, load, headers)
    elapsed = time.monotonic() - began
    table = procs.processes()
    stack_after, machine_after = _stack_cpu_seconds(stack, table), procs.machine_cpu_seconds()
    workers_after = _server_cpu_by_process(stack, target, table)
    bench_cpu = time.process_time() - bench_before
    used = {name: max(0.0, stack_after.get(name, 0.0) - stack_before.get(name, 0.0)) for name in stack_before}
    busy = machine_after[0] - machine_before[0] if machine_before and machine_after else None
    report["server_cpu_percent"] = round(100 * used.get(target.server, 0.0) / elapsed)
    # Per gunicorn worker: keep-alive connections stay with the worker that accepted them.
    report["server_workers_cpu_percent"] = sorted(
        round(100 * (cpu - workers_before.get(pid, 0.0)) / elapsed) for pid, cpu in workers_after.items()
    )
    report["wrk_cpu_percent"] = round(100 * report["cpu_s"] / elapsed)
    if busy is not None:
        other = busy - sum(used.values()) - report["cpu_s"] - bench_cpu
        report["other_cpu_percent"] = round(100 * max(0.0, other) / elapsed)
    return report


def measure(stack, target, load, rounds):
    """Warm up, then `rounds` wrk rounds; each figure is the median over the rounds. Hub calls are counted at the
    sandbox over the measured rounds (a warm page makes none)."""
    before = check(target)
    wrk.run(target.url, wrk.Load(load.connections, load.threads, WARMUP_SECONDS), _headers(target))
    stack.control("POST", "stats/reset")
    runs = [measure_round(stack, target, load) for _ in range(rounds)]
    hub_calls = stack.control("GET", "stats")["total_calls"]
    after = check(target)
    median = {
        key: _median([run.get(key) for run in runs])
        for key in ("requests_per_second", "p50_ms", "p99_ms", "max_ms", "server_cpu_percent", "other_cpu_percent")
    }
    middle = sorted(runs, key=lambda run: run["requests_per_second"])[len(runs) // 2]
    return {
        "page": target.page,
        "persona": target.persona,
        "path": "/" + target.url.split("/", 3)[-1],
        **median,
        "errors": sum(run["errors"] for run in runs),
        "non_2xx_3xx": sum(run["non_2xx_3xx"] for run in runs),
        "server_workers_cpu_percent": middle["server_workers_cpu_percent"],
        "hub_calls": hub_calls,
        "session_ok_before": before["ok"],
        "session_ok_after": after["ok"],
        "session_problem": before["why"] or after["why"],
        "set_cookie_sent": before["set_cookie"] or after["set_cookie"],
        "rounds": runs,
    }


def browser_headers(cookie):
    """{name: value} a shopper's browser sends: its cookie and the User-Agent its session was made with (Flask-Login
    marks a session not fresh when the agent changes, and then sends a new cookie with every answer)."""
    headers = {"User-Agent": requests.utils.default_user_agent()}
    if cookie:
        headers["Cookie"] = cookie
    return headers


def _headers(target):
    return [f"{name}: {value}" for name, value in browser_headers(target.cookie).items()]


def _median(values):
    values = [value for value in values if value is not None]
    return round(statistics.median(values), 2) if values else None


def with_ratios(rows):
    """Each row gains `throughput_pct_of_hello` and `p50_x_hello`, `p99_x_hello` (the hello row is the first)."""
    hello = rows[0]
    for row in rows:
        row["throughput_pct_of_hello"] = _ratio(row["requests_per_second"], hello["requests_per_second"], 100)
        row["p50_x_hello"] = _ratio(row["p50_ms"], hello["p50_ms"])
        row["p99_x_hello"] = _ratio(row["p99_ms"], hello["p99_ms"])
    return rows


def _ratio(value, base, scale=1):
    return round(scale * value / base, 2) if value is not None and base else None


def run(stack, load=None, rounds=3, log=print):
    """Every target's figures (a list, hello first), with ratios to hello."""
    load = load or wrk.Load()
    rows = []
    for target in targets(stack):
        row = measure(stack, target, load, rounds)
        rows.append(row)
        problem = "" if row["session_ok_before"] and row["session_ok_after"] else f"  ({row['session_problem']})"
        log(f"  {target.page:18s} {target.persona:8s} {row['requests_per_second']:8.1f} req/s{problem}", flush=True)
    return {"load": vars(load) | {"rounds": rounds, "cpus": os.cpu_count()}, "rows": with_ratios(rows)}
