"""A private redis-server for `make run`, in the foreground on the port of REDIS_URL; honcho stops it on Ctrl-C.

It keeps nothing on disk: queued jobs are lost when it stops, and the store's reconciler queues them again from the
database at the next start.
"""

import os
import shutil
import sys
from urllib.parse import urlsplit

DEFAULT_URL = "redis://127.0.0.1:6379/0"


def main():
    port = urlsplit(os.environ.get("REDIS_URL") or DEFAULT_URL).port or 6379
    executable = shutil.which("redis-server")
    if executable is None:
        sys.exit("redis-server is not installed: apt-get install redis-server")
    args = [executable, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"]
    os.execv(executable, args)  # noqa: S606 - the fixed redis-server binary, no shell


if __name__ == "__main__":
    main()
