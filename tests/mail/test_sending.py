"""Sending each owed email exactly once: temporary SMTP failures are retried, permanent ones stop at once, a job
run twice sends nothing more, and an email Redis never got is sent by the reconciler."""

import logging

import pytest
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from storefront.fulfillment.reconciler import reconcile
from storefront.jobs.functions import send_email
from storefront.jobs.queueing import mail_job_id, queue_email
from storefront.jobs.redis_queue import get_queue, mail_queue_name
from storefront.mail.models import EmailKind, EmailStatus
from storefront.orders.timeline import EventKind
from tests.fixtures.jobs import run_jobs_until
from tests.fixtures.records import reload
from tests.mail.helpers import checkout_until_confirmation_settles, email_rows, only_order


def confirmation():
    (row,) = [row for row in email_rows() if row.kind == EmailKind.CONFIRMATION]
    return row


def settled():
    return confirmation().status != EmailStatus.PENDING


def test_a_temporary_smtp_failure_is_retried_and_the_message_arrives_once(shopper, smtp):
    smtp.refuse_next("451 4.3.0 Mailbox busy, try again later")
    row = checkout_until_confirmation_settles(shopper, "sam@example.com")
    assert row.status == EmailStatus.SENT and row.sent_at is not None
    assert row.attempts == 2 and row.last_error is None
    assert len(smtp.to("sam@example.com")) == 1


def test_a_permanent_smtp_refusal_marks_the_email_failed_at_once(shopper, smtp):
    smtp.refuse_next("550 5.1.1 No such mailbox")
    row = checkout_until_confirmation_settles(shopper, "nobody@example.com")
    assert row.status == EmailStatus.FAILED and row.attempts == 1
    assert row.last_error.startswith("550") and "No such mailbox" in row.last_error
    assert smtp.messages == []
    failed = [event for event in reload(only_order()).events if event.kind == EventKind.EMAIL_FAILED]
    assert len(failed) == 1 and "550" in failed[0].message


def test_an_email_still_refused_after_every_retry_is_marked_failed(shopper, smtp):
    smtp.refuse_next(*["421 4.7.0 Try again later"] * 3)  # the first try and both retries of MAIL_RETRY
    row = checkout_until_confirmation_settles(shopper, "sam@example.com")
    assert row.status == EmailStatus.FAILED and row.attempts == 3
    assert row.last_error.startswith("421")
    assert smtp.messages == []


@pytest.fixture
def unreachable_mail_server(app_config):
    """Nothing answers on the mail port (the discard port 1); no retry, so the first failure is the last."""
    app_config.update(MAIL_PORT=1, MAIL_USERNAME="shop", MAIL_PASSWORD="hunter2-secret", MAIL_RETRY=[])


def test_a_mail_server_that_does_not_answer_is_a_failure_that_keeps_no_password(
    unreachable_mail_server, shopper, caplog
):
    caplog.set_level(logging.DEBUG)
    row = checkout_until_confirmation_settles(shopper, "sam@example.com")
    assert row.status == EmailStatus.FAILED and "Connection refused" in row.last_error
    assert "hunter2-secret" not in caplog.text and "hunter2-secret" not in row.last_error


def test_an_email_queued_twice_and_its_job_run_twice_is_sent_once(app, shopper, smtp):
    shopper.add_plain()
    shopper.checkout(email="sam@example.com")
    row = confirmation()
    assert queue_email(row.id).id == queue_email(row.id).id == mail_job_id(row.id)
    run_jobs_until(settled)

    send_email(row.id)  # the job once more, as after a worker crash or a duplicate enqueue
    queue_email(row.id)
    run_jobs_until(lambda: get_queue(mail_queue_name(app.config)).count == 0)
    assert len(smtp.to("sam@example.com")) == 1
    assert confirmation().attempts == 1
    sent = [event for event in reload(only_order()).events if event.kind == EventKind.EMAIL_SENT]
    assert len(sent) == 1


def test_an_order_placed_while_redis_is_down_gets_its_confirmation_from_the_reconciler(app, shopper, smtp):
    shopper.add_plain()
    working_redis = app.extensions["redis"]
    app.extensions["redis"] = redis.Redis(port=1, socket_connect_timeout=0.2, retry=Retry(NoBackoff(), 0))
    try:
        response = shopper.checkout(email="sam@example.com")
    finally:
        app.extensions["redis"] = working_redis
    assert response.status_code == 302 and "/orders/" in response.location  # the order is placed all the same
    assert confirmation().status == EmailStatus.PENDING
    run_jobs_until(lambda: True)
    assert smtp.messages == []  # nothing was queued

    assert reconcile()["mail"] == 1
    run_jobs_until(settled)
    assert confirmation().status == EmailStatus.SENT
    assert len(smtp.to("sam@example.com")) == 1
    assert reconcile()["mail"] == 0
