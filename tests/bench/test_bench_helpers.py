"""The bench reads wrk's report, the Procfile's gunicorn options, /proc and its own samples correctly."""

import sqlite3

import pytest

from bench import memory, orders, pages, procs, run, sandbox_limit, wrk
from bench.stack import gunicorn_options

WRK_OUTPUT = """Running 6s test @ http://127.0.0.1:5000/
  2 threads and 16 connections
  15000 requests in 6.00s, 2.10MB read
WRK_JSON {"requests": 15000, "duration_us": 6000000, "bytes": 2200000, "p50_us": 4100, "p90_us": 9000, \
"p99_us": 25500, "max_us": 61000, "mean_us": 5012.5, "errors": {"connect": 0, "read": 1, "write": 0, \
"status": 3, "timeout": 2}}
"""


def test_wrk_report_becomes_requests_per_second_and_milliseconds():
    report = wrk.parse(WRK_OUTPUT)
    assert report["requests_per_second"] == 2500.0
    assert (report["p50_ms"], report["p99_ms"], report["max_ms"]) == (4.1, 25.5, 61.0)
    assert report["errors"] == 3 and report["non_2xx_3xx"] == 3


def test_wrk_output_without_the_report_line_is_an_error():
    with pytest.raises(wrk.WrkError):
        wrk.parse("unable to connect to 127.0.0.1:5000 Connection refused\n")


def test_wrk_command_sends_the_session_cookie_and_the_report_script():
    argv = wrk.command("http://h/cart/", wrk.Load(16, 2, 6), ["Cookie: session=abc"], executable="wrk")
    assert argv[:4] == ["wrk", "--connections=16", "--threads=2", "--duration=6s"]
    assert f"--script={wrk.REPORT_SCRIPT}" in argv
    assert argv[-3:] == ["--header", "Cookie: session=abc", "http://h/cart/"]


def test_gunicorn_options_come_from_the_procfile_without_bind_and_app():
    procfile = (
        "web: .venv/bin/gunicorn --workers ${WEB_CONCURRENCY:-2} --threads 4 --bind 127.0.0.1:5000"
        " --access-logfile - app:app\nworker: .venv/bin/python worker.py\n"
    )
    assert gunicorn_options(procfile) == ["--workers", "2", "--threads", "4", "--access-logfile", "-"]


def test_a_procfile_whose_web_process_is_not_gunicorn_is_refused():
    with pytest.raises(ValueError):
        gunicorn_options("web: flask --app app run\n")


def test_proc_stat_with_a_space_and_parenthesis_in_the_name_is_read():
    fields = ["S", "10", "10"] + ["0"] * 8 + ["300", "200"] + ["0"] * 8 + ["50"]
    stat = procs.parse_stat("42 (gunicorn: worker (x)) " + " ".join(fields))
    assert (stat["pid"], stat["ppid"], stat["pgrp"]) == (42, 10, 10)
    assert stat["cpu_s"] == 500 / procs.CLOCK_TICKS
    assert stat["rss_bytes"] == 50 * procs.PAGE_BYTES


def test_a_process_tree_holds_the_children_of_children_but_not_the_neighbours():
    table = [
        {"pid": 1, "ppid": 0, "cpu_s": 1.0, "rss_bytes": 2**20},
        {"pid": 2, "ppid": 1, "cpu_s": 2.0, "rss_bytes": 2 * 2**20},
        {"pid": 3, "ppid": 2, "cpu_s": 3.0, "rss_bytes": 3 * 2**20},
        {"pid": 4, "ppid": 0, "cpu_s": 9.0, "rss_bytes": 9 * 2**20},
    ]
    assert procs.tree_cpu_seconds(1, table) == 6.0
    assert procs.memory(1, table) == {"leader_mb": 1.0, "children_mb": 5.0, "children": 2}


def _sample(placed, web, rq):
    return {"placed": placed, "ready": placed, "web_workers_mb": web, "rq_workers_mb": rq, "rq_horses_mb": 5.0}


def test_memory_growth_is_measured_from_the_first_warm_sample_to_the_last():
    samples = [_sample(10, 50.0, 40.0), _sample(100, 80.0, 60.0), _sample(500, 84.0, 60.0), _sample(1000, 88.0, 57.0)]
    result = memory.growth(samples, warmup_orders=100)
    assert result["after_warmup"]["placed"] == 100 and result["end"]["placed"] == 1000
    assert result["growth_pct"] == {"web_workers_mb": 10.0, "rq_workers_mb": -5.0}


def test_a_run_that_never_got_warm_reports_no_memory_growth():
    assert memory.growth([_sample(10, 50.0, 40.0)], warmup_orders=100) is None


def test_pages_are_set_against_the_hello_row():
    rows = [
        {"requests_per_second": 2000.0, "p50_ms": 4.0, "p99_ms": 20.0},
        {"requests_per_second": 500.0, "p50_ms": 12.0, "p99_ms": 70.0},
    ]
    pages.with_ratios(rows)
    assert rows[1]["throughput_pct_of_hello"] == 25.0
    assert (rows[1]["p50_x_hello"], rows[1]["p99_x_hello"]) == (3.0, 3.5)


def test_the_sandbox_limit_is_one_render_at_a_time():
    limit = sandbox_limit.limit(1.0, 1.0, render_s_per_item=0.05, items_per_order=2.0, tick_s=0.1)
    assert limit["orders_per_minute"] == 600
    assert limit["latency_floor_s"] == 2.05


WORKER_LOG = """\
2026-12-03 08:50:06,684 INFO rq.worker: Successfully completed storefront.jobs.functions.submit_order(2) job in \
0:00:00.500000s on worker 2a05
2026-12-03 08:50:11,184 INFO rq.worker: Successfully completed storefront.jobs.functions.poll_project(2, True) job \
in 0:00:01.250000s on worker 2a05
2026-12-03 08:50:12,184 INFO rq.worker: Successfully completed storefront.jobs.functions.poll_project(3) job in \
0:00:00.750000s on worker 2a05
"""


def test_worker_job_seconds_are_summed_per_job_from_rq_logs_of_every_worker():
    jobs = orders.job_seconds({"worker": WORKER_LOG, "worker-2": WORKER_LOG, "web": WORKER_LOG})
    assert jobs == {
        "poll_project": {"jobs": 4, "seconds": 4.0, "mean_s": 1.0},
        "submit_order": {"jobs": 2, "seconds": 1.0, "mean_s": 0.5},
    }
    assert orders.worker_limit(jobs, orders=2, workers=2) == 48  # 2 x 60 s / (5 s / 2 orders)


def test_the_bench_polls_as_the_real_hub_asks_unless_the_webhook_is_off():
    assert run.parse_args([]).poll_interval == 60
    assert run.parse_args(["--only", "faults"]).poll_interval == 2
    assert run.parse_args(["--poll-interval", "5"]).poll_interval == 5


def test_a_paced_latency_scenario_follows_the_scale_one():
    names = [name for name, _ in run.order_scenarios(run.parse_args([]))]
    assert names == ["200 orders, webhook on", "200 orders at 30/min"]
    paced = dict(run.order_scenarios(run.parse_args(["--latency-rate", "20"])))["200 orders at 20/min"]
    assert paced["rate"] == 20 and paced["count"] == 200
    assert len(run.order_scenarios(run.parse_args(["--only", "memory"]))) == 1
    assert len(run.order_scenarios(run.parse_args(["--latency-orders", "0"]))) == 1


def test_past_render_takes_off_what_the_hub_spent_on_each_order(tmp_path):
    database = tmp_path / "sandbox.db"
    conn = sqlite3.connect(database)
    conn.execute("CREATE TABLE projects (order_id TEXT, processing_status TEXT, created REAL, last_modified REAL)")
    conn.executemany(
        "INSERT INTO projects VALUES (?, ?, ?, ?)",
        [("PS-1", "Completed", 100.0, 102.5), ("PS-2", "InProgress", 100.0, 101.0)],
    )
    conn.commit()
    conn.close()
    render = orders.hub_render_times(database)
    assert render == {"PS-1": 2.5}
    assert orders.past_render({"server_total_s": 3.25}, render["PS-1"]) == 0.75
    assert orders.past_render({"server_total_s": 3.25}, render.get("PS-2")) is None
    assert orders.past_render({"server_total_s": None}, 2.5) is None
