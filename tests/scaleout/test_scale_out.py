"""The store scaled out: two web instances, three forking workers, one PostgreSQL database, one Redis, print files in
an S3-compatible bucket. Fifty orders placed through both instances all end ready, each with one Hub project and each
step run once, and every print file downloads from either instance.

Every process is a real one (gunicorn, `python worker.py`, `python -m sandbox`, redis-server, moto's S3 server), as
a deployment runs them; the hosts share only the settings docs/deployment.md names.
"""

import hashlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest
import redis
import requests
from rq import Queue
from rq.job import Job
from rq.results import Result

from bench.shopper import Shopper
from bench.stack import QUEUE_NAME, Settings, Stack
from storefront import create_app
from storefront.extensions import db
from storefront.jobs.queueing import fetch_job_id, submit_job_id
from storefront.mail.models import EmailKind, EmailStatus, OutgoingEmail
from storefront.orders.lifecycle import SETTLED
from storefront.orders.models import Order, OrderStatus
from storefront.orders.timeline import EventKind
from tests.fixtures.postgres import private_database
from tests.fixtures.processes import RedisServer
from tests.fixtures.waiting import eventually

pytestmark = pytest.mark.scaleout

ORDERS = 50
SHOPPERS_AT_ONCE = 6
REGISTER_EVERY = 5  # every fifth shopper registers on one instance and checks out on the other
PRODUCTS = ("classic-business-card", "photo-mug", "wedding-invitation")


BUCKET = "printshop-scaleout"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, s3_server):
    redis_server = RedisServer(tmp_path_factory.mktemp("scaleout-redis")).start()
    s3_server.create_bucket(BUCKET)
    try:
        with private_database("printshop_scaleout") as database_url:
            settings = Settings(
                redis_url=redis_server.url,
                pending_seconds=0.5,
                processing_seconds=0.5,
                poll_interval=2,
                web_instances=2,
                workers=3,
                database_url=database_url,
                extra_env=s3_server.env(BUCKET, "print-files"),
            )
            with Stack(settings) as stack:
                yield stack
    finally:
        redis_server.kill()
        s3_server.remove_bucket(BUCKET)


@pytest.fixture(scope="module")
def store_db(cluster):
    """The cluster's database read through the store's models (an app of the test's own, no process of it)."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": cluster.settings.database_url})
    with app.app_context():
        yield db
        db.session.remove()


def shop(cluster, index):
    """One shopper: designs on one instance, checks out on the other (one cookie jar, as behind a proxy)."""
    first, second = cluster.store_urls[index % 2], cluster.store_urls[(index + 1) % 2]
    shopper = Shopper(first, name=f"Scale Shopper {index}")
    shopper.personalize_into_cart(PRODUCTS[index % len(PRODUCTS)], lines=(f"Shopper {index}", "scale-out"))
    if index % REGISTER_EVERY == 0:
        shopper.register()
    shopper.url = second
    number, key, _placed_at = shopper.checkout()
    return {"number": number, "key": key, "shopper": shopper, "registered": index % REGISTER_EVERY == 0}


@dataclass
class Placed:
    """The orders the shoppers placed, and the Hub calls the store made for them (before the tests' own calls)."""

    orders: list
    hub_calls: dict

    def __iter__(self):
        return iter(self.orders)


@pytest.fixture(scope="module")
def placed(cluster):
    with ThreadPoolExecutor(SHOPPERS_AT_ONCE) as pool:
        orders = list(pool.map(lambda index: shop(cluster, index), range(ORDERS)))

    def statuses():
        return [order["shopper"].order_status(order["number"], order["key"])["status"] for order in orders]

    eventually(
        lambda: all(status in SETTLED for status in statuses()),
        timeout=300,
        pause=2,
        what=f"{ORDERS} orders final",
    )
    return Placed(orders, cluster.control("GET", "stats"))


def hub_projects(cluster, order_number):
    token = requests.post(
        f"{cluster.sandbox_url}/connect/token",
        data={"grant_type": "client_credentials", "client_id": "sandbox-client", "client_secret": "sandbox-secret"},
        timeout=10,
    ).json()["access_token"]
    response = requests.get(
        f"{cluster.sandbox_url}/api/storefront/v1/projects",
        params={"orderId": order_number, "storefrontId": 1, "tenantId": 1},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    response.raise_for_status()
    return response.json()


def test_every_order_placed_through_either_instance_ends_ready(placed):
    statuses = [order["shopper"].order_status(order["number"], order["key"])["status"] for order in placed]
    assert statuses == [OrderStatus.READY] * ORDERS
    assert len({order["number"] for order in placed}) == ORDERS


def test_no_order_has_two_hub_projects(cluster, placed):
    assert [hub_projects(cluster, order["number"])["total"] for order in placed] == [1] * ORDERS
    assert placed.hub_calls.get("Projects_CreateWithMultipleItems") == ORDERS


def test_every_order_step_ran_to_completion_once(cluster, placed, store_db):
    queue = Queue(QUEUE_NAME, connection=redis.Redis.from_url(cluster.settings.redis_url))
    for entry in placed:
        order = store_db.session.scalar(db.select(Order).filter_by(number=entry["number"]))
        kinds = [event.kind for event in order.events]
        assert kinds.count(EventKind.SUBMITTED) == 1, (order.number, kinds)
        assert kinds.count(EventKind.FILE_FETCHED) == len(order.artifacts) >= 1, (order.number, kinds)
        for job_id in (submit_job_id(order.id), fetch_job_id(order.id)):
            results = Job.fetch(job_id, connection=queue.connection).results()
            successes = [result for result in results if result.type == Result.Type.SUCCESSFUL]
            assert len(successes) == 1, (job_id, [result.type for result in results])


def test_every_process_of_every_host_shared_one_hub_access_token(placed):
    # Two web instances (two gunicorn processes each) and three workers forking a horse per job: one token.
    assert placed.hub_calls.get("Token") == 1


def test_every_print_file_and_its_proof_is_in_the_bucket_and_on_no_host(cluster, placed, store_db, s3_server):
    # Proofs come after the order is ready (a job of their own): wait until no order page waits for one.
    eventually(
        lambda: not any(e["shopper"].order_status(e["number"], e["key"])["proofs_pending"] for e in placed),
        timeout=120,
        pause=1,
        what="every proof made",
    )
    store_db.session.expire_all()
    keys = s3_server.keys(BUCKET, "print-files/")
    artifacts = [artifact for order in store_db.session.scalars(db.select(Order)).all() for artifact in order.artifacts]
    assert all(artifact.proof_path and artifact.page_count >= 1 for artifact in artifacts)
    expected = sorted(f"print-files/{key}" for artifact in artifacts for key in (artifact.path, artifact.proof_path))
    assert keys == expected and len(keys) >= 2 * ORDERS
    assert not [path for path in (cluster.workdir / "artifacts").rglob("*") if path.is_file()]


def test_every_order_sends_its_confirmation_and_files_ready_email_once(cluster, placed, store_db):
    # Mail waits behind the order steps on its own queue: wait until the workers have sent it all.
    def unsent():
        store_db.session.expire_all()
        return store_db.session.scalar(db.select(db.func.count()).where(OutgoingEmail.status != EmailStatus.SENT))

    eventually(lambda: unsent() == 0, timeout=120, pause=1, what="every order email sent")
    rows = store_db.session.scalars(db.select(OutgoingEmail)).all()
    kinds = sorted((row.order_id, row.kind) for row in rows)
    orders = store_db.session.scalars(db.select(Order.id)).all()
    assert kinds == sorted(
        (order_id, kind) for order_id in orders for kind in (EmailKind.CONFIRMATION, EmailKind.FILES_READY)
    )
    assert all(row.attempts == 1 for row in rows)
    # No MAIL_SERVER: each worker host writes its messages into its own outbox, one file per message.
    assert len(list(cluster.workdir.glob("*/outbox/*.eml"))) == 2 * ORDERS


def test_every_print_file_downloads_from_either_instance(cluster, placed, store_db):
    for entry in placed:
        files = entry["shopper"].order_status(entry["number"], entry["key"])["files"]
        order = store_db.session.scalar(db.select(Order).filter_by(number=entry["number"]))
        expected = {artifact.size: artifact.sha256 for artifact in order.artifacts}
        assert len(files) == len(order.artifacts) >= 1
        for url in cluster.store_urls:
            for file in files:
                response = entry["shopper"].http.get(url + file["url"], timeout=30)
                assert response.status_code == 200, (url, file["url"])
                assert response.content.startswith(b"%PDF")
                assert hashlib.sha256(response.content).hexdigest() == expected[len(response.content)]


def test_a_customer_logged_in_on_one_instance_is_known_on_the_other(cluster, placed):
    registered = [order for order in placed if order["registered"]]
    assert registered
    for entry in registered:
        for url in cluster.store_urls:
            history = entry["shopper"].http.get(f"{url}/orders/", timeout=30)
            assert history.status_code == 200 and "/account/login" not in history.url
            assert entry["number"] in history.text
