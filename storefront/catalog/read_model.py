"""The catalog as the shop's pages read it: plain frozen rows (visible products, active variants) built from the
database once per catalog revision and shared by every request of this process until the catalog changes.

Whatever changes a category, product group or variant through the models gives the catalog a new revision token
in the same transaction (storefront/revisions.py): the admin's pages, `flask seed-demo`, a shell, another web host.
Each request reads the token once; a process whose copy was built at another token builds a new one.
"""

from dataclasses import dataclass, make_dataclass
from types import MappingProxyType

from flask import current_app
from sqlalchemy import inspect

from .. import revisions
from ..extensions import db
from .models import Category, ProductGroup, ProductRules, ProductVariant

AREA = "catalog"
_EXTENSION = "catalog_read_model"
revisions.watch(AREA, Category, ProductGroup, ProductVariant)


class CatalogRow:
    """A row of the read model: frozen, with one field per column of its table (so a column added to the model is a
    field here, with no list to keep) plus the rows it holds. Valid for one catalog revision, in which its type and
    `id` name it (storefront/rendered_pages.py keys kept pages on them)."""

    __slots__ = ()


def _columns(model):
    return tuple(inspect(model).columns.keys())


def _row_type(name, model, doc, *held, bases=()):
    fields = [(column, object) for column in _columns(model)] + [(field, object) for field in held]
    namespace = {"__doc__": doc, "__module__": __name__}
    return make_dataclass(name, fields, bases=(*bases, CatalogRow), frozen=True, namespace=namespace)


VariantRow = _row_type("VariantRow", ProductVariant, "An active SKU of a product, as its page shows it.")
CategoryLink = _row_type("CategoryLink", Category, "A product's category, as its breadcrumb names it.")
ProductRow = _row_type(
    "ProductRow",
    ProductGroup,
    "A visible product group with its category and active variants; its rules are the table's (ProductRules).",
    "category",
    "variants",
    bases=(ProductRules,),
)
CategoryRow = _row_type(
    "CategoryRow", Category, "A category with its visible product groups, in the owner's order.", "product_groups"
)


@dataclass(frozen=True)
class Catalog:
    """Everything the shop's catalog pages show, with the look-ups they make."""

    categories: tuple[CategoryRow, ...]
    featured: tuple[ProductRow, ...]
    products: MappingProxyType  # slug -> ProductRow
    categories_by_slug: MappingProxyType  # slug -> CategoryRow


def _frozen(value):
    """A JSON column's value as a row may hold it: nothing a template could change."""
    if isinstance(value, dict):
        return MappingProxyType(dict(value))
    if isinstance(value, list):
        return tuple(value)
    return value


def _rows(model, where=(), order_by=()):
    """{column: value} of each row, not ORM objects: the request's identity map may hold the same rows with other
    collections loaded (the admin's pages load hidden products too), and those must not leak into the shop's copy."""
    columns = _columns(model)
    query = db.select(*(getattr(model, column) for column in columns)).where(*where).order_by(*order_by)
    return [
        {column: _frozen(value) for column, value in zip(columns, row, strict=True)}
        for row in db.session.execute(query)
    ]


def _variants_by_group():
    found = {}
    for values in _rows(
        ProductVariant,
        where=[ProductVariant.active.is_(True)],
        order_by=[ProductVariant.position, ProductVariant.id],
    ):
        found.setdefault(values["product_group_id"], []).append(VariantRow(**values))
    return found


def build():
    """Read the catalog from the database: three queries."""
    variants = _variants_by_group()
    categories = _rows(Category, order_by=[Category.position, Category.id])
    links = {values["id"]: CategoryLink(**values) for values in categories}
    shelves = {values["id"]: [] for values in categories}
    products = []
    for values in _rows(
        ProductGroup, where=[ProductGroup.visible.is_(True)], order_by=[ProductGroup.position, ProductGroup.id]
    ):
        held = {"category": links[values["category_id"]], "variants": tuple(variants.get(values["id"], ()))}
        product = ProductRow(**values, **held)
        products.append(product)
        shelves[product.category_id].append(product)
    rows = tuple(CategoryRow(**values, product_groups=tuple(shelves[values["id"]])) for values in categories)
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
