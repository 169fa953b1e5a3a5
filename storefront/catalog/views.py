"""Catalog views: home, category and product pages; unknown slugs answer 404."""

from flask import Blueprint, abort, render_template, request

from . import queries

bp = Blueprint("catalog", __name__)


@bp.route("/")
def home():
    """Categories and featured products."""
    return render_template("catalog/home.html", categories=queries.categories(), featured=queries.featured_products())


@bp.route("/categories/<slug>")
def category(slug):
    """One category and its products; 404 for an unknown slug."""
    found = queries.category_by_slug(slug)
    if found is None:
        abort(404)
    return render_template("catalog/category.html", category=found)


@bp.route("/products/<slug>")
def product(slug):
    """A product with its variant picker; 404 for an unknown slug."""
    group = queries.product_by_slug(slug)
    if group is None or not group.variants:
        abort(404)
    selected = next((v for v in group.variants if v.sku == request.args.get("sku")), group.variants[0])
    return render_template("catalog/product.html", product=group, selected=selected)
