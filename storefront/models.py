"""SQLAlchemy models: customers and the catalog (categories, product groups, variants)."""

from datetime import UTC, datetime

from flask_login import UserMixin
from sqlalchemy import JSON, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import db


def utcnow():
    return datetime.now(UTC)


class User(UserMixin, db.Model):
    """A registered customer."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_admin: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Set once the Hub has a (non-anonymous) storefront user for this customer.
    storefront_user_id: Mapped[str | None] = mapped_column(String(64), unique=True)


class Category(db.Model):
    """A shelf of the catalog, such as Business cards."""

    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)

    product_groups: Mapped[list["ProductGroup"]] = relationship(
        back_populates="category", order_by="ProductGroup.position"
    )


class ProductGroup(db.Model):
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

    category: Mapped[Category] = relationship(back_populates="product_groups")
    variants: Mapped[list["ProductVariant"]] = relationship(
        back_populates="product_group", order_by="ProductVariant.position"
    )

    @property
    def personalizable(self):
        return bool(self.hub_reference)

    @property
    def lowest_price_cents(self):
        return min((v.price_cents for v in self.variants), default=0)


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

    product_group: Mapped[ProductGroup] = relationship(back_populates="variants")


class OwnedByShopper:
    """Columns of rows that belong to a customer or, before login, to an anonymous shopper's random id."""

    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    anonymous_id: Mapped[str | None] = mapped_column(String(64), index=True)


class CartLine(OwnedByShopper, db.Model):
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
    saved_design_id: Mapped[int | None] = mapped_column(ForeignKey("saved_designs.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    variant: Mapped[ProductVariant] = relationship()
    saved_design: Mapped["SavedDesign | None"] = relationship()

    @property
    def personalized(self):
        return bool(self.design_ids)

    @property
    def total_cents(self):
        return self.variant.price_cents * self.quantity


class SavedDesign(OwnedByShopper, db.Model):
    """A design a shopper made in the Hub editor, kept so it can be reopened from My designs."""

    __tablename__ = "saved_designs"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_group_id: Mapped[int] = mapped_column(ForeignKey("product_groups.id"))
    variant_id: Mapped[int] = mapped_column(ForeignKey("product_variants.id"))
    key: Mapped[str] = mapped_column(String(128), index=True)
    state_id: Mapped[str] = mapped_column(String(128))
    design_ids: Mapped[list] = mapped_column(JSON, default=list)
    preview_url: Mapped[str | None] = mapped_column(String(1024))
    editor_data: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    product_group: Mapped[ProductGroup] = relationship()
    variant: Mapped[ProductVariant] = relationship()


class HubMerge(db.Model):
    """A guest's Hub storefront user to merge into a customer's; kept until the Hub has confirmed the merge."""

    __tablename__ = "hub_merges"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    anonymous_storefront_user_id: Mapped[str] = mapped_column(String(64), unique=True)
    done: Mapped[bool] = mapped_column(default=False)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class OrderStatus:
    """Order statuses, in the words customers see."""

    PLACED = "placed"
    RENDERING = "rendering"
    READY = "ready"
    FULFILLED = "fulfilled"
    RENDER_FAILED = "render_failed"
    CANCELLED = "cancelled"

    LABELS = {
        PLACED: "Placed",
        RENDERING: "Preparing print files",
        READY: "Ready to print",
        FULFILLED: "Shipped",
        RENDER_FAILED: "Print files failed",
        CANCELLED: "Cancelled",
    }
    FINAL = {READY, FULFILLED, RENDER_FAILED, CANCELLED}


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
    submit_enqueued_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    lines: Mapped[list["OrderLine"]] = relationship(back_populates="order", order_by="OrderLine.line_index")
    hub_project: Mapped["HubProject | None"] = relationship(back_populates="order")
    artifacts: Mapped[list["Artifact"]] = relationship(back_populates="order", order_by="Artifact.id")

    @property
    def status_label(self):
        return OrderStatus.LABELS.get(self.status, self.status)

    @property
    def personalized_lines(self):
        return [line for line in self.lines if line.design_ids]


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


class HubProject(db.Model):
    """The Hub project rendering an order's print files, and how far its processing has come."""

    __tablename__ = "hub_projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), unique=True)
    hub_project_id: Mapped[int] = mapped_column(unique=True)
    processing_status: Mapped[str] = mapped_column(String(20), default="Pending")
    status_description: Mapped[str | None] = mapped_column(String(1000))
    resumes: Mapped[int] = mapped_column(default=0)
    polls: Mapped[int] = mapped_column(default=0)
    poll_deadline_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_polled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    next_poll_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    order: Mapped[Order] = relationship(back_populates="hub_project")


class Artifact(db.Model):
    """A print file the Hub rendered for an order: where to fetch it, and where we keep it once fetched."""

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

    order: Mapped[Order] = relationship(back_populates="artifacts")

    @property
    def ready(self):
        return self.fetched_at is not None
