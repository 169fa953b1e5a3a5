"""The store owner sees each order email on the order page (its table and the timeline) and can send a failed
one again."""

import re

from storefront.mail.models import EmailKind, EmailStatus
from tests.fixtures.jobs import run_jobs_until
from tests.fixtures.pages import csrf_token_from
from tests.mail.helpers import checkout_until_confirmation_settles, email_rows, only_order


def emails_table(page):
    """{kind label: row text} of the order page's Emails table."""
    table = re.search(r"<table[^>]*data-emails>(.*?)</table>", page, re.S)
    assert table, "the order page has no Emails table"
    rows = re.findall(r'<tr data-email="([^"]+)"[^>]*>(.*?)</tr>', table.group(1), re.S)
    return {kind: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cells)).strip() for kind, cells in rows}


def timeline(page):
    return re.findall(r'data-kind="(email_[a-z]+)"', page)


def test_the_order_page_lists_each_email_with_its_status_and_attempts(shopper, owner, smtp):
    smtp.refuse_next("451 4.3.0 Try again later")
    checkout_until_confirmation_settles(shopper)

    page = owner.page(only_order())
    row = emails_table(page)[EmailKind.CONFIRMATION]
    assert row.startswith("Order confirmation sam@example.com sent 2")
    assert re.search(r"\d{2} \w{3} \d{4} \d{2}:\d{2}", row)  # when it was sent
    assert timeline(page) == ["email_sent"]
    assert "Order confirmation sent to sam@example.com" in page


def test_a_failed_email_is_sent_again_from_the_order_page(shopper, owner, smtp):
    smtp.refuse_next("554 5.7.1 Message rejected")
    checkout_until_confirmation_settles(shopper)
    order = only_order()
    page = owner.page(order)
    assert "failed" in emails_table(page)[EmailKind.CONFIRMATION] and "554 5.7.1 Message rejected" in page
    (email,) = email_rows(order)
    action = f"emails/{email.id}/resend"
    assert f"/admin/orders/{order.id}/{action}" in page

    assert owner.client.post(f"/admin/orders/{order.id}/{action}", data={}).status_code == 400  # no CSRF token
    assert email_rows(order)[0].status == EmailStatus.FAILED
    _response, messages = owner.post(order, action)
    assert messages == ["The order confirmation email to sam@example.com is queued again."]
    run_jobs_until(lambda: email_rows()[0].status == EmailStatus.SENT)
    assert len(smtp.to("sam@example.com")) == 1
    page = owner.page(order)
    assert timeline(page) == ["email_failed", "email_queued", "email_sent"]
    assert f"/admin/orders/{order.id}/{action}" not in page  # nothing to send again

    _response, messages = owner.post(order, action)
    assert messages == ["The order confirmation email is sent, so it is not sent again."]
    run_jobs_until(lambda: True)
    assert len(smtp.to("sam@example.com")) == 1


def test_a_shopper_cannot_resend_an_email(shopper, smtp):
    shopper.add_plain()
    shopper.checkout(email="sam@example.com")
    order = only_order()
    (email,) = email_rows(order)
    token = csrf_token_from(shopper.client.get("/").get_data(as_text=True))
    response = shopper.client.post(f"/admin/orders/{order.id}/emails/{email.id}/resend", data={"csrf_token": token})
    assert response.status_code == 302 and "/account/login" in response.location


def test_the_health_page_counts_failed_emails(shopper, owner, smtp):
    smtp.refuse_next("550 5.1.1 No such mailbox")
    checkout_until_confirmation_settles(shopper, "nobody@example.com")
    page = owner.client.get("/admin/health").get_data(as_text=True)
    check = re.search(r'data-check="Emails" data-ok="(\w+)".*?</li>', page, re.S)
    assert check and check.group(1) == "false"
    assert "1 email(s) failed" in check.group(0)
    assert re.search(r'data-fact="failed">1<', check.group(0))
