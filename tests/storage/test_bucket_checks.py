"""A bucket store is checked when the app starts: a missing bucket, no credentials or an endpoint that does not
answer stop the start with one line naming the bucket, never a traceback; every S3 call is bounded in time."""

import socket
import subprocess
import time

import pytest

from storefront import APP_LOAD_ERROR, StartupError, create_app
from storefront.storage import get_store
from tests.fixtures.processes import PYTHON, ROOT, free_port


def bucket_config(app_config, server, bucket, **overrides):
    return {**app_config, **server.app_settings(bucket, "print-files"), **overrides}


def test_a_bucket_that_answers_starts_the_app_and_stores_there(app_config, s3_server, s3_bucket):
    app = create_app(bucket_config(app_config, s3_server, s3_bucket))
    with app.app_context():
        get_store().put("PS-1/1-card.pdf", lambda fileobj: fileobj.write(b"%PDF-1.4"))
    assert s3_server.keys(s3_bucket) == ["print-files/PS-1/1-card.pdf"]


def test_a_store_without_prefix_keeps_the_keys_at_the_bucket_root(app_config, s3_server, s3_bucket):
    app = create_app({**bucket_config(app_config, s3_server, s3_bucket), "ARTIFACTS_STORE": f"s3://{s3_bucket}"})
    with app.app_context():
        get_store().put("PS-1/1-card.pdf", lambda fileobj: fileobj.write(b"%PDF-1.4"))
    assert s3_server.keys(s3_bucket) == ["PS-1/1-card.pdf"]


def test_a_missing_bucket_stops_the_start_naming_it(app_config, s3_server):
    with pytest.raises(StartupError) as caught:
        create_app(bucket_config(app_config, s3_server, "no-such-bucket"))
    message = str(caught.value)
    assert "s3://no-such-bucket/print-files" in message
    assert f"the bucket no-such-bucket does not exist at {s3_server.endpoint_url}" in message
    assert "\n" not in message


def test_no_credentials_stop_the_start_naming_the_settings(app_config, s3_server, s3_bucket, monkeypatch, tmp_path):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    config = bucket_config(app_config, s3_server, s3_bucket, AWS_ACCESS_KEY_ID=None, AWS_SECRET_ACCESS_KEY=None)
    with pytest.raises(StartupError, match=f"s3://{s3_bucket}/print-files: no S3 credentials found") as caught:
        create_app(config)
    assert "AWS_ACCESS_KEY_ID" in str(caught.value)


def test_an_unreachable_endpoint_stops_the_start_within_seconds(app_config, s3_server, s3_bucket):
    nothing_there = f"http://127.0.0.1:{free_port()}"
    config = bucket_config(app_config, s3_server, s3_bucket, AWS_ENDPOINT_URL=nothing_there)
    started = time.monotonic()
    with pytest.raises(StartupError, match=f"the S3 endpoint {nothing_there} is unreachable"):
        create_app(config)
    assert time.monotonic() - started < 10


def test_an_endpoint_that_never_answers_times_out(app_config, s3_server, s3_bucket):
    with socket.socket() as silent:  # accepts connections (the kernel does) and never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        endpoint = f"http://127.0.0.1:{silent.getsockname()[1]}"
        config = bucket_config(
            app_config, s3_server, s3_bucket, AWS_ENDPOINT_URL=endpoint, S3_READ_TIMEOUT=0.5, AWS_MAX_ATTEMPTS=2
        )
        started = time.monotonic()
        with pytest.raises(StartupError, match="did not answer in time"):
            create_app(config)
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("setting", ["my-bucket", "https://s3.example.test/bucket", "s3:///prefix-only"])
def test_a_malformed_store_setting_stops_the_start(app_config, setting):
    with pytest.raises(StartupError, match="ARTIFACTS_STORE must look like s3://bucket/prefix"):
        create_app({**app_config, "ARTIFACTS_STORE": setting})


def test_without_a_bucket_setting_nothing_is_checked(app_config):
    app = create_app({**app_config, "AWS_ENDPOINT_URL": f"http://127.0.0.1:{free_port()}"})
    with app.app_context():
        assert get_store().kind == "local"


@pytest.mark.parametrize("command", [["-m", "flask", "--app", "app", "processes"], ["worker.py"]])
def test_web_and_worker_processes_print_one_line_not_a_traceback(command, s3_server, tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "PRINTSHOP_INSTANCE_DIR": str(tmp_path / "instance"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}",
        **s3_server.env("no-such-bucket", "print-files"),
    }
    finished = subprocess.run([PYTHON, *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert finished.returncode == APP_LOAD_ERROR
    assert "Traceback" not in finished.stderr
    (line,) = finished.stderr.strip().splitlines()
    assert "will not start: Print file store s3://no-such-bucket/print-files: the bucket no-such-bucket" in line
