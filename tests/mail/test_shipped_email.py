"""Shipped with tracking, through a real SMTP server: Mark as shipped with a carrier and a number completes the Hub
project, is on the timeline with who shipped it, and owes the customer one "on its way" email with the carrier's
tracking link, which the order page shows too; shipped without them, the email has no link."""

from storefront.extensions import db
from storefront.fulfillment.reconciler import follow_hub_statuses, reconcile
from storefront.mail.models import EmailKind, EmailStatus
from storefront.orders.models import OrderStatus
from tests.fixtures.jobs import run_jobs_until
from tests.fixtures.records import reload
from tests.fixtures.sandbox import hub_status_name
from tests.mail.helpers import email_rows, only_order, store_path_in

DHL_LINK = "https://www.dhl.com/global-en/home/tracking.html?tracking-id=JD014600006281230704&submit=1"
ADDRESS = {
    "name": "Ada Lovelace",
    "company": "",
    "line1": "12 St James's Square",
    "line2": "",
    "city": "London",
    "postal_code": "SW1Y 4JH",
    "region": "",
    "country": "GB",
    "phone": "",
}


def sent(kind):
    return lambda: any(row.kind == kind and row.status == EmailStatus.SENT for row in email_rows())


def on_its_way(smtp, recipient):
    return [received for received in smtp.to(recipient) if received.subject.endswith("is on its way")]


def text_of(received):
    return received.text.replace("\r\n", "\n")


def timeline(order):
    db.session.expire_all()
    return [(event.kind, event.source, event.actor, event.message) for event in reload(order).events]


def test_shipping_with_dhl_and_a_number_emails_the_tracking_link_once(app, shopper, owner, smtp):
    shopper.personalize_into_cart("photo-mug", lines=("Ship me",))
    shopper.checkout(email="sam@example.com", name="Visit https://phish.example now")
    order = only_order()
    order.shipping_address = ADDRESS
    db.session.commit()
    run_jobs_until(sent(EmailKind.FILES_READY))
    assert reload(order).status == OrderStatus.READY

    _response, messages = owner.post(order, "fulfil", carrier="DHL", tracking_number="JD01 4600 0062 8123 0704")
    assert any("marked as shipped" in m and "is now Completed" in m for m in messages), messages
    order = reload(order)
    assert (order.status, order.carrier, order.tracking_number) == (
        OrderStatus.FULFILLED,
        "DHL",
        "JD014600006281230704",
    )
    assert order.shipped_at is not None
    assert hub_status_name(order) == "Completed"
    events = timeline(order)
    assert ("status_changed", "admin", "owner@example.com", "Ready to print → Shipped") in events
    assert ("shipped", "admin", "owner@example.com", "Shipped with DHL, tracking JD014600006281230704") in events

    run_jobs_until(sent(EmailKind.SHIPPED))
    owner.page(order)  # reads the project's status (Completed) at the Hub again
    follow_hub_statuses()
    reconcile()
    run_jobs_until(lambda: True)
    (received,) = on_its_way(smtp, "sam@example.com")
    assert [row.kind for row in email_rows(order)].count(EmailKind.SHIPPED) == 1
    assert received.subject == f"Your order {order.number} is on its way"
    assert received.text.splitlines()[0] == "Hello,"
    assert "is on its way with DHL." in received.text
    assert "Tracking number: JD014600006281230704" in received.text and DHL_LINK in received.text
    assert "It goes to:\n  Ada Lovelace\n  12 St James's Square\n  LONDON\n  SW1Y 4JH" in text_of(received)
    assert f'href="{DHL_LINK.replace("&", "&amp;")}"' in received.html
    assert "phish.example" not in received.text and "phish.example" not in received.html

    page = app.test_client().get(store_path_in(received.text), follow_redirects=True).get_data(as_text=True)
    assert f'href="{DHL_LINK.replace("&", "&amp;")}"' in page and "data-tracking-link" in page
    assert "Shipped with DHL on" in page and "JD014600006281230704" in page
    assert "data-shipping-address>Ada Lovelace<br>" in page
    admin_page = owner.page(order)
    assert f'href="{DHL_LINK.replace("&", "&amp;")}"' in admin_page


def test_shipping_without_a_carrier_or_number_emails_no_link(app, shopper, owner, smtp):
    shopper.add_plain()
    shopper.checkout(email="sam@example.com")
    order = only_order()  # ready at once: nothing to render, no Hub project
    run_jobs_until(sent(EmailKind.CONFIRMATION))

    _response, messages = owner.post(order, "fulfil", carrier="", tracking_number="")
    assert any("marked as shipped" in m for m in messages), messages
    order = reload(order)
    assert (order.status, order.carrier, order.tracking_number) == (OrderStatus.FULFILLED, None, None)
    assert order.shipped_at is not None
    assert "shipped" not in [kind for kind, *_ in timeline(order)]  # the status change says it all

    run_jobs_until(sent(EmailKind.SHIPPED))
    (received,) = on_its_way(smtp, "sam@example.com")
    assert received.text.splitlines()[0] == "Hello,"
    assert f"Your order {order.number} is on its way." in received.text
    assert "Tracking" not in received.text and "carrier" not in received.text
    assert "It goes to:\n  Sam Guest\n  1 Main Street" in received.text.replace("\r\n", "\n")
    assert "carrier" not in received.html
    page = app.test_client().get(store_path_in(received.text), follow_redirects=True).get_data(as_text=True)
    assert "data-tracking" not in page and "data-shipping-address" in page


def test_shipping_while_the_hub_is_down_still_owes_one_email(app, shopper, owner, sandbox, smtp):
    shopper.personalize_into_cart("photo-mug")
    shopper.checkout(email="sam@example.com")
    order = only_order()
    run_jobs_until(sent(EmailKind.FILES_READY))

    sandbox.set_faults(error_rate=1.0, error_status=503)
    _response, messages = owner.post(order, "fulfil", carrier="UPS", tracking_number="1Z999AA10123456784")
    assert any("follows once it answers" in m for m in messages), messages
    sandbox.clear_faults()
    run_jobs_until(lambda: reload(order).hub_project.hub_status_wanted is None and sent(EmailKind.SHIPPED)())
    follow_hub_statuses()
    run_jobs_until(lambda: True)
    assert hub_status_name(order) == "Completed"
    (received,) = on_its_way(smtp, "sam@example.com")
    assert "https://www.ups.com/track?tracknum=1Z999AA10123456784" in received.text
