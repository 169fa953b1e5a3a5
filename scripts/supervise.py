"""Runs a command and starts it again whenever it exits, until stopped: the Procfile's worker supervisor.

`python scripts/supervise.py [--name worker] -- .venv/bin/python worker.py`. SIGTERM or SIGINT is passed on to the
command and ends the supervisor once the command has exited. Restarts back off from 1 s up to --max-delay while the
command keeps dying at once, and start again from 1 s after it has run for a while.
"""

import argparse
import signal
import subprocess
import sys
import threading
import time

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
RAN_LONG_ENOUGH = 30  # seconds: a command that ran this long is restarted without delay growth


def say(name, message):
    print(f"supervise[{name}]: {message}", file=sys.stderr, flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--name", default="process", help="how log lines name the command")
    parser.add_argument("--min-delay", type=float, default=1.0, help="first wait before a restart, in seconds")
    parser.add_argument("--max-delay", type=float, default=10.0, help="longest wait before a restart, in seconds")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the command, after --")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given")

    stopping = threading.Event()
    child = None

    def stop(signum, frame):
        stopping.set()
        if child is not None and child.poll() is None:
            child.send_signal(signum)  # the same group may get it too (honcho, systemd); RQ ignores the repeat

    for sig in STOP_SIGNALS:
        signal.signal(sig, stop)

    delay = args.min_delay
    while not stopping.is_set():
        started = time.monotonic()
        child = subprocess.Popen(command)  # noqa: S603 - the command line the Procfile gives us
        code = child.wait()
        if stopping.is_set():
            return code if code >= 0 else 128 - code  # killed by a signal: the shell's convention
        ran = time.monotonic() - started
        delay = args.min_delay if ran > RAN_LONG_ENOUGH else delay
        say(args.name, f"exited with code {code} after {ran:.1f} s; starting it again in {delay:.1f} s")
        if stopping.wait(delay):
            return 0
        delay = min(delay * 2, args.max_delay)
    return 0


if __name__ == "__main__":
    sys.exit(main())
