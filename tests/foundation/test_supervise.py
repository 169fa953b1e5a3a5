"""scripts/supervise.py, the Procfile's worker supervisor: a process that dies is started again; a stop ends both."""

import signal
import subprocess
import sys

from tests.fixtures.processes import PYTHON, ROOT
from tests.fixtures.waiting import eventually

SUPERVISE = [PYTHON, str(ROOT / "scripts" / "supervise.py"), "--name", "test", "--min-delay", "0.1"]


def test_a_process_that_keeps_dying_is_started_again(tmp_path):
    starts = tmp_path / "starts"
    child = [sys.executable, "-c", f"open({str(starts)!r}, 'a').write('.'); raise SystemExit(3)"]
    supervisor = subprocess.Popen([*SUPERVISE, "--max-delay", "0.2", "--", *child], stderr=subprocess.PIPE)
    try:
        eventually(lambda: starts.exists() and len(starts.read_text()) >= 3, timeout=10, what="three starts")
    finally:
        supervisor.send_signal(signal.SIGTERM)
        _, errors = supervisor.communicate(timeout=10)
    assert "exited with code 3" in errors.decode()


def test_sigterm_reaches_the_process_and_ends_the_supervisor_without_a_restart(tmp_path):
    ready, stopped = tmp_path / "ready", tmp_path / "stopped"
    child = [
        sys.executable,
        "-c",
        "import pathlib, signal, sys, time\n"
        f"signal.signal(signal.SIGTERM, lambda *_: (pathlib.Path({str(stopped)!r}).write_text('x'), sys.exit(0)))\n"
        f"pathlib.Path({str(ready)!r}).write_text('x')\n"
        "time.sleep(60)\n",
    ]
    supervisor = subprocess.Popen([*SUPERVISE, "--", *child])
    eventually(ready.exists, timeout=10, what="the process running")
    ready.unlink()
    supervisor.send_signal(signal.SIGTERM)
    assert supervisor.wait(timeout=10) == 0
    assert stopped.exists()
    assert not ready.exists()  # not started again
