"""An isolated stack on free 127.0.0.1 ports: Hub sandbox, store web servers and RQ workers, stopped on exit.

The bench runs one web instance and one worker on SQLite; the scale-out suite (tests/scaleout) runs several of each
on one PostgreSQL database with print files in object storage (`database_url`, `extra_env`).
"""

import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import redis
import requests
from rq import Queue
from rq.registry import StartedJobRegistry

import config

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = str(VENV_BIN / "python") if (VENV_BIN / "python").exists() else sys.executable
START_TIMEOUT = 30  # seconds for a process to answer HTTP
STOP_TIMEOUT = 10  # seconds between SIGTERM and SIGKILL
QUEUE_NAME = "printshop-bench"
SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET = config.SANDBOX_CLIENT_ID, config.SANDBOX_CLIENT_CREDENTIAL
RATE_LIMITS = (
    "LOGIN_RATE_LIMIT",
    "REGISTER_RATE_LIMIT",
    "CHECKOUT_RATE_LIMIT",
    "CHECKOUT_SESSION_RATE_LIMIT",
    "CHECKOUT_QUOTE_RATE_LIMIT",
    "CART_DESIGN_RATE_LIMIT",
    "PERSONALIZE_RATE_LIMIT",
    "EDITOR_TOKEN_RATE_LIMIT",
    "ORDER_STATUS_RATE_LIMIT",
)
SHELL_DEFAULT = re.compile(r"\$\{\w+:-([^}]*)\}")  # ${WEB_CONCURRENCY:-2} -> 2


def gunicorn_options(procfile_text):
    """The gunicorn options of the Procfile's `web:` line (defaults of ${VAR:-default} taken), without --bind and
    the app: what the bench starts the store and the hello baseline with, so both run as `make run` does."""
    for line in procfile_text.splitlines():
        if line.startswith("web:"):
            words = shlex.split(SHELL_DEFAULT.sub(r"\1", line.split(":", 1)[1]))
            break
    else:
        raise ValueError("the Procfile has no web: line")
    if not words or Path(words[0]).name != "gunicorn":
        raise ValueError(f"the Procfile's web process is not gunicorn: {words[:1]}")
    options, rest = [], words[1:-1]  # the last word is the app (app:app)
    while rest:
        word = rest.pop(0)
        if word in ("--bind", "-b"):
            rest.pop(0)
        elif not word.startswith(("--bind=", "-b")):
            options.append(word)
    return options


def free_port():
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Settings:
    """What the stack is started with; recorded in the results file."""

    redis_url: str = "redis://127.0.0.1:6379/9"
    pending_seconds: float = 1.0
    processing_seconds: float = 1.0
    poll_interval: int = 2
    keep_dir: bool = False
    web_instances: int = 1
    workers: int = 1
    hello: bool = False  # also start the hello baseline (bench/hello_app.py) under the store's gunicorn options
    database_url: str | None = None  # None: a SQLite file in the stack's folder
    extra_env: dict = field(default_factory=dict)  # more settings for the store's processes (object storage...)


@dataclass
class Stack:
    """The running processes, their URLs and where their files and logs are."""

    settings: Settings
    workdir: Path = field(default=None)
    sandbox_url: str = ""
    store_urls: list = field(default_factory=list)
    hello_url: str = ""
    webhook_secret: str = field(default_factory=lambda: secrets.token_hex(16))
    secret_key: str = field(default_factory=lambda: secrets.token_hex(32))
    processes: dict = field(default_factory=dict)

    @property
    def store_url(self):
        """The first web instance (the one the sandbox's webhook calls)."""
        return self.store_urls[0]

    @staticmethod
    def name(kind, index):
        """Process names: web, web-2, web-3...; worker, worker-2..."""
        return kind if index == 0 else f"{kind}-{index + 1}"

    # -- environment -------------------------------------------------------------------------------------------
    def store_env(self, instance="instance"):
        """The environment of the store and the worker (same for both, as in the Procfile); each host has its own
        instance folder, and shares the secrets, the database and Redis through these settings."""
        own = ("CCHUB_", "HUB_", "SANDBOX_", "FLASK_", "MAIL_", "STORE_OWNER_EMAIL")  # never the machine's mail server
        env = {k: v for k, v in os.environ.items() if not k.startswith(own)}
        env.update(
            {
                "PRINTSHOP_INSTANCE_DIR": str(self.workdir / instance),
                "DATABASE_URL": self.settings.database_url or f"sqlite:///{self.workdir / 'store.db'}",
                "REDIS_URL": self.settings.redis_url,
                "RQ_QUEUE": QUEUE_NAME,
                "SECRET_KEY": self.secret_key,
                "ARTIFACTS_DIR": str(self.workdir / "artifacts"),
                "STORE_URL": self.store_url,
                # The sandbox's documented credentials, set here so a developer's .env cannot point us elsewhere.
                "CCHUB_CLIENT_ID": SANDBOX_CLIENT_ID,
                "CCHUB_CLIENT_SECRET": SANDBOX_CLIENT_SECRET,
                "CCHUB_BASEURL": self.sandbox_url,
                "CCHUB_API_URL": self.sandbox_url,
                "CCHUB_TENANT_ID": "1",
                "CCHUB_STOREFRONT_ID": "1",
                "HUB_POLL_INTERVAL": str(self.settings.poll_interval),
                "HUB_RESUME_DELAY": "1",
                "HUB_WEBHOOK_SECRET": self.webhook_secret,
                # One address places every order of a bench: the limits on strangers must not pace it.
                **{name: "100000 per minute" for name in RATE_LIMITS},
                "PYTHONUNBUFFERED": "1",
            }
        )
        env.update(self.settings.extra_env)
        return env

    def sandbox_env(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SANDBOX_", "FLASK_"))}
        port = self.sandbox_url.rsplit(":", 1)[1]
        env.update(
            {
                "SANDBOX_HOST": "127.0.0.1",
                "SANDBOX_PORT": port,
                "SANDBOX_CLIENT_ID": SANDBOX_CLIENT_ID,
                "SANDBOX_CLIENT_SECRET": SANDBOX_CLIENT_SECRET,
                "SANDBOX_DB": str(self.workdir / "sandbox.db"),
                "SANDBOX_FILES_DIR": str(self.workdir / "sandbox-files"),
                "SANDBOX_PENDING_SECONDS": str(self.settings.pending_seconds),
                "SANDBOX_PROCESSING_SECONDS": str(self.settings.processing_seconds),
                "SANDBOX_WEBHOOK_URL": f"{self.store_url}/webhooks/hub/pipeline",
                "SANDBOX_WEBHOOK_SECRET": self.webhook_secret,
                "PYTHONUNBUFFERED": "1",
            }
        )
        return env

    # -- processes ---------------------------------------------------------------------------------------------
    def _spawn(self, name, args, env):
        log = open(self.workdir / f"{name}.log", "wb")  # noqa: SIM115 - closed in stop()
        # Own session: a Ctrl-C in the terminal reaches only us, and we stop each process group ourselves.
        process = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes[name] = (process, log)
        return process

    def _run(self, args, env):
        result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")

    def _wait_http(self, name, url):
        deadline = time.monotonic() + START_TIMEOUT
        process = self.processes[name][0]
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited with {process.returncode}:\n{self.log_tail(name)}")
            try:
                requests.get(url, timeout=5)
                return
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.2)
        raise RuntimeError(f"{name} did not answer at {url} within {START_TIMEOUT} s:\n{self.log_tail(name)}")

    def log_size(self, name):
        path = self.workdir / f"{name}.log"
        return path.stat().st_size if path.exists() else 0

    def log_since(self, name, offset):
        """What a process logged after `offset` bytes (see log_size)."""
        with open(self.workdir / f"{name}.log", "rb") as log:
            log.seek(offset)
            return log.read().decode("utf-8", errors="replace")

    def log_tail(self, name, chars=3000):
        path = self.workdir / f"{name}.log"
        return path.read_text(errors="replace")[-chars:] if path.exists() else ""

    def save_logs(self, target):
        """Copy the processes' logs (sandbox, web, worker) to `target`; returns it."""
        target.mkdir(parents=True, exist_ok=True)
        for path in self.workdir.glob("*.log"):
            shutil.copyfile(path, target / path.name)
        return target

    def pid(self, name):
        return self.processes[name][0].pid

    def start(self):
        self.workdir = Path(tempfile.mkdtemp(prefix="printshop-bench-"))
        self.sandbox_url = f"http://127.0.0.1:{free_port()}"
        self.store_urls = [f"http://127.0.0.1:{free_port()}" for _ in range(self.settings.web_instances)]
        conn = redis.Redis.from_url(self.settings.redis_url, socket_connect_timeout=2)
        conn.flushdb()  # the bench's own Redis db: no stale jobs, scheduler locks or caches
        conn.close()

        self._spawn("sandbox", [PYTHON, "-m", "sandbox"], self.sandbox_env())
        flask = [PYTHON, "-m", "flask", "--app", "app"]
        # Migrations run once, by one host, before any web instance or worker starts.
        self._run([*flask, "db", "upgrade"], self.store_env())
        self._run([*flask, "seed-demo"], self.store_env())
        gunicorn = [str(Path(PYTHON).with_name("gunicorn")), *gunicorn_options((ROOT / "Procfile").read_text())]
        for index, url in enumerate(self.store_urls):
            port = url.rsplit(":", 1)[1]
            env = self.store_env(instance=f"web-{index + 1}")
            self._spawn(self.name("web", index), [*gunicorn, "--bind", f"127.0.0.1:{port}", "app:app"], env)
        if self.settings.hello:
            self.hello_url = f"http://127.0.0.1:{free_port()}"
            port = self.hello_url.rsplit(":", 1)[1]
            self._spawn("hello", [*gunicorn, "--bind", f"127.0.0.1:{port}", "bench.hello_app:app"], os.environ.copy())
        for index in range(self.settings.workers):
            self._spawn(self.name("worker", index), [PYTHON, "worker.py"], self.store_env(f"worker-{index + 1}"))
        self._wait_http("sandbox", f"{self.sandbox_url}/sandbox/stats")
        for index, url in enumerate(self.store_urls):
            self._wait_http(self.name("web", index), f"{url}/")
        if self.hello_url:
            self._wait_http("hello", f"{self.hello_url}/")
        time.sleep(1)
        for name, (process, _log) in self.processes.items():
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited:\n{self.log_tail(name)}")
        return self

    def stop(self):
        """SIGTERM each process group we started, SIGKILL what is still there after STOP_TIMEOUT; flush Redis."""
        names = sorted(self.processes, key=lambda name: ("worker", "web", "hello", "sandbox").index(name.split("-")[0]))
        for name in names:
            process, log = self.processes.pop(name)
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                    process.wait(STOP_TIMEOUT)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(STOP_TIMEOUT)
                except ProcessLookupError:
                    pass
            log.close()
        try:
            conn = redis.Redis.from_url(self.settings.redis_url, socket_connect_timeout=2)
            conn.flushdb()
            conn.close()
        except redis.RedisError:
            pass
        if self.workdir is not None and self.workdir.exists():
            if self.settings.keep_dir:
                print(f"kept the stack's files and logs in {self.workdir}")
            else:
                shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self):
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc):
        self.stop()

    def wait_until_workers_idle(self, timeout=600.0):
        """Wait until no job waits in the bench's queues (fulfilment and mail) and none runs; returns the seconds
        waited. Scheduled jobs (polls due later, no-ops for finished orders) do not count."""
        began = time.monotonic()
        conn = redis.Redis.from_url(self.settings.redis_url, socket_connect_timeout=2)
        try:
            queues = [Queue(name, connection=conn) for name in (QUEUE_NAME, f"{QUEUE_NAME}-mail")]
            while any(queue.count or StartedJobRegistry(queue=queue).count for queue in queues):
                if time.monotonic() - began > timeout:
                    raise RuntimeError(f"the workers were still busy after {timeout:.0f} s")
                time.sleep(0.25)
        finally:
            conn.close()
        return round(time.monotonic() - began, 2)

    # -- sandbox control API -----------------------------------------------------------------------------------
    def control(self, method, path, body=None):
        response = requests.request(method, f"{self.sandbox_url}/sandbox/{path}", json=body, timeout=10)
        response.raise_for_status()
        return response.json()
