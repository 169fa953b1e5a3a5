"""Order tables: the order with its status, and its lines with prices, SKUs and design ids frozen at checkout."""

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..addresses.formatting import address_lines
from ..catalog.models import ProductVariant
from ..clock import utcnow
from ..extensions import db
from ..shipping.carriers import tracking_url
from ..shipping.models import ShippingMethod
from .lifecycle import PRODUCTION, OrderStatus


class Order(db.Model):
    """A placed order; prices are frozen on its lines. `submit_enqueued_at` is None while it waits for the queue."""

    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str | None] = mapped_column(String(32), unique=True)
    checkout_key: Mapped[str] = mapped_column(String(64), unique=True)
    access_token: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    anonymous_id: Mapped[str | None] = mapped_column(String(64))
    storefront_user_id: Mapped[str | None] = mapped_column(String(64))
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(20), default=OrderStatus.PLACED, index=True)
    status_detail: Mapped[str | None] = mapped_column(String(500))
    total_cents: Mapped[int] = mapped_column(default=0)
    # Frozen at placement (shipping/pricing.py); None on orders placed before the store took addresses and tax.
    currency: Mapped[str | None] = mapped_column(String(3))
    subtotal_cents: Mapped[int | None]
    shipping_cents: Mapped[int | None]
    tax_cents: Mapped[int | None]
    prices_include_tax: Mapped[bool | None]
    tax_lines: Mapped[list | None] = mapped_column(JSON)
    # Addresses as dicts of addresses.models.FIELDS; the owner may correct the shipping address before shipping.
    shipping_address: Mapped[dict | None] = mapped_column(JSON)
    billing_address: Mapped[dict | None] = mapped_column(JSON)
    shipping_method_id: Mapped[int | None] = mapped_column(ForeignKey("shipping_methods.id"))
    shipping_method_name: Mapped[str | None] = mapped_column(String(80))
    delivery_time: Mapped[str | None] = mapped_column(String(120))
    # Filled when the owner marks the order shipped.
    carrier: Mapped[str | None] = mapped_column(String(40))
    tracking_number: Mapped[str | None] = mapped_column(String(64))
    shipped_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    submit_enqueued_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    lines: Mapped[list["OrderLine"]] = relationship(back_populates="order", order_by="OrderLine.line_index")
    # The Hub side of an order (fulfillment/models.py) is named by string: those tables refer to this one.
    hub_project: Mapped["HubProject | None"] = relationship(back_populates="order")  # noqa: F821
    artifacts: Mapped[list["PrintFile"]] = relationship(back_populates="order", order_by="PrintFile.id")  # noqa: F821
    events: Mapped[list["OrderEvent"]] = relationship(back_populates="order", order_by="OrderEvent.id")
    shipping_method: Mapped[ShippingMethod | None] = relationship()

    @property
    def status_label(self):
        return PRODUCTION.label(self.status)

    @property
    def personalized_lines(self):
        return [line for line in self.lines if line.design_ids]

    @property
    def shipping_address_lines(self):
        """The shipping address as label lines; [] for an order placed before the store took addresses."""
        return address_lines(self.shipping_address)

    @property
    def tracking_url(self):
        """The carrier's tracking page for the parcel, or None (no carrier or number, or a carrier without a page)."""
        return tracking_url(self.carrier, self.tracking_number)


def order_number(order_id):
    """The number customers and the owner read for an order, made from its id: PS-000012 (more digits past 999999)."""
    return f"PS-{order_id:06d}"


class OrderLine(db.Model):
    """One line of an order with its price, SKU, product reference and design ids frozen at checkout."""

    __tablename__ = "order_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    line_index: Mapped[int]
    variant_id: Mapped[int | None] = mapped_column(ForeignKey("product_variants.id"))
    sku: Mapped[str] = mapped_column(String(64))
    product_name: Mapped[str] = mapped_column(String(160))
    variant_name: Mapped[str] = mapped_column(String(160))
    product_reference: Mapped[str | None] = mapped_column(String(120))
    quantity: Mapped[int]
    unit_price_cents: Mapped[int]
    design_ids: Mapped[list] = mapped_column(JSON, default=list)
    preview_url: Mapped[str | None] = mapped_column(String(1024))
    editor_data: Mapped[dict | None] = mapped_column(JSON)

    order: Mapped[Order] = relationship(back_populates="lines")
    variant: Mapped[ProductVariant | None] = relationship()

    @property
    def total_cents(self):
        return self.unit_price_cents * self.quantity


class OrderEvent(db.Model):
    """One line of an order's timeline, written in the transaction that made the change it tells of."""

    __tablename__ = "order_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30), index=True)
    # Who made the change: the customer, the worker, the Hub (its callback or its BackOffice), or an admin (`actor`).
    source: Mapped[str] = mapped_column(String(20))
    actor: Mapped[str | None] = mapped_column(String(254))
    message: Mapped[str] = mapped_column(String(500))
    details: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    order: Mapped[Order] = relationship(back_populates="events")
