"""Resident memory of the store's web and worker processes, sampled from /proc while orders flow through."""

import time

from . import procs


def snapshot(stack):
    """MiB of the web servers' gunicorn workers, the RQ workers' own processes and their work horses right now."""
    table = procs.processes()
    web = [procs.memory(stack.pid(name), table) for name in stack.processes if name.split("-")[0] == "web"]
    workers = [procs.memory(stack.pid(name), table) for name in stack.processes if name.split("-")[0] == "worker"]
    return {
        "web_workers_mb": round(sum(m["children_mb"] for m in web), 1),
        "web_workers": sum(m["children"] for m in web),
        "web_masters_mb": round(sum(m["leader_mb"] for m in web), 1),
        "rq_workers_mb": round(sum(m["leader_mb"] for m in workers), 1),
        "rq_workers": len(workers),
        "rq_horses_mb": round(sum(m["children_mb"] for m in workers), 1),
        "rq_horses": sum(m["children"] for m in workers),
    }


class Sampler:
    """Called with (orders placed, orders ready) as a scenario goes; keeps a snapshot every `interval` seconds."""

    def __init__(self, stack, interval=2.0):
        self.stack, self.interval, self.samples, self._last = stack, interval, [], None

    def __call__(self, placed, ready, force=False):
        now = time.monotonic()
        if not force and self._last is not None and now - self._last < self.interval:
            return
        self._last = now
        self.samples.append({"placed": placed, "ready": ready, **snapshot(self.stack)})


# The figures whose growth is reported: long-lived processes only (horses live for one job each).
TRACKED = ("web_workers_mb", "rq_workers_mb")


def growth(samples, warmup_orders):
    """{after_warmup, end, growth_pct, peak_horse_mb}: the first sample once `warmup_orders` were placed against
    the last one; growth in % of the warm figure, per tracked figure. None when the run never got warm."""
    warm = next((sample for sample in samples if sample["placed"] >= warmup_orders), None)
    if warm is None or not samples:
        return None
    end = samples[-1]
    return {
        "warmup_orders": warmup_orders,
        "after_warmup": warm,
        "end": end,
        "growth_pct": {
            key: round(100 * (end[key] - warm[key]) / warm[key], 1) if warm[key] else None for key in TRACKED
        },
        "peak_horses_mb": max(sample["rq_horses_mb"] for sample in samples),
        "samples": len(samples),
    }
