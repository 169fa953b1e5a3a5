"""Page throughput: requests/s and latency of catalog and cart pages under N concurrent clients for T seconds."""

import threading
import time

from .report import summary
from .shopper import Shopper
from .stack import machine_cpu_seconds

PAGES = {
    "home": "/",
    "category": "/categories/business-cards",
    "product": "/products/classic-business-card",
    "cart": "/cart/",
}
WARMUP_REQUESTS = 5  # per client and page, before the clock starts


def _client(shopper, path, window, latencies, errors, gate):
    """GET the page in a loop from the moment every client stands at the gate until the window closes."""
    http, url = shopper.http, shopper.url + path
    gate.wait()
    stop_at = window[1]
    while time.monotonic() < stop_at:
        began = time.perf_counter()
        try:
            response = http.get(url, timeout=30)
            ok = response.status_code == 200 and bool(response.content)
        except Exception:  # noqa: BLE001 - any failure is one error; the load goes on
            ok = False
        if ok:
            latencies.append(time.perf_counter() - began)
        else:
            errors.append(1)


def _cpu(stack):
    return stack.cpu_seconds("web")


def run(stack, clients=4, seconds=10.0, log=print):
    """Each client is a shopper session whose cart holds one personalized and one plain line (for the cart page)."""
    shoppers = []
    for index in range(clients):
        shopper = Shopper(stack.store_url, name=f"Page client {index}")
        shopper.personalize_into_cart("classic-business-card")
        shopper.add_plain("ENV-C6-KRAFT-25")
        shoppers.append(shopper)
    results = {}
    for page, path in PAGES.items():
        for shopper in shoppers:
            for _ in range(WARMUP_REQUESTS):
                shopper.get(path)
        latencies, errors, window = [], [], []

        def open_window(window=window):
            now = time.monotonic()
            window[:] = [now, now + seconds, _cpu(stack), time.process_time(), machine_cpu_seconds()]

        gate = threading.Barrier(clients, action=open_window)
        threads = [
            threading.Thread(target=_client, args=(shopper, path, window, latencies, errors, gate), daemon=True)
            for shopper in shoppers
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(seconds + 40)
        began, _stop, cpu_before, client_before, machine_before = window
        elapsed = time.monotonic() - began
        cpu_after, client_after, machine_after = _cpu(stack), time.process_time(), machine_cpu_seconds()
        server_cpu = cpu_after - cpu_before if cpu_before is not None else None
        client_cpu = client_after - client_before
        other_cpu = None
        if machine_before and machine_after and server_cpu is not None:
            other_cpu = max(0.0, machine_after[0] - machine_before[0] - server_cpu - client_cpu)
        stats = summary(latencies)
        results[page] = {
            "path": path,
            "requests": len(latencies),
            "errors": len(errors),
            "seconds": round(elapsed, 2),
            "requests_per_second": round(len(latencies) / elapsed, 1),
            "p50_ms": round(stats["p50"] * 1000, 1) if latencies else None,
            "p95_ms": round(stats["p95"] * 1000, 1) if latencies else None,
            "max_ms": round(stats["max"] * 1000, 1) if latencies else None,
            # Percent of one core; the machine has os.cpu_count() of them. "other" is everything else running.
            "server_cpu_percent": round(100 * server_cpu / elapsed) if server_cpu is not None else None,
            "client_cpu_percent": round(100 * client_cpu / elapsed),
            "other_cpu_percent": round(100 * other_cpu / elapsed) if other_cpu is not None else None,
        }
        log(f"  {page:9s} {results[page]['requests_per_second']:7.1f} req/s")
    return results
