"""Sending one owed email, once: the job claims its row, hands the message to the mail server and records how it
went; a temporary failure goes back to RQ's retry (MAIL_RETRY), a permanent one marks the row failed at once.

The claim is an UPDATE of a pending row, so it is also the row's lock until the commit that says sent: a second
run of the job (a duplicate, or the reconciler's) waits for it and then finds nothing pending. A worker that dies
after the server took the message but before that commit leaves the row pending, and it is sent again: SMTP
gives no way to ask whether a message arrived.
"""

import logging
import smtplib

from flask import current_app
from sqlalchemy import update

from ..clock import utcnow
from ..extensions import db
from ..orders.timeline import EventKind, Source, record
from . import messages
from .delivery import deliver
from .models import EmailStatus, OutgoingEmail

log = logging.getLogger(__name__)
MAX_ERROR = 500


class MailNotSentYet(Exception):
    """A temporary failure: RQ tries the job again after the next MAIL_RETRY interval."""


def send(email_id):
    """Send the email unless it is sent or failed already."""
    if not _claim(email_id):
        db.session.rollback()
        return
    email = db.session.get(OutgoingEmail, email_id, populate_existing=True)  # as the claim left it
    try:
        deliver(messages.build(email))
    except (smtplib.SMTPException, OSError) as exc:
        permanent, answer = smtp_answer(exc)
        _failed(email, answer, permanent)
        return
    email.status, email.sent_at, email.last_error = EmailStatus.SENT, utcnow(), None
    record(email.order, EventKind.EMAIL_SENT, f"{email.kind_label} sent to {email.recipient}", Source.WORKER)
    db.session.commit()
    log.info("order %s: %s email %s sent", email.order.number, email.kind, email.id)


def _claim(email_id):
    """Count an attempt on the row if it is pending, holding it until this job commits; False when it is not."""
    claimed = db.session.execute(
        update(OutgoingEmail)
        .where(OutgoingEmail.id == email_id, OutgoingEmail.status == EmailStatus.PENDING)
        .values(attempts=OutgoingEmail.attempts + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return claimed.rowcount == 1


def _failed(email, answer, permanent):
    email.last_error = answer[:MAX_ERROR]
    last_try = email.attempts > len(current_app.config["MAIL_RETRY"])
    if not (permanent or last_try):
        db.session.commit()
        log.warning("order %s: %s email %s not sent yet: %s", email.order.number, email.kind, email.id, answer)
        raise MailNotSentYet(f"email {email.id}: {answer}")
    email.status = EmailStatus.FAILED
    message = f"{email.kind_label} to {email.recipient} could not be sent: {answer}"
    record(email.order, EventKind.EMAIL_FAILED, message, Source.WORKER, attempts=email.attempts)
    db.session.commit()
    log.error(
        "order %s: %s email %s failed after %s attempt(s): %s",
        email.order.number,
        email.kind,
        email.id,
        email.attempts,
        answer,
    )


def smtp_answer(exc):
    """(permanent?, what went wrong) for a sending error: SMTP 5xx answers are permanent; 4xx answers, dropped
    connections and network errors are temporary. The text is the server's answer, never our settings."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        answers = "; ".join(f"{code} {_text(reply)}" for code, reply in exc.recipients.values())
        return bool(codes) and all(code >= 500 for code in codes), answers
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500, f"{exc.smtp_code} {_text(exc.smtp_error)}"
    return False, f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _text(reply):
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
