"""Starts an RQ worker with its scheduler inside the app context: `python worker.py`."""

import logging

from rq import SimpleWorker

from storefront import create_app
from storefront.fulfillment import ensure_reconciler
from storefront.queue import get_queue


def main():
    app = create_app()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    with app.app_context():
        queue = get_queue()
        # The periodic reconciler reschedules itself; starting a worker makes sure one is on its way.
        ensure_reconciler()
        # Jobs run in this process (no fork per job), so the Hub client keeps its OAuth token and the database
        # its connection pool between jobs; every job is short and bounded by RQ's job timeout.
        SimpleWorker([queue], connection=queue.connection).work(with_scheduler=True)


if __name__ == "__main__":
    main()
