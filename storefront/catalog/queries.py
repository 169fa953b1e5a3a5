"""Catalog look-ups for the shop's pages: the header's categories, featured products, a category or product by slug.

Shoppers see visible product groups and active variants only, read from this process's copy of the catalog
(read_model.py: rebuilt when the catalog's revision changes); the admin reads the tables directly.
"""

import logging

from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from .read_model import current_catalog

log = logging.getLogger(__name__)


def categories():
    return current_catalog().categories


def nav_categories():
    """Categories for the header; an error page must still render when the database is the problem."""
    try:
        return categories()
    except SQLAlchemyError:
        db.session.rollback()
        log.exception("could not load categories for the header")
        return []


def featured_products():
    return current_catalog().featured


def category_by_slug(slug):
    """The category with its visible product groups (and their active variants), or None."""
    return current_catalog().categories_by_slug.get(slug)


def product_by_slug(slug):
    """The visible product group with its active variants, or None."""
    return current_catalog().products.get(slug)
