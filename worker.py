"""Starts an RQ worker with its scheduler inside the app context: `python worker.py`."""

import logging

from rq import Queue, Worker

from storefront import create_app


def main():
    app = create_app()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    connection = app.extensions["redis"]
    with app.app_context():
        queue = Queue(app.config["RQ_QUEUE"], connection=connection)
        Worker([queue], connection=connection).work(with_scheduler=True)


if __name__ == "__main__":
    main()
