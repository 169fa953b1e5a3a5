"""What processes use, read from /proc: CPU seconds and resident memory per process tree, and the machine's CPU."""

import os
from pathlib import Path

PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def parse_stat(text):
    """{pid, ppid, pgrp, cpu_s, rss_bytes} from the text of /proc/<pid>/stat (the name may hold spaces or ')')."""
    head, rest = text.rsplit(")", 1)
    fields = rest.split()
    # fields[0] is field 3 of proc(5): state, ppid, pgrp, ..., utime (14), stime (15), ..., rss (24)
    return {
        "pid": int(head.split("(", 1)[0]),
        "ppid": int(fields[1]),
        "pgrp": int(fields[2]),
        "cpu_s": (int(fields[11]) + int(fields[12])) / CLOCK_TICKS,
        "rss_bytes": int(fields[21]) * PAGE_BYTES,
    }


def processes():
    """Every process we may read, as parse_stat gives them."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            found.append(parse_stat((entry / "stat").read_text()))
        except (OSError, ValueError, IndexError):
            continue  # gone meanwhile, or not ours to read
    return found


def tree(pid, table=None):
    """The process `pid` and its descendants (by parent pid: RQ's work horses start sessions of their own)."""
    table = table if table is not None else processes()
    members, frontier = [], {pid}
    while frontier:
        found = [p for p in table if p["pid"] in frontier]
        members += found
        frontier = {p["pid"] for p in table if p["ppid"] in frontier}
    return members


def tree_cpu_seconds(pid, table=None):
    """User + system CPU seconds of the live processes of the tree (children that exited are not counted)."""
    return sum(p["cpu_s"] for p in tree(pid, table))


def machine_cpu_seconds():
    """(busy, total) CPU seconds of the whole machine since boot, summed over cores, from /proc/stat."""
    try:
        fields = [int(value) for value in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    except (OSError, ValueError, IndexError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields) - idle) / CLOCK_TICKS, sum(fields) / CLOCK_TICKS


def memory(pid, table=None):
    """{leader_mb, children_mb, children} of a process tree: the process we started (a gunicorn master, an RQ
    worker) and the processes it forked (gunicorn's workers, RQ's work horses), resident set sizes in MiB."""
    members = tree(pid, table)
    leader = [p for p in members if p["pid"] == pid]
    children = [p for p in members if p["pid"] != pid]
    return {
        "leader_mb": round(sum(p["rss_bytes"] for p in leader) / 2**20, 1),
        "children_mb": round(sum(p["rss_bytes"] for p in children) / 2**20, 1),
        "children": len(children),
    }
