"""Catalog tables: categories, product groups (what shoppers see), their buyable variants (SKUs) and the
product images the owner uploaded."""

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, LargeBinary, String, Text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..extensions import db


class Category(db.Model):
    """A shelf of the catalog, such as Business cards."""

    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    # True while seed-demo made the row and the owner has not changed it: only such rows does seed-demo update.
    demo_managed: Mapped[bool] = mapped_column(default=False, server_default=true())

    product_groups: Mapped[list["ProductGroup"]] = relationship(
        back_populates="category", order_by="ProductGroup.position"
    )


class ProductRules:
    """What the shop says about a product, written once for the table's row and the read model's (read_model.py):
    both have `hub_reference` and `variants`, each variant its `price_cents` and `active`."""

    @property
    def personalizable(self):
        """Designed in the Hub's editor: the Hub links a product to its `hub_reference`."""
        return bool(self.hub_reference)

    @property
    def lowest_price_cents(self):
        """The "from" price of its cards: the cheapest variant on sale (0 without one)."""
        return min((v.price_cents for v in self.variants if v.active), default=0)


class ProductGroup(ProductRules, db.Model):
    """A product as shoppers see it; personalizable when the Hub knows its `hub_reference`."""

    __tablename__ = "product_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"))
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(Text, default="")
    image: Mapped[str] = mapped_column(String(255), default="")
    hub_reference: Mapped[str | None] = mapped_column(String(120), unique=True)
    featured: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)
    # A hidden product keeps its rows (carts and orders point at them) but no longer shows in the shop.
    visible: Mapped[bool] = mapped_column(default=True, server_default=true())
    demo_managed: Mapped[bool] = mapped_column(default=False, server_default=true())

    category: Mapped[Category] = relationship(back_populates="product_groups")
    variants: Mapped[list["ProductVariant"]] = relationship(
        back_populates="product_group", order_by="ProductVariant.position"
    )


class ProductVariant(db.Model):
    """A buyable SKU of a product group, priced in integer cents."""

    __tablename__ = "product_variants"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_group_id: Mapped[int] = mapped_column(ForeignKey("product_groups.id"))
    sku: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    price_cents: Mapped[int]
    options: Mapped[dict] = mapped_column(JSON, default=dict)
    position: Mapped[int] = mapped_column(default=0)
    # An inactive variant can no longer be added to a cart or bought.
    active: Mapped[bool] = mapped_column(default=True, server_default=true())
    demo_managed: Mapped[bool] = mapped_column(default=False, server_default=true())

    product_group: Mapped[ProductGroup] = relationship(back_populates="variants")

    @property
    def on_sale(self):
        """Whether shoppers may still buy it: active, of a product shown in the shop."""
        return self.active and self.product_group.visible


class ProductImage(db.Model):
    """An image the owner uploaded, kept in the database so that every web host serves it (no shared disk)."""

    __tablename__ = "product_images"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)  # random, with the type's extension
    content_type: Mapped[str] = mapped_column(String(40))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
