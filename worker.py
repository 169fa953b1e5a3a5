"""Starts an RQ worker with its scheduler inside the app context: `python worker.py`."""

import logging

from rq import SimpleWorker

from storefront import create_app
from storefront.fulfillment import reconcile_and_reschedule
from storefront.queue import enqueue_once, get_queue


def main():
    app = create_app()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    with app.app_context():
        queue = get_queue()
        # The periodic reconciler reschedules itself; starting a worker makes sure one is on its way.
        enqueue_once(reconcile_and_reschedule, job_id="reconcile-periodic")
        # Jobs run in this process (no fork per job), so the Hub client keeps its OAuth token and the database
        # its connection pool between jobs; every job is short and bounded by RQ's job timeout.
        SimpleWorker([queue], connection=queue.connection).work(with_scheduler=True)


if __name__ == "__main__":
    main()
