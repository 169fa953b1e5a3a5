"""Starts the store's RQ worker and its scheduler tick: `python worker.py`.

RQ's forking Worker runs each job in a work horse of its own with a fresh app context (see
storefront/jobs/workers.py); the Hub access token is shared through Redis, so the horses do not each ask for
one. Run as many of these processes as the load needs.
"""

import logging

from storefront import start_app
from storefront.jobs.workers import run


def main():
    app = start_app()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    with app.app_context():
        run(app)


if __name__ == "__main__":
    main()
