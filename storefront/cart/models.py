"""The cart table: one row per line of a shopper's cart."""

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..catalog.models import ProductVariant
from ..clock import utcnow
from ..extensions import db
from ..shoppers.models import OwnedByShopper, SavedDesign


class CartLineRules:
    """What the cart says about a line, written once for the table's row and the cart page's (page_lines.py)."""

    @property
    def personalized(self):
        return bool(self.design_ids)

    @property
    def total_cents(self):
        return self.variant.price_cents * self.quantity


class CartLine(CartLineRules, OwnedByShopper, db.Model):
    """One line of a shopper's cart; personalized lines carry the Hub design (state) ids and a preview."""

    __tablename__ = "cart_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    variant_id: Mapped[int] = mapped_column(ForeignKey("product_variants.id"))
    quantity: Mapped[int] = mapped_column(default=1)
    key: Mapped[str | None] = mapped_column(String(128), index=True)
    design_ids: Mapped[list] = mapped_column(JSON, default=list)
    state_id: Mapped[str | None] = mapped_column(String(128))
    preview_url: Mapped[str | None] = mapped_column(String(1024))
    # What the editor told us beyond the design ids: its workflow type and component, the Hub product ids the
    # Simple Editor reports, a UI Framework snapshot to restore the editor from.
    editor_data: Mapped[dict | None] = mapped_column(JSON)
    # When the checkout found that the Hub no longer has this line's design: the shopper must design it again.
    design_missing_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # When the Hub confirmed that every design id is in the storage of the shopper who added it (cart/design_checks.py);
    # None while unverified: the Hub could not be asked then, and checkout asks before anything is ordered.
    design_checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    saved_design_id: Mapped[int | None] = mapped_column(ForeignKey("saved_designs.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    variant: Mapped[ProductVariant] = relationship()
    saved_design: Mapped[SavedDesign | None] = relationship()
