"""Catalog views: home, category and product pages (unknown slugs answer 404), and robots.txt."""

from flask import Blueprint, Response, abort, request, url_for

from ..editor.availability import personalize_offered
from ..rendered_pages import render_page
from . import queries

bp = Blueprint("catalog", __name__)


@bp.route("/")
def home():
    """Categories and featured products."""
    featured = queries.featured_products()
    return render_page("catalog/home.html", {"categories": queries.categories(), "featured": featured})


@bp.route("/categories/<slug>")
def category(slug):
    """One category and its products; 404 for an unknown slug."""
    found = queries.category_by_slug(slug)
    if found is None:
        abort(404)
    return render_page("catalog/category.html", {"category": found})


@bp.route("/products/<slug>")
def product(slug):
    """A product with its variant picker; 404 for an unknown slug. Personalize is offered unless the Hub denies
    knowing the product (asked on every request: the Hub's answer is not part of the catalog's revision)."""
    group = queries.product_by_slug(slug)
    if group is None or not group.variants:
        abort(404)
    chosen = next((v for v in group.variants if v.sku == request.args.get("sku")), None)
    selected = chosen or group.variants[0]
    offered = personalize_offered(group)
    return render_page(
        "catalog/product.html",
        {"product": group, "selected": selected, "offered": offered},
        page_url=url_for("catalog.product", slug=group.slug, sku=chosen.sku if chosen else None),
    )


# Crawlers index the catalog; the editor (each visit spends the Hub's storefront users), carts, checkout, orders and
# accounts are no page of theirs. `*` in a path is RFC 9309's wildcard.
ROBOTS_TXT = """User-agent: *
Disallow: /products/*/personalize
Disallow: /editor/
Disallow: /cart/
Disallow: /checkout
Disallow: /orders/
Disallow: /account/
Disallow: /admin/
"""


@bp.route("/robots.txt")
def robots_txt():
    return Response(ROBOTS_TXT, mimetype="text/plain")
