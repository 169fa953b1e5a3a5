"""The emails an order's events owe the customer and the store owner: rows added in the event's own transaction,
queued for sending after its commit, and read back for the admin page and the reconciler."""

from flask import current_app

from ..extensions import db
from ..jobs.queueing import queue_email
from ..orders.timeline import EventKind, Source, record
from .models import EmailKind, EmailStatus, OutgoingEmail


def recipient_of(order, kind):
    """The customer, or the store owner for an alert (None when STORE_OWNER_EMAIL is unset: no alert)."""
    return current_app.config.get("STORE_OWNER_EMAIL") if kind == EmailKind.OWNER_ALERT else order.email


def owe(order, *kinds):
    """Add a pending row for each kind the order does not owe yet; the caller's commit writes them with the event.

    Returns the rows added, for `queue_sending` once committed.
    """
    added = []
    for kind in kinds:
        recipient = recipient_of(order, kind)
        if not recipient or (order.id is not None and _owed(order.id, kind, recipient)):
            continue
        email = OutgoingEmail(order=order, kind=kind, recipient=recipient)
        db.session.add(email)
        added.append(email)
    return added


def _owed(order_id, kind, recipient):
    query = db.select(OutgoingEmail.id).filter_by(order_id=order_id, kind=kind, recipient=recipient)
    return db.session.execute(query).first() is not None


def queue_sending(emails):
    """After the commit: a send job per row (a row whose job Redis cannot take waits for the reconciler)."""
    for email in emails:
        queue_email(email.id)


def emails_of(order):
    """The order's emails, oldest first (the admin page's Emails table)."""
    query = db.select(OutgoingEmail).filter_by(order_id=order.id).order_by(OutgoingEmail.id)
    return db.session.execute(query).scalars().all()


def pending_email_ids():
    """Every email still to send, oldest first (the reconciler queues those whose job Redis lost)."""
    query = db.select(OutgoingEmail.id).filter_by(status=EmailStatus.PENDING).order_by(OutgoingEmail.id)
    return db.session.execute(query).scalars().all()


def status_counts():
    """{status: number of emails} for every status, zeros included (the health page)."""
    counts = dict.fromkeys(map(str, EmailStatus), 0)
    query = db.select(OutgoingEmail.status, db.func.count()).group_by(OutgoingEmail.status)
    counts.update({status: count for status, count in db.session.execute(query)})
    return counts


class ResendRefused(Exception):
    """Only a failed email is sent again; the message is for the store owner."""


def resend(order, email_id, actor):
    """The store owner asks for a failed email again: it is pending with a fresh count of attempts, then queued."""
    email = db.session.get(OutgoingEmail, email_id)
    if email is None or email.order_id != order.id:
        raise ResendRefused("That email is not one of this order's.")
    if email.status != EmailStatus.FAILED:
        raise ResendRefused(f"The {email.kind_label.lower()} email is {email.status}, so it is not sent again.")
    email.status, email.attempts = EmailStatus.PENDING, 0
    record(order, EventKind.EMAIL_QUEUED, f"{email.kind_label} to {email.recipient} queued again", Source.ADMIN, actor)
    db.session.commit()
    queue_email(email.id)
    return f"The {email.kind_label.lower()} email to {email.recipient} is queued again."
