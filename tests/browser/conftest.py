"""Browser fixtures: Debian's headless Chromium, the store served over HTTP on the Hub sandbox, a real RQ worker.

How Chromium is launched, and what is known to work on these machines: tests/fixtures/browser.py. Without Chromium
every test in this folder is skipped with a hint on how to install it.
"""

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.fixtures.browser import (  # noqa: F401 - fixtures pytest-playwright asks for
    ACTION_TIMEOUT_MS,
    CHROMIUM,
    CspWatch,
    base_url,
    browser_type_launch_args,
)
from tests.fixtures.settings import TEST_REDIS_URL

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
WEBHOOK_SECRET = "browser-webhook-secret"
SECRET_KEY = "browser-tests-secret-key"
WORKER_STOP_SECONDS = 10


def pytest_collection_modifyitems(config, items):
    """Skip this folder's tests, with an install hint, where Debian's Chromium is missing."""
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(
        reason=f"Chromium not found at {CHROMIUM}: install it with `apt-get install chromium` to run browser tests"
    )
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(skip)


@pytest.fixture
def csp_watch():
    """The console messages and page errors of every browser context this test opens."""
    return CspWatch()


@pytest.fixture(autouse=True)
def fails_on_csp_violations(csp_watch):
    """Every browser test fails when a page logged a Content-Security-Policy violation.

    Set up before the test's browser fixtures, so it checks after they closed their contexts, by which time
    Playwright has delivered every message the pages logged.
    """
    yield
    csp_watch.check()


@pytest.fixture
def new_context(new_context, csp_watch):
    """pytest-playwright's context factory, with every context it makes watched for CSP violations."""

    def make(**kwargs):
        return csp_watch.watch(new_context(**kwargs))

    return make


@pytest.fixture
def app_config(sandbox_app_config):
    """The store on the in-process Hub sandbox with quick retries, polls and resumes."""
    sandbox_app_config.update(
        {
            "SECRET_KEY": SECRET_KEY,
            "HUB_MAX_RETRIES": 2,
            "HUB_POLL_INTERVAL": 1,
            "HUB_RESUME_DELAY": 1,
            "HUB_WEBHOOK_SECRET": WEBHOOK_SECRET,
        }
    )
    return sandbox_app_config


@pytest.fixture
def live_store(app, sandbox, demo_catalog):
    """The store with the demo catalog served over HTTP on a free port; the sandbox's pipeline calls its webhook."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    app.config["STORE_URL"] = url
    sandbox.configure(webhook_url=f"{url}/webhooks/hub/pipeline", webhook_secret=WEBHOOK_SECRET)
    thread = threading.Thread(target=server.serve_forever, name="live-store", daemon=True)
    thread.start()
    yield url
    server.shutdown()
    thread.join(5)


@pytest.fixture
def context(new_context, live_store):
    """pytest-playwright's browser context, with relative URLs resolved against the live store."""
    context = new_context(base_url=live_store)
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    return context


@pytest.fixture
def phone_page(new_context, live_store):
    """A page on a phone-sized screen (390 x 844, like an iPhone 12-15)."""
    context = new_context(base_url=live_store, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    return context.new_page()


@pytest.fixture
def worker(app, sandbox, live_store, database_url, tmp_path):
    """`python worker.py` as `make run` starts it, on the test database, Redis db and sandbox; stopped at teardown.

    Yields the path of its log file (stdout and stderr); its tail is printed at teardown, so a failing test shows it.
    """
    env = {
        **{name: value for name, value in os.environ.items() if not name.startswith("MAIL_")},
        "PRINTSHOP_INSTANCE_DIR": app.config["INSTANCE_PATH"],  # its outbox too, never the repository's instance/
        "DATABASE_URL": database_url,
        "REDIS_URL": TEST_REDIS_URL,
        "CCHUB_BASEURL": sandbox.url,
        "CCHUB_API_URL": sandbox.url,
        "CCHUB_CLIENT_ID": sandbox.client_id,
        "CCHUB_CLIENT_SECRET": sandbox.client_secret,
        "CCHUB_TENANT_ID": str(sandbox.tenant_id),
        "CCHUB_STOREFRONT_ID": str(sandbox.storefront_id),
        "ARTIFACTS_DIR": app.config["ARTIFACTS_DIR"],
        "STORE_URL": live_store,
        "HUB_POLL_INTERVAL": "1",
        "HUB_RESUME_DELAY": "1",
        "HUB_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "SECRET_KEY": SECRET_KEY,
        "PYTHONUNBUFFERED": "1",
    }
    python = ROOT / ".venv" / "bin" / "python"
    log_path = tmp_path / "worker.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [str(python if python.exists() else sys.executable), "worker.py"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        yield log_path
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(WORKER_STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(WORKER_STOP_SECONDS)
        # Captured output: pytest shows it when the test failed.
        print(f"--- worker log ({log_path}), exit code {process.returncode} ---")
        print(log_path.read_text(errors="replace")[-6000:])
