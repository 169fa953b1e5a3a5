"""Reading the order emails a test's store wrote: their rows, and the store link a message carries."""

import re

from storefront.extensions import db
from storefront.mail.models import EmailStatus, OutgoingEmail
from storefront.orders.models import Order
from tests.fixtures.jobs import run_jobs_until

STORE_URL = "http://shop.example.test"
OWNER_ALERTS = "alerts@shop.example.test"


def email_rows(order=None):
    """Every OutgoingEmail row (of one order), as the database has them now, oldest first."""
    db.session.expire_all()
    query = db.select(OutgoingEmail).order_by(OutgoingEmail.id)
    if order is not None:
        query = query.filter_by(order_id=order.id)
    return db.session.execute(query).scalars().all()


def only_order():
    db.session.expire_all()
    (order,) = db.session.execute(db.select(Order)).scalars().all()
    return order


def store_path_in(text, under="/orders/"):
    """The first store link under `under` in a message body, as a path for the test client (the link must be
    absolute on STORE_URL)."""
    links = re.findall(re.escape(STORE_URL + under) + r"[^\s\"<>]*", text)
    assert links, f"no {STORE_URL}{under} link in:\n{text}"
    return links[0].removeprefix(STORE_URL).replace("&amp;", "&")


def checkout_until_confirmation_settles(shopper, email="sam@example.com"):
    """Check out a plain product as a guest and work the jobs until the confirmation is sent or failed; its row."""
    shopper.add_plain()
    shopper.checkout(email=email)
    run_jobs_until(lambda: email_rows()[0].status != EmailStatus.PENDING)
    return email_rows()[0]
