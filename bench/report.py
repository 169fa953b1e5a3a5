"""Percentiles and plain-text tables for the benchmark output."""

import math


def percentile(values, fraction):
    """The nearest-rank percentile (fraction 0..1) of `values`; None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(fraction * len(ordered))))
    return ordered[rank - 1]


def summary(values):
    """{n, p50, p95, p99, max, mean} of a list of numbers (None entries for an empty list)."""
    return {
        "n": len(values),
        "p50": percentile(values, 0.50),
        "p95": percentile(values, 0.95),
        "p99": percentile(values, 0.99),
        "max": max(values) if values else None,
        "mean": sum(values) / len(values) if values else None,
    }


def fmt(value, digits=2):
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def table(headers, rows):
    """A left-aligned first column and right-aligned others, with a rule under the header."""
    cells = [[fmt(cell) for cell in row] for row in rows]
    widths = [
        max(len(str(h)), *(len(row[i]) for row in cells)) if cells else len(str(h)) for i, h in enumerate(headers)
    ]

    def line(items):
        return "  ".join(
            str(item).ljust(widths[i]) if i == 0 else str(item).rjust(widths[i]) for i, item in enumerate(items)
        )

    return "\n".join([line(headers), line("-" * w for w in widths), *(line(row) for row in cells)])
