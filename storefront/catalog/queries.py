"""Catalog look-ups for the pages: the header's categories, featured products, a category or product by slug."""

import logging

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import selectinload

from ..extensions import db
from .models import Category, ProductGroup

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


def featured_products():
    return (
        db.session.execute(
            db.select(ProductGroup)
            .where(ProductGroup.featured.is_(True))
            .options(selectinload(ProductGroup.variants))
            .order_by(ProductGroup.position)
        )
        .scalars()
        .all()
    )


def category_by_slug(slug):
    return db.session.execute(db.select(Category).filter_by(slug=slug)).scalar_one_or_none()


def product_by_slug(slug):
    """The product group with its variants loaded, or None."""
    return db.session.execute(
        db.select(ProductGroup).filter_by(slug=slug).options(selectinload(ProductGroup.variants))
    ).scalar_one_or_none()
