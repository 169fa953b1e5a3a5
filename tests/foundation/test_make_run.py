"""`make run` on a fresh machine: a private Redis is started when none answers, or one line says what to install."""

import shutil
import signal
import subprocess

import redis

from storefront import commands
from tests.fixtures.processes import PYTHON, ROOT, free_port
from tests.fixtures.settings import TEST_REDIS_URL
from tests.fixtures.waiting import eventually


def processes(app, redis_url):
    app.config["REDIS_URL"] = redis_url
    return app.test_cli_runner().invoke(commands.processes_command)


def test_with_redis_answering_no_private_redis_is_started(app):
    result = processes(app, TEST_REDIS_URL)
    assert result.exit_code == 0
    assert "redis" not in result.output.split()
    assert result.output.split()[:2] == ["web", "worker"]


def test_with_no_redis_answering_make_run_starts_a_private_one(app):
    result = processes(app, f"redis://127.0.0.1:{free_port()}/0")
    assert result.exit_code == 0
    assert "redis" in result.output.split()


def test_without_redis_server_installed_one_line_names_the_package(app, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    result = processes(app, f"redis://:hunter2@127.0.0.1:{free_port()}/0")
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1
    assert "apt-get install redis-server" in result.output
    assert "hunter2" not in result.output


def test_a_remote_redis_that_does_not_answer_is_not_replaced_by_a_local_one(app):
    result = processes(app, "redis://192.0.2.1:6379/0")  # TEST-NET-1: never answers
    assert result.exit_code == 1
    assert "192.0.2.1" in result.output


def test_the_private_redis_serves_the_configured_port_and_stops_on_ctrl_c():
    port = free_port()
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "REDIS_URL": f"redis://127.0.0.1:{port}/0"}
    process = subprocess.Popen([PYTHON, "scripts/local_redis.py"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    try:

        def answers():
            try:
                with redis.Redis(port=port, socket_connect_timeout=0.5) as connection:
                    return connection.ping()
            except redis.RedisError:
                return False

        eventually(answers, timeout=10, what=f"private redis on port {port}")
        process.send_signal(signal.SIGINT)
        assert process.wait(10) == 0
        assert not answers()
    finally:
        if process.poll() is None:
            process.kill()
