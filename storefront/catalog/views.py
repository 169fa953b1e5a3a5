"""Catalog views: home, category and product pages; unknown slugs answer 404."""

from flask import abort, render_template, request
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Category, ProductGroup
from . import bp


def _categories():
    return db.session.execute(db.select(Category).order_by(Category.position)).scalars().all()


@bp.route("/")
def home():
    """Categories and featured products."""
    featured = (
        db.session.execute(
            db.select(ProductGroup)
            .where(ProductGroup.featured.is_(True))
            .options(selectinload(ProductGroup.variants))
            .order_by(ProductGroup.position)
        )
        .scalars()
        .all()
    )
    return render_template("catalog/home.html", categories=_categories(), featured=featured)


@bp.route("/categories/<slug>")
def category(slug):
    """One category and its products; 404 for an unknown slug."""
    found = db.session.execute(db.select(Category).filter_by(slug=slug)).scalar_one_or_none()
    if found is None:
        abort(404)
    return render_template("catalog/category.html", category=found)


@bp.route("/products/<slug>")
def product(slug):
    """A product with its variant picker; 404 for an unknown slug."""
    group = db.session.execute(
        db.select(ProductGroup).filter_by(slug=slug).options(selectinload(ProductGroup.variants))
    ).scalar_one_or_none()
    if group is None or not group.variants:
        abort(404)
    selected = next((v for v in group.variants if v.sku == request.args.get("sku")), group.variants[0])
    return render_template("catalog/product.html", product=group, selected=selected)
