"""Order emails through a real SMTP server: what the customer and the store owner receive, and when."""

from storefront.mail.models import EmailKind, EmailStatus
from storefront.orders.models import OrderStatus
from tests.fixtures.jobs import run_jobs_until
from tests.fixtures.records import reload
from tests.mail.helpers import OWNER_ALERTS, email_rows, only_order, store_path_in


def sent(kind, order=None):
    return lambda: any(row.kind == kind and row.status == EmailStatus.SENT for row in email_rows(order))


def test_a_guest_gets_a_confirmation_whose_private_link_opens_the_order(app, shopper, smtp):
    shopper.add_plain()
    shopper.checkout(email="sam@example.com", name="Sam Guest")
    order = only_order()
    run_jobs_until(sent(EmailKind.CONFIRMATION))

    (received,) = smtp.to("sam@example.com")
    assert order.number in received.subject
    assert received.message["from"] == "Printshop <orders@shop.test>"
    path = store_path_in(received.text)
    assert path == f"/orders/{order.number}?key={order.access_token}"
    assert store_path_in(received.html) == path
    page = app.test_client().get(path, follow_redirects=True)  # another browser, with nothing but the link
    assert page.status_code == 200
    assert f"Order {order.number}" in page.get_data(as_text=True)


def test_a_customer_confirmation_links_to_the_order_page_in_their_account(app, shopper, smtp):
    shopper.register(email="pat@example.com", name="Pat Doe")
    shopper.add_plain()
    shopper.checkout(email="pat@example.com", name="Pat Doe")
    order = only_order()
    run_jobs_until(sent(EmailKind.CONFIRMATION))

    (received,) = smtp.to("pat@example.com")
    path = store_path_in(received.text)
    assert path == f"/orders/{order.number}"  # no key: the order is theirs once they log in
    assert shopper.client.get(path).status_code == 200
    assert app.test_client().get(path).status_code == 404


def test_files_ready_mail_arrives_when_the_worker_has_the_print_files(app, shopper, smtp):
    shopper.personalize_into_cart("classic-business-card", lines=("Ada Lovelace",))
    shopper.checkout(email="ada@example.com", name="Ada")
    order = only_order()
    run_jobs_until(sent(EmailKind.FILES_READY))

    assert reload(order).status == OrderStatus.READY
    subjects = [received.subject for received in smtp.to("ada@example.com")]
    assert subjects == [
        f"Your order {order.number} at Printshop",
        f"Your print files for order {order.number} are ready",
    ]
    ready_mail = smtp.to("ada@example.com")[1]
    page = app.test_client().get(store_path_in(ready_mail.text), follow_redirects=True).get_data(as_text=True)
    assert "Your print files are ready" in page
    assert smtp.to(OWNER_ALERTS) == []


def test_rendering_that_fails_for_good_tells_the_customer_and_alerts_the_owner(app, shopper, sandbox, smtp):
    app.config["HUB_MAX_RESUMES"] = 1
    sandbox.set_faults(fail_pipeline_next=10)
    shopper.personalize_into_cart("photo-mug")
    shopper.checkout(email="sam@example.com", name="Sam Guest")
    order = only_order()
    run_jobs_until(lambda: sent(EmailKind.OWNER_ALERT)() and sent(EmailKind.NEEDS_ATTENTION)())

    assert reload(order).status == OrderStatus.RENDER_FAILED
    customer = [received.subject for received in smtp.to("sam@example.com")]
    assert customer == [f"Your order {order.number} at Printshop", f"We need to look at your order {order.number}"]
    (alert,) = smtp.to(OWNER_ALERTS)
    assert alert.subject == f"Order {order.number} needs attention"
    assert store_path_in(alert.text, under="/admin/") == f"/admin/orders/{order.id}"
    assert "Failed after 1 resume(s)" in alert.text


def test_no_owner_alert_is_owed_without_a_store_owner_address(app, smtp):
    from storefront.orders.status_changes import fail_order
    from tests.fixtures.records import make_order

    app.config["STORE_OWNER_EMAIL"] = None
    order = make_order()
    fail_order(order, "The Hub did not finish the print files in time.")
    assert [row.kind for row in email_rows(order)] == [EmailKind.NEEDS_ATTENTION]


def test_a_burst_of_guest_checkouts_to_a_strangers_address_mails_them_only_up_to_the_limit(app, shopper, smtp):
    app.config.update(CHECKOUT_SESSION_RATE_LIMIT="2 per minute", CHECKOUT_RATE_LIMIT="100 per minute")
    placed = []
    for _ in range(5):
        shopper.add_plain()
        placed.append(shopper.checkout(email="stranger@example.com", name="Visit https://phish.example/login now"))

    assert [response.status_code for response in placed] == [302, 302, 429, 429, 429]
    run_jobs_until(lambda: len(email_rows()) == 2 and all(row.status == EmailStatus.SENT for row in email_rows()))
    received = smtp.to("stranger@example.com")
    assert len(received) == 2
    for message in received:
        assert message.text.splitlines()[0] == "Hello,"
        assert "phish.example" not in message.text and "phish.example" not in message.html
