"""The catalog as the shop's pages read it: plain frozen rows (visible products, active variants) built from the
database once per catalog revision and shared by every request of this process until the catalog changes.

Whatever changes a category, product group or variant through the models gives the catalog a new revision token
in the same transaction (storefront/revisions.py): the admin's pages, `flask seed-demo`, a shell, another web host.
Each request reads the token once; a process whose copy was built at another token builds a new one.
"""

from dataclasses import dataclass
from types import MappingProxyType

from flask import current_app

from .. import revisions
from ..extensions import db
from .models import Category, ProductGroup, ProductVariant

AREA = "catalog"
_EXTENSION = "catalog_read_model"
revisions.watch(AREA, Category, ProductGroup, ProductVariant)


@dataclass(frozen=True)
class VariantRow:
    """An active SKU of a product, as its page shows it."""

    id: int
    sku: str
    name: str
    price_cents: int
    options: MappingProxyType
    product_group_id: int


@dataclass(frozen=True)
class CategoryLink:
    """What a product page says about its category: the breadcrumb."""

    slug: str
    name: str


@dataclass(frozen=True)
class ProductRow:
    """A visible product group with its active variants."""

    id: int
    slug: str
    name: str
    description: str
    image: str
    hub_reference: str | None
    featured: bool
    category: CategoryLink
    variants: tuple[VariantRow, ...]

    @property
    def personalizable(self):
        return bool(self.hub_reference)

    @property
    def lowest_price_cents(self):
        return min((v.price_cents for v in self.variants), default=0)


@dataclass(frozen=True)
class CategoryRow:
    """A category with its visible product groups, in the owner's order."""

    id: int
    slug: str
    name: str
    description: str
    product_groups: tuple[ProductRow, ...]


@dataclass(frozen=True)
class Catalog:
    """Everything the shop's catalog pages show, with the look-ups they make."""

    categories: tuple[CategoryRow, ...]
    featured: tuple[ProductRow, ...]
    products: MappingProxyType  # slug -> ProductRow
    categories_by_slug: MappingProxyType  # slug -> CategoryRow


PRODUCT_FIELDS = ("slug", "name", "description", "image", "hub_reference", "featured")


def _rows(*columns, where=(), order_by=()):
    """Plain rows, not ORM objects: the request's identity map may hold the same rows with other collections
    loaded (the admin's pages load hidden products too), and those must not leak into the shop's copy."""
    return db.session.execute(db.select(*columns).where(*where).order_by(*order_by)).all()


def _variants_by_group():
    found = {}
    for v in _rows(
        ProductVariant.id,
        ProductVariant.sku,
        ProductVariant.name,
        ProductVariant.price_cents,
        ProductVariant.options,
        ProductVariant.product_group_id,
        where=[ProductVariant.active.is_(True)],
        order_by=[ProductVariant.position, ProductVariant.id],
    ):
        row = VariantRow(
            v.id, v.sku, v.name, v.price_cents, MappingProxyType(dict(v.options or {})), v.product_group_id
        )
        found.setdefault(v.product_group_id, []).append(row)
    return found


def build():
    """Read the catalog from the database: three queries."""
    variants = _variants_by_group()
    categories = _rows(
        Category.id, Category.slug, Category.name, Category.description, order_by=[Category.position, Category.id]
    )
    links = {c.id: CategoryLink(c.slug, c.name) for c in categories}
    shelves = {c.id: [] for c in categories}
    products = []
    for g in _rows(
        *(getattr(ProductGroup, name) for name in ("id", "category_id", *PRODUCT_FIELDS)),
        where=[ProductGroup.visible.is_(True)],
        order_by=[ProductGroup.position, ProductGroup.id],
    ):
        fields = {name: getattr(g, name) for name in PRODUCT_FIELDS}
        product = ProductRow(g.id, **fields, category=links[g.category_id], variants=tuple(variants.get(g.id, ())))
        products.append(product)
        shelves[g.category_id].append(product)
    rows = tuple(CategoryRow(c.id, c.slug, c.name, c.description, tuple(shelves[c.id])) for c in categories)
    return Catalog(
        categories=rows,
        featured=tuple(p for p in products if p.featured),
        products=MappingProxyType({p.slug: p for p in products}),
        categories_by_slug=MappingProxyType({c.slug: c for c in rows}),
    )


def current_catalog():
    """The catalog at this request's revision."""
    return current_app.extensions[_EXTENSION].get_or_make(AREA, build)


def init_app(app):
    app.extensions[_EXTENSION] = revisions.KeptAtRevision(AREA, max_kept=1)
