"""Fulfilment tables: the Hub project rendering an order, and the print files it produced."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import DateTime, Float, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..extensions import db
from ..orders.models import Order


class ProcessingStatus(StrEnum):
    """The Hub's ProjectProcessingStatus: how far a project's processing pipeline has come."""

    PENDING = "Pending"
    IN_PROGRESS = "InProgress"
    COMPLETED = "Completed"
    FAILED = "Failed"


class HubProject(db.Model):
    """The Hub project rendering an order's print files, and how far its processing has come."""

    __tablename__ = "hub_projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), unique=True)
    hub_project_id: Mapped[int] = mapped_column(unique=True)
    processing_status: Mapped[str] = mapped_column(String(20), default=ProcessingStatus.PENDING)
    status_description: Mapped[str | None] = mapped_column(String(1000))
    resumes: Mapped[int] = mapped_column(default=0)
    polls: Mapped[int] = mapped_column(default=0)
    poll_deadline_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_polled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    next_poll_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The project's own status at the Hub (New, Completed, Rejected...: its BackOffice workflow), as last read.
    hub_status_code: Mapped[int | None]
    hub_status_name: Mapped[str | None] = mapped_column(String(100))
    # The status the project is to follow the order to (orders/lifecycle.py `hub_follows`), until a job moved it.
    hub_status_wanted: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    order: Mapped[Order] = relationship(back_populates="hub_project")


class PrintFile(db.Model):
    """A print file the Hub rendered for an order (an output artifact): where to fetch it, and where we keep it."""

    __tablename__ = "artifacts"
    # Two polls of one project may run at once (the webhook's and the scheduled one): one row per Hub file.
    __table_args__ = (UniqueConstraint("order_id", "hub_artifact_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    line_index: Mapped[int | None]
    hub_artifact_id: Mapped[str | None] = mapped_column(String(128))
    name: Mapped[str] = mapped_column(String(255))
    file_format: Mapped[str | None] = mapped_column(String(20))
    source_url: Mapped[str | None] = mapped_column(String(2048))
    anonymous_access: Mapped[bool] = mapped_column(default=False)
    expected_size: Mapped[int | None]
    size: Mapped[int | None]
    sha256: Mapped[str | None] = mapped_column(String(64))
    path: Mapped[str | None] = mapped_column(String(500))
    fetched_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The print proof (fulfillment/proof_making.py), read from the stored PDF: its pages, the first page's trim size in
    # PDF points (TrimBox, else MediaBox; as the page is shown, rotation applied) and a thumbnail of that page in
    # the store. `proof_done_at` is set once a proof was made or found impossible (`proof_error` says why).
    page_count: Mapped[int | None]
    trim_width_pt: Mapped[float | None] = mapped_column(Float)
    trim_height_pt: Mapped[float | None] = mapped_column(Float)
    proof_path: Mapped[str | None] = mapped_column(String(500))
    proof_sha256: Mapped[str | None] = mapped_column(String(64))
    proof_attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    proof_error: Mapped[str | None] = mapped_column(String(255))
    proof_done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    order: Mapped[Order] = relationship(back_populates="artifacts")

    @property
    def ready(self):
        return self.fetched_at is not None
