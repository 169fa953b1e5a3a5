"""The catalog as the shop's pages read it: plain frozen rows (visible products, active variants) built from the
database once per catalog revision and shared by every request of this process until the catalog changes.

Whatever changes a category, product group or variant through the models gives the catalog a new revision token
in the same transaction (storefront/revisions.py): the admin's pages, `flask seed-demo`, a shell, another web host.
Each request reads the token once; a process whose copy was built at another token builds a new one.
"""

import threading
from dataclasses import dataclass
from types import MappingProxyType

from flask import current_app
from sqlalchemy.orm import selectinload

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


def _variant(row):
    return VariantRow(
        row.id, row.sku, row.name, row.price_cents, MappingProxyType(dict(row.options or {})), row.product_group_id
    )


def _product(group, category):
    variants = tuple(_variant(v) for v in group.variants)
    return ProductRow(
        group.id,
        group.slug,
        group.name,
        group.description,
        group.image,
        group.hub_reference,
        group.featured,
        CategoryLink(category.slug, category.name),
        variants,
    )


def build():
    """Read the catalog from the database: three queries."""
    active = ProductGroup.variants.and_(ProductVariant.active.is_(True))
    visible = Category.product_groups.and_(ProductGroup.visible.is_(True))
    rows = (
        db.session.execute(
            db.select(Category)
            .order_by(Category.position, Category.id)
            .options(selectinload(visible).selectinload(active))
        )
        .scalars()
        .all()
    )
    categories = []
    for category in rows:
        groups = tuple(_product(group, category) for group in category.product_groups)
        categories.append(CategoryRow(category.id, category.slug, category.name, category.description, groups))
    products = [product for category in categories for product in category.product_groups]
    # Featured products in the owner's product order across categories, as ProductGroup.position sorts them.
    order = {group.id: (group.position, group.id) for category in rows for group in category.product_groups}
    featured = sorted((p for p in products if p.featured), key=lambda p: order[p.id])
    return Catalog(
        categories=tuple(categories),
        featured=tuple(featured),
        products=MappingProxyType({p.slug: p for p in products}),
        categories_by_slug=MappingProxyType({c.slug: c for c in categories}),
    )


class CatalogCache:
    """One process's copy of the catalog and the revision token it was built at."""

    def __init__(self):
        self._built = (None, None)
        self._lock = threading.Lock()

    def current(self):
        token = revisions.token(AREA)
        built_at, catalog = self._built
        if catalog is not None and built_at == token:
            return catalog
        with self._lock:  # one thread builds, the others wait for its copy
            built_at, catalog = self._built
            if catalog is None or built_at != token:
                catalog = build()
                self._built = (token, catalog)
        return catalog


def current_catalog():
    """The catalog at this request's revision."""
    return current_app.extensions[_EXTENSION].current()


def init_app(app):
    app.extensions[_EXTENSION] = CatalogCache()
