"""The wrk load generator: its command line, one run of it, and its report (bench/wrk_report.lua) as numbers."""

import json
import resource
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

REPORT_SCRIPT = Path(__file__).resolve().parent / "wrk_report.lua"
REPORT_PREFIX = "WRK_JSON "


class WrkError(Exception):
    """wrk is missing, failed, or printed no report."""


@dataclass(frozen=True)
class Load:
    """How hard wrk pushes: open connections, its own threads and the seconds of one round."""

    connections: int = 16
    threads: int = 2
    seconds: float = 6.0


def command(url, load, headers=(), executable="wrk"):
    """wrk's argv for one round against `url`; `headers` are "Name: value" strings."""
    argv = [
        executable,
        f"--connections={load.connections}",
        f"--threads={load.threads}",
        f"--duration={load.seconds:g}s",
        "--timeout=10s",
        f"--script={REPORT_SCRIPT}",
    ]
    for header in headers:
        argv += ["--header", header]
    return [*argv, url]


def parse(output):
    """The report line of wrk_report.lua as {requests, seconds, requests_per_second, p50_ms, p90_ms, p99_ms,
    max_ms, mean_ms, errors, non_2xx_3xx}; WrkError when there is none."""
    for line in output.splitlines():
        if line.startswith(REPORT_PREFIX):
            raw = json.loads(line[len(REPORT_PREFIX) :])
            break
    else:
        raise WrkError(f"no report in wrk's output:\n{output[-2000:]}")
    seconds = raw["duration_us"] / 1e6
    errors = raw["errors"]
    return {
        "requests": raw["requests"],
        "seconds": round(seconds, 2),
        "requests_per_second": round(raw["requests"] / seconds, 1) if seconds else None,
        **{f"{key}_ms": round(raw[f"{key}_us"] / 1000, 2) for key in ("p50", "p90", "p99", "max", "mean")},
        "errors": errors["connect"] + errors["read"] + errors["write"] + errors["timeout"],
        "non_2xx_3xx": errors["status"],
    }


def executable():
    """The wrk on PATH (Debian's package: apt-get install wrk); WrkError naming the fix when there is none."""
    found = shutil.which("wrk")
    if not found:
        raise WrkError("wrk is not installed: apt-get install wrk")
    return found


def run(url, load, headers=()):
    """One round; the parsed report plus `cpu_s`, the CPU seconds wrk itself used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(
        command(url, load, headers, executable()), capture_output=True, text=True, timeout=load.seconds + 60
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise WrkError(f"wrk exited with {result.returncode}: {result.stderr.strip()[-1000:]}")
    report = parse(result.stdout)
    report["cpu_s"] = round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 2)
    return report
