"""The outgoing email table: one row per message an order event owes someone, and how sending it went."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..extensions import db
from ..orders.models import Order


class EmailKind(StrEnum):
    """What a message tells; each kind has its templates in templates/emails/<kind>.txt and .html."""

    CONFIRMATION = "confirmation"
    FILES_READY = "files_ready"
    NEEDS_ATTENTION = "needs_attention"
    OWNER_ALERT = "owner_alert"
    SHIPPED = "shipped"

    @property
    def label(self):
        return KIND_LABELS[self]


KIND_LABELS = {
    EmailKind.CONFIRMATION: "Order confirmation",
    EmailKind.FILES_READY: "Print files ready",
    EmailKind.NEEDS_ATTENTION: "We need to look at your order",
    EmailKind.OWNER_ALERT: "Owner alert: needs attention",
    EmailKind.SHIPPED: "Your order is on its way",
}


class EmailStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class OutgoingEmail(db.Model):
    """A message owed to `recipient` about an order, written in the transaction of the event it tells of.

    Unique per (order, kind, recipient): an event that happens again (a job run twice) owes nothing more.
    `last_error` holds the mail server's answer only, never a setting.
    """

    __tablename__ = "outgoing_emails"
    __table_args__ = (UniqueConstraint("order_id", "kind", "recipient"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    recipient: Mapped[str] = mapped_column(String(254))
    status: Mapped[str] = mapped_column(String(10), default=EmailStatus.PENDING, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    order: Mapped[Order] = relationship()

    @property
    def kind_label(self):
        return KIND_LABELS.get(self.kind, self.kind)
