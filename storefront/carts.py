"""Cart service: the shopper's cart lines, adding plain products and editor designs, quantities and removal.

Nothing from the browser is trusted: a design must belong to the current storefront user, the SKU must exist and
belong to the product the editor was opened for, and quantities stay between 1 and 999.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy.orm import selectinload

from .extensions import db
from .models import CartLine, ProductVariant, SavedDesign

MAX_QUANTITY = 999
MAX_DESIGN_IDS = 20
KEY_PATTERN = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
DESIGN_ID_PATTERN = re.compile(r"^[A-Za-z0-9_.:-]{1,128}$")


class CartError(Exception):
    """A request the cart refuses, with a message for the shopper and an HTTP status."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class DesignToAdd:
    """A validated `addtocart` event from the editor."""

    key: str
    quantity: int
    variant: ProductVariant
    design_ids: list
    preview_url: str | None


def lines_for(shopper):
    """The shopper's cart lines, oldest first (empty for a visitor without a session id)."""
    if shopper is None:
        return []
    return (
        db.session.execute(
            db.select(CartLine)
            .filter_by(**shopper.owner_filter)
            .options(selectinload(CartLine.variant).selectinload(ProductVariant.product_group))
            .order_by(CartLine.id)
        )
        .scalars()
        .all()
    )


def total_cents(lines):
    return sum(line.total_cents for line in lines)


def parse_quantity(value):
    try:
        quantity = int(value)
    except (TypeError, ValueError):
        raise CartError("Quantity must be a whole number.") from None
    if not 1 <= quantity <= MAX_QUANTITY:
        raise CartError(f"Quantity must be between 1 and {MAX_QUANTITY}.")
    return quantity


def _variant(sku):
    variant = None
    if isinstance(sku, str) and sku:
        variant = db.session.execute(db.select(ProductVariant).filter_by(sku=sku)).scalar_one_or_none()
    if variant is None:
        raise CartError("We don't sell that product option (unknown SKU). Please pick an option on the product page.")
    return variant


def _owned_line(shopper, line_id):
    line = db.session.get(CartLine, line_id)
    if shopper is None or line is None or any(getattr(line, k) != v for k, v in shopper.owner_filter.items()):
        raise CartError("That cart line is not in your cart.", status=404)
    return line


def add_plain(shopper, sku, quantity):
    """Add a product that needs no design; the same product again raises the line's quantity."""
    variant = _variant(sku)
    quantity = parse_quantity(quantity)
    if variant.product_group.personalizable:
        raise CartError("This product is made to your design: press Personalize to design it first.")
    line = (
        db.session.execute(
            db.select(CartLine).filter_by(variant_id=variant.id, key=None, **shopper.owner_filter).order_by(CartLine.id)
        )
        .scalars()
        .first()
    )
    if line is None:
        line = CartLine(variant=variant, quantity=0, design_ids=[], **shopper.owner_filter)
        db.session.add(line)
    line.quantity = min(MAX_QUANTITY, line.quantity + quantity)
    db.session.commit()
    return line


def validate_design(shopper, detail):
    """Check an editor `addtocart` detail against the current shopper and the catalog."""
    if not isinstance(detail, dict):
        raise CartError("The editor sent something we could not read. Please try again.")
    properties = detail.get("properties")
    if not isinstance(properties, dict):
        raise CartError("The design is missing its details. Please try again.")
    if properties.get("_userId") != shopper.storefront_user_id:
        raise CartError("This design belongs to another shopper session. Reload the editor and try again.", 403)
    design_ids = properties.get("_stateId")
    if (
        not isinstance(design_ids, list)
        or not 1 <= len(design_ids) <= MAX_DESIGN_IDS
        or not all(isinstance(d, str) and DESIGN_ID_PATTERN.match(d) for d in design_ids)
    ):
        raise CartError("The design could not be saved. Please press Add to cart again.")
    key = detail.get("key")
    if not isinstance(key, str) or not KEY_PATTERN.match(key):
        raise CartError("The design is missing its cart key. Please reload the editor.")
    variant = _variant(detail.get("sku"))
    group = variant.product_group
    if not group.personalizable or detail.get("originalProductId") != group.hub_reference:
        raise CartError("That product option does not belong to the product you designed.")
    return DesignToAdd(key, parse_quantity(detail.get("quantity", 1)), variant, design_ids, _preview(properties))


def _preview(properties):
    """The editor's preview image, kept only when it comes from the Hub (pages show it to shoppers and the owner)."""
    hidden = properties.get("_hidden")
    images = hidden.get("images") if isinstance(hidden, dict) else None
    if isinstance(images, list) and images:
        url = images[0]
        if isinstance(url, str) and len(url) <= 1024 and _from_the_hub(url):
            return url
    return None


def _from_the_hub(url):
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return False
    config = current_app.config
    hosts = {urlsplit(config["CCHUB_API_URL"]).hostname, urlsplit(config["CCHUB_BASEURL"]).hostname}
    return parts.hostname in hosts | set(config.get("HUB_PREVIEW_HOSTS", ()))


def _first(model, **filters):
    """The oldest row matching `filters` (two quick clicks may have made two)."""
    return db.session.execute(db.select(model).filter_by(**filters).order_by(model.id)).scalars().first()


def add_design(shopper, detail):
    """Add the editor's design to the cart and keep it as a saved design; the same key replaces its line."""
    design = validate_design(shopper, detail)
    owner = shopper.owner_filter
    saved = _first(SavedDesign, key=design.key, **owner)
    if saved is None:
        saved = SavedDesign(key=design.key, **owner)
        db.session.add(saved)
    saved.product_group_id = design.variant.product_group_id
    saved.variant = design.variant
    saved.state_id = design.design_ids[0]
    saved.design_ids = list(design.design_ids)
    saved.preview_url = design.preview_url

    line = _first(CartLine, key=design.key, **owner)
    if line is None:
        line = CartLine(key=design.key, **owner)
        db.session.add(line)
    line.variant = design.variant
    line.quantity = design.quantity
    line.design_ids = list(design.design_ids)
    line.state_id = design.design_ids[0]
    line.preview_url = design.preview_url
    line.saved_design = saved
    db.session.commit()
    return line


def update_quantity(shopper, line_id, quantity):
    line = _owned_line(shopper, line_id)
    line.quantity = parse_quantity(quantity)
    db.session.commit()
    return line


def remove_line(shopper, line_id):
    line = _owned_line(shopper, line_id)
    db.session.delete(line)
    db.session.commit()
