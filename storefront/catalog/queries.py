"""Catalog look-ups for the shop's pages: the header's categories, featured products, a category or product by slug.

Shoppers see visible product groups and active variants only; the admin reads the tables directly.
"""

import logging

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import selectinload

from ..extensions import db
from .models import Category, ProductGroup, ProductVariant

log = logging.getLogger(__name__)


def categories():
    return db.session.execute(db.select(Category).order_by(Category.position)).scalars().all()


def nav_categories():
    """Categories for the header; an error page must still render when the database is the problem."""
    try:
        return categories()
    except SQLAlchemyError:
        db.session.rollback()
        log.exception("could not load categories for the header")
        return []


def _active_variants():
    return selectinload(ProductGroup.variants.and_(ProductVariant.active.is_(True)))


def featured_products():
    return (
        db.session.execute(
            db.select(ProductGroup)
            .where(ProductGroup.featured.is_(True), ProductGroup.visible.is_(True))
            .options(_active_variants())
            .order_by(ProductGroup.position)
        )
        .scalars()
        .all()
    )


def category_by_slug(slug):
    """The category with its visible product groups (and their active variants) loaded, or None."""
    groups = selectinload(Category.product_groups.and_(ProductGroup.visible.is_(True)))
    return db.session.execute(
        db.select(Category)
        .filter_by(slug=slug)
        .options(groups.selectinload(ProductGroup.variants.and_(ProductVariant.active.is_(True))))
    ).scalar_one_or_none()


def product_by_slug(slug):
    """The visible product group with its active variants loaded, or None."""
    return db.session.execute(
        db.select(ProductGroup).filter_by(slug=slug, visible=True).options(_active_variants())
    ).scalar_one_or_none()
