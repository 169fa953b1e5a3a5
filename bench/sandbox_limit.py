"""What bounds the Hub sandbox's pipeline, from its own code and settings: the orders per minute it can finish.

Every project waits its Pending and InProgress seconds concurrently with all others (the phases are timestamps
that the pipeline thread checks every `TICK_SECONDS`), so the render *delay* bounds latency, not throughput. What
runs one at a time is the PDF rendering: one pipeline thread (or the request that reads the project first) in one
Python process renders every item. So the limit is 60 s / (items per order x CPU seconds to render one item).
"""

import json
import statistics
import time
from pathlib import Path

from sandbox import config as sandbox_config
from sandbox import pipeline, render

RENDER_SAMPLES = 20


def demo_designs():
    """The demo catalog's default designs (the ones the bench's shoppers personalize)."""
    catalog = json.loads(Path(sandbox_config.DEFAULTS["SANDBOX_CATALOG"]).read_text())
    return [product["design"] for product in catalog["products"] if product.get("design")]


def render_seconds_per_item(samples=RENDER_SAMPLES):
    """Median seconds the sandbox's renderer takes for one one-page print file, measured here in-process."""
    designs, font, timings = demo_designs(), sandbox_config.DEFAULTS["SANDBOX_FONT"], []
    for index in range(samples):
        began = time.perf_counter()
        render.item_pdf([designs[index % len(designs)]], "Order bench | line 0", title="bench", font_path=font)
        timings.append(time.perf_counter() - began)
    return statistics.median(timings)


def limit(pending_s, processing_s, render_s_per_item, items_per_order, tick_s=pipeline.TICK_SECONDS):
    """{orders_per_minute, concurrency, latency_floor_s, ...}: the sandbox's ceiling for this order mix."""
    per_order = render_s_per_item * items_per_order
    return {
        "concurrency": "unbounded (phases are timestamps; one render at a time)",
        "render_delay_s": pending_s + processing_s,
        "tick_s": tick_s,
        "latency_floor_s": round(pending_s + processing_s + render_s_per_item, 3),
        "render_s_per_item": round(render_s_per_item, 4),
        "items_per_order": round(items_per_order, 2),
        "orders_per_minute": round(60 / per_order) if per_order else None,
    }
