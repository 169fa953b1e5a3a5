"""Run the Hub sandbox: `python -m sandbox` (SANDBOX_HOST / SANDBOX_PORT, default 127.0.0.1:5100)."""

import logging

from werkzeug.serving import run_simple

from . import create_app, pipeline
from .config import public_url


def main():
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = create_app()
    host, port = app.config["SANDBOX_HOST"], app.config["SANDBOX_PORT"]
    pipeline.start(app)
    logging.getLogger("sandbox").info(
        "Hub sandbox at %s (client id %s, %d demo products)",
        public_url(app.config),
        app.config["SANDBOX_CLIENT_ID"],
        len(app.extensions["sandbox"].catalog.products),
    )
    try:
        run_simple(host, port, app, threaded=True, use_reloader=False)
    finally:
        pipeline.stop(app)


if __name__ == "__main__":
    main()
