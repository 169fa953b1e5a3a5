"""Job fixtures: the store on the sandbox with instant polls, a shopper, and real `python worker.py` processes for
the worker, scheduling and crash tests."""

import pytest

from tests.fixtures.drivers import ShopperDriver
from tests.fixtures.jobs import INSTANT_JOBS
from tests.fixtures.processes import WORKER_SETTINGS, WorkerProcess, worker_env


@pytest.fixture
def app_config(sandbox_app_config):
    sandbox_app_config.update(INSTANT_JOBS)
    return sandbox_app_config


@pytest.fixture
def shopper(client, sandbox, demo_catalog):
    return ShopperDriver(client, sandbox)


@pytest.fixture
def spawn_worker(app, sandbox, database_url, tmp_path, artifacts_store):
    """Start `python worker.py` processes on the test database, the app's Redis (or another), the sandbox and the
    app's print file store (folder or bucket).

    Every worker still running is stopped at teardown, and the tail of each log is printed (pytest shows it when
    the test failed).
    """
    started = []

    def spawn(redis_url=None):
        redis_url = redis_url or app.config["REDIS_URL"]
        env = worker_env(
            database_url=database_url,
            redis_url=redis_url,
            sandbox=sandbox,
            artifacts_dir=app.config["ARTIFACTS_DIR"],
            instance_dir=tmp_path / "instance",
            **WORKER_SETTINGS,
            **artifacts_store.env(),
        )
        worker = WorkerProcess(env, tmp_path / f"worker-{len(started) + 1}.log", redis_url)
        started.append(worker.start())
        return worker

    yield spawn
    for worker in started:
        worker.stop()
    for worker in started:
        print(f"--- {worker.log_path.name} (pid {worker.pid}, exit code {worker.process.returncode}) ---")
        print(worker.log_tail())
