"""Shipping and tax tables the store owner manages: shipping methods and tax rates."""

from datetime import datetime

from sqlalchemy import JSON, DateTime, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import utcnow
from ..extensions import db


class ShippingMethod(db.Model):
    """A way to send an order: what it costs (per order, per extra item, free above a subtotal) and where it goes."""

    __tablename__ = "shipping_methods"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    # Words for the customer, e.g. "3-5 working days".
    delivery_time: Mapped[str] = mapped_column(String(120), default="")
    # ISO 3166-1 alpha-2 codes of the countries it serves.
    countries: Mapped[list] = mapped_column(JSON, default=list)
    price_cents: Mapped[int] = mapped_column(default=0)
    # Added for every item past the first (items: the order's quantities summed).
    extra_item_cents: Mapped[int] = mapped_column(default=0)
    # Free when the order's subtotal (as shown) is at least this; None: never free.
    free_above_cents: Mapped[int | None]
    active: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)
    # Made by seed-demo and not edited by the owner since: seed-demo may update it.
    demo_managed: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    def serves(self, country):
        return country in (self.countries or ())


class TaxRate(db.Model):
    """The tax on orders sent to a country, or to one of its regions (a region's rate wins over its country's)."""

    __tablename__ = "tax_rates"
    __table_args__ = (UniqueConstraint("country", "region", name="uq_tax_rates_country_region"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    country: Mapped[str] = mapped_column(String(2))
    # The region's code as Google's address data names it (e.g. "CA" for California); None: the whole country.
    region: Mapped[str | None] = mapped_column(String(10))
    # What the customer reads on the tax line, e.g. "VAT", "Sales tax".
    name: Mapped[str] = mapped_column(String(40), default="Tax")
    # Hundredths of a percent: 1900 is 19 %.
    basis_points: Mapped[int] = mapped_column(default=0)
    demo_managed: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
