"""What the cart page shows of each of a shopper's lines: frozen rows read in one small query, which are both what
the page is rendered from and the key of its kept copy (storefront/rendered_pages.py), so the page can show nothing
its key does not hold."""

from dataclasses import dataclass
from datetime import datetime

from ..catalog.models import ProductGroup, ProductVariant
from ..extensions import db
from ..page_reads import read_connection
from .models import CartLine, CartLineRules


@dataclass(frozen=True)
class LineProduct:
    """The product of a line, as its row on the cart page names and shows it."""

    name: str
    slug: str
    image: str


@dataclass(frozen=True)
class LineVariant:
    """The option of a line and its price now (prices are frozen only on the order)."""

    name: str
    price_cents: int
    product_group: LineProduct


@dataclass(frozen=True)
class PageLine(CartLineRules):
    """One line of the cart page; its rules (personalized, total) are the cart line's own (CartLineRules)."""

    id: int
    quantity: int
    preview_url: str | None
    design_missing_at: datetime | None
    design_ids: tuple
    variant: LineVariant


# Built once: a statement kept across requests also keeps its SQL cache key, and Core execution skips the ORM's
# per-statement work (this runs on every cart view). Variants and products may be hidden or inactive since the line
# was added, so they are read with the line, not from the catalog's read model.
_COLUMNS = (
    CartLine.id,
    CartLine.quantity,
    CartLine.preview_url,
    CartLine.design_missing_at,
    CartLine.design_ids,
    ProductVariant.name,
    ProductVariant.price_cents,
    ProductGroup.name,
    ProductGroup.slug,
    ProductGroup.image,
)
_LINES = {
    owner: db.select(*_COLUMNS)
    .join(ProductVariant, CartLine.variant_id == ProductVariant.id)
    .join(ProductGroup, ProductVariant.product_group_id == ProductGroup.id)
    .where(column == db.bindparam("owner"))
    .order_by(CartLine.id)
    for owner, column in (("user_id", CartLine.user_id), ("anonymous_id", CartLine.anonymous_id))
}


def _line(row):
    line_id, quantity, preview_url, missing_at, design_ids, variant_name, price_cents, *product = row
    variant = LineVariant(variant_name, price_cents, LineProduct(*product))
    return PageLine(line_id, quantity, preview_url, missing_at, tuple(design_ids or ()), variant)


def page_lines(shopper):
    """The shopper's lines as the cart page shows them, oldest first (none for a visitor without a session id)."""
    if shopper is None:
        return ()
    ((owner, value),) = shopper.owner_filter.items()
    with read_connection() as connection:
        return tuple(_line(row) for row in connection.execute(_LINES[owner], {"owner": value}))
