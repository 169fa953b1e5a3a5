"""A customer's address book. An order keeps its own frozen copy of the addresses it was sent to (orders.models)."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import utcnow
from ..extensions import db

# The fields of an address, as forms, the address book and an order's frozen copy name them.
FIELDS = ("name", "company", "line1", "line2", "city", "postal_code", "region", "country", "phone")


class SavedAddress(db.Model):
    """One address of a customer's address book; at most one is their default."""

    __tablename__ = "saved_addresses"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    company: Mapped[str] = mapped_column(String(120), default="")
    line1: Mapped[str] = mapped_column(String(200))
    line2: Mapped[str] = mapped_column(String(200), default="")
    city: Mapped[str] = mapped_column(String(120))
    postal_code: Mapped[str] = mapped_column(String(20), default="")
    # The region's code as Google's address data gives it ("CA" in the US), or "" where the country has none.
    region: Mapped[str] = mapped_column(String(40), default="")
    country: Mapped[str] = mapped_column(String(2))
    phone: Mapped[str] = mapped_column(String(40), default="")
    is_default: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    def to_dict(self):
        return {field: getattr(self, field) or "" for field in FIELDS}
