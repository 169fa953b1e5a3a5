"""The health page: the Hub and our token, Redis, the queue and RQ's registries, workers, the last pipeline
callback and the reconciler's last run, each in words; failed jobs can be requeued."""

import re

from rq import Worker

from storefront.jobs.queueing import queue_reconcile
from storefront.jobs.redis_queue import get_queue
from tests.fixtures.drivers import AdminDriver
from tests.fixtures.jobs import burst_worker, run_jobs_until
from tests.fixtures.pages import csrf_token_from, flashes
from tests.fixtures.records import CUSTOMER, make_user


def job_that_fails():
    raise RuntimeError("a job that fails, for the health page")


def check(html, name):
    """(ok, text) of one check on the page."""
    match = re.search(rf'data-check="{name}" data-ok="(true|false)">(.*?)</li>', html, re.S)
    assert match, f"no {name} check on the page"
    return match.group(1) == "true", re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(2)))


def health(owner):
    response = owner.client.get("/admin/health")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_healthy_shop_with_a_worker(owner, sandbox):
    queue = get_queue()
    worker = Worker([queue], connection=queue.connection)
    worker.register_birth()
    worker.heartbeat()
    try:
        html = health(owner)
    finally:
        worker.register_death()
    ok, text = check(html, "Hub")
    assert ok and "our token accepted" in text and " ms" in text
    assert check(html, "Redis")[0]
    ok, text = check(html, "Workers")
    assert ok and "1 worker(s) alive" in text
    assert "No callback received yet" in check(html, "Pipeline callback")[1]
    assert not check(html, "Reconciler")[0]  # no worker has run it yet
    assert "CCHUB_CLIENT_SECRET" not in html and sandbox.access_token() not in html


def test_no_worker_is_a_problem(owner):
    ok, text = check(health(owner), "Workers")
    assert not ok and "No worker is running" in text


def test_the_hub_down_is_said_in_words(owner, sandbox):
    sandbox.set_faults(error_rate=1.0, error_status=503, error_methods=["GET"])
    ok, text = check(health(owner), "Hub")
    assert not ok and "could not be reached" in text
    sandbox.clear_faults()


def test_failed_jobs_are_counted_and_can_be_requeued(owner):
    queue = get_queue()
    queue.enqueue(job_that_fails)
    burst_worker(queue).work(burst=True)
    html = health(owner)
    assert 'data-fact="failed">1<' in html
    response = owner.client.post(
        "/admin/health/requeue-failed", data={"csrf_token": csrf_token_from(html)}, follow_redirects=True
    )
    assert "1 failed job(s) queued again." in flashes(response.get_data(as_text=True))
    assert queue.count == 1 and queue.failed_job_registry.count == 0


def test_requeue_needs_the_csrf_token(owner):
    queue = get_queue()
    queue.enqueue(job_that_fails)
    burst_worker(queue).work(burst=True)
    owner.client.post("/admin/health/requeue-failed", data={})
    assert queue.failed_job_registry.count == 1


def test_the_last_webhook_and_the_reconcilers_last_run(owner, shopper, place, app):
    shopper.personalize_into_cart("photo-mug")
    order = place()
    run_jobs_until(lambda: order.hub_project is not None)
    secret = app.config["HUB_WEBHOOK_SECRET"]
    body = {"projectId": order.hub_project.hub_project_id}
    assert (
        owner.client.post("/webhooks/hub/pipeline", json=body, headers={"X-Webhook-Secret": secret}).status_code == 202
    )
    queue_reconcile(get_queue(), 300)
    run_jobs_until(lambda: get_queue().finished_job_registry.count >= 1 and get_queue().count == 0)
    html = health(owner)
    assert f"for order #{order.id}" in check(html, "Pipeline callback")[1]
    ok, text = check(html, "Reconciler")
    assert ok and "Last run" in text and "queued:" in text


def test_health_with_redis_stopped_still_answers(app, owner_user):
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"
    app.extensions["redis"] = app.extensions["redis"].from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.5)
    driver = AdminDriver(app.test_client())
    driver.login(owner_user.email, "print-it-all-1")
    html = health(driver)
    ok, text = check(html, "Redis")
    assert not ok and "Redis is not answering" in text
    assert "Redis is not answering" in check(html, "Reconciler")[1]


def test_customers_get_404_and_visitors_the_login(app, client):
    assert client.get("/admin/health").status_code == 302
    customer = AdminDriver(app.test_client())
    make_user(**CUSTOMER)
    customer.login(CUSTOMER["email"], CUSTOMER["password"])
    assert customer.client.get("/admin/health").status_code == 404
    assert customer.client.post("/admin/health/requeue-failed").status_code in (400, 404)
