"""Checks that Redis answers; says how to start it when it does not. Used by the Makefile."""

import argparse
import sys
import time

import redis

START_HINT = (
    "Redis is not answering at {url}.\n"
    "Start it with:  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no\n"
    "(or `apt-get install redis-server` first). The shop pages work without it; carts, logins and\n"
    "order processing need it."
)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--wait", type=float, default=0, help="seconds to keep trying")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args()
    deadline = time.monotonic() + args.wait
    while True:
        try:
            redis.Redis.from_url(args.url, socket_connect_timeout=1).ping()
            return 0
        except redis.RedisError:
            if time.monotonic() >= deadline:
                if not args.quiet:
                    print(START_HINT.format(url=args.url), file=sys.stderr)
                return 1
            time.sleep(0.2)


if __name__ == "__main__":
    sys.exit(main())
