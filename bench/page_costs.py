"""In-process page costs: CPU ms and SQL queries per request of each page, for a guest with a cart and a customer.

`python -m bench.page_costs [--requests 200] [--profile product/guest]` builds the store and the Hub sandbox in
this process (SQLite in a temporary folder, Redis db 13 by default, flushed), fills both shoppers' carts through
the real pages, then loads each page `--requests` times with Flask's test client. No wrk, no gunicorn: the figures
are one request's own cost, steady under a loaded machine where wrk's are not. `--profile` prints cProfile's top
functions for one page.
"""

import argparse
import cProfile
import os
import pstats
import tempfile
import threading
import time
from pathlib import Path

import redis
from sqlalchemy import event
from werkzeug.serving import make_server

from sandbox import config as sandbox_config
from sandbox import create_app as create_sandbox

from .pages import CART_MARKER, CUSTOMER_MARKER, PAGES, PERSONALIZED_SLUG, browser_headers, cookie_header, fill_cart
from .shopper import Shopper
from .stack import RATE_LIMITS

PERSONALIZE = f"/products/{PERSONALIZED_SLUG}/personalize"
ROUNDS = 3


def _serve(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def build(workdir, redis_url):
    """(store app, sandbox server, store server, store URL): both served on free ports, the demo catalog loaded."""
    from flask_migrate import upgrade

    from storefront import create_app
    from storefront.catalog.demo import seed_demo

    overrides = dict(sandbox_config.DEFAULTS)
    overrides.update(SANDBOX_DB=str(workdir / "sandbox.db"), SANDBOX_FILES_DIR=str(workdir / "files"))
    sandbox_app = create_sandbox(overrides)
    sandbox_server, sandbox_url = _serve(sandbox_app)
    sandbox_app.config["SANDBOX_PUBLIC_URL"] = sandbox_url
    redis.Redis.from_url(redis_url).flushdb()
    app = create_app(
        {
            "INSTANCE_PATH": str(workdir / "instance"),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'store.db'}",
            "REDIS_URL": redis_url,
            "SECRET_KEY": "page-costs",
            "CCHUB_BASEURL": sandbox_url,
            "CCHUB_API_URL": sandbox_url,
            "CCHUB_CLIENT_ID": sandbox_app.config["SANDBOX_CLIENT_ID"],
            "CCHUB_CLIENT_SECRET": sandbox_app.config["SANDBOX_CLIENT_SECRET"],
            "CCHUB_TENANT_ID": 1,
            "CCHUB_STOREFRONT_ID": 1,
            "HUB_USES_SANDBOX": True,
            # Every page is loaded hundreds of times from one address: the limits on strangers must not pace it.
            **{name: "100000 per minute" for name in RATE_LIMITS},
        }
    )
    with app.app_context():
        upgrade()
        seed_demo()
    store_server, store_url = _serve(app)
    return app, sandbox_server, store_server, store_url


def shoppers(store_url):
    """{persona: Cookie header}: a guest and a customer, each with one personalized and one plain cart line; the
    customer has placed one order before, as in bench/pages.py (no worker here: it stays unfulfilled)."""
    guest = fill_cart(Shopper(store_url, name="Cost guest"))
    customer = Shopper(store_url, name="Cost customer")
    customer.register()
    customer.personalize_into_cart(PERSONALIZED_SLUG)
    customer.checkout()
    fill_cart(customer)
    return {"guest": cookie_header(guest), "customer": cookie_header(customer)}


class QueryCounter:
    """Counts the SQL statements the store's engine runs."""

    def __init__(self, engine):
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args):
        self.count += 1


def cost(client, path, cookie, requests, counter, marker=""):
    """(CPU ms per request, queries per request): the quickest of ROUNDS rounds of `requests` GETs (the others lost
    time to the rest of the machine), after two warm-up GETs."""
    for _ in range(2):
        page = client.get(path, headers=browser_headers(cookie)).get_data(as_text=True)
        assert marker in page, f"{path}: no {marker!r} on the page"
    counter.count = 0
    rounds = []
    for _ in range(ROUNDS):
        began = time.process_time()
        for _ in range(requests):
            response = client.get(path, headers=browser_headers(cookie))
            assert response.status_code == 200, (path, response.status_code)
        rounds.append(time.process_time() - began)
    return 1000 * min(rounds) / requests, counter.count / requests / ROUNDS


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--profile", metavar="PAGE/PERSONA", help="e.g. product/guest: cProfile that page")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="page-costs-") as tmp:
        app, sandbox_server, store_server, store_url = build(Path(tmp), args.redis_url)
        try:
            cookies = shoppers(store_url)
            with app.app_context():
                from storefront.extensions import db

                counter = QueryCounter(db.engine)
            client = app.test_client(use_cookies=False)  # the shopper's Cookie header as it is
            pages = [(page, persona, path) for persona in cookies for page, path in PAGES.items()]
            pages.append(("personalize (warm)", "guest", PERSONALIZE))
            if args.profile:
                page, persona = args.profile.split("/")
                path = PERSONALIZE if page == "personalize" else PAGES[page]
                profiler = cProfile.Profile()
                profiler.runcall(cost, client, path, cookies[persona], args.requests, counter)
                pstats.Stats(profiler).sort_stats(os.environ.get("PROFILE_SORT", "cumulative")).print_stats(45)
                return
            print(f"{'page':<20} {'persona':>9} {'CPU ms/req':>11} {'queries/req':>12}")
            for page, persona, path in pages:
                marker = CART_MARKER if page == "cart" else CUSTOMER_MARKER if persona == "customer" else ""
                ms, queries = cost(client, path, cookies[persona], args.requests, counter, marker)
                print(f"{page:<20} {persona:>9} {ms:>11.2f} {queries:>12.1f}")
        finally:
            store_server.shutdown()
            sandbox_server.shutdown()


if __name__ == "__main__":
    main()
