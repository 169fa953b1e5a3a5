"""Starts an RQ worker and its scheduler tick for the app: `python worker.py`. The worker pushes an app context of
its own for every job (storefront/fulfillment/workers.py)."""

import logging

from storefront import StartupError, create_app
from storefront.fulfillment.workers import run


def main():
    try:
        app = create_app()
    except StartupError as exc:
        raise SystemExit(f"Printshop worker cannot start: {exc}") from None  # one line, not a traceback
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    with app.app_context():
        # Jobs run in this process (no fork per job), so the Hub client keeps its OAuth token and the database
        # its connection pool between jobs; every job is short and bounded by RQ's job timeout.
        run(app)


if __name__ == "__main__":
    main()
