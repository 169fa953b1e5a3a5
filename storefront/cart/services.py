"""Cart service: the shopper's cart lines, adding plain products and editor designs, quantities and removal.

Nothing from the browser is trusted: a design must belong to the current storefront user (its ids are looked up in
that user's storage at the Hub: design_checks.py), the SKU must exist and belong to the product the editor was
opened for (named by the page's signed edit target), and quantities stay between 1 and 999. What a save replaces
comes from that target, never from anything the editor echoes.
"""

import logging
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy.orm import joinedload

from ..catalog.models import ProductVariant
from ..extensions import db
from ..jobs.queueing import queue_keep_designs
from ..shoppers.identity import owned
from ..shoppers.models import SavedDesign
from . import capacity, design_checks, editor_output
from .models import CartLine

log = logging.getLogger(__name__)

MAX_QUANTITY = 999
MAX_DESIGN_IDS = 20
KEY_PATTERN = re.compile(r"^[A-Za-z0-9_.:-]{1,128}$")
DESIGN_ID_PATTERN = re.compile(r"^[A-Za-z0-9_.:-]{1,128}$")
NOT_YOURS = "That design is not one of yours, so it was not added to your cart. Reload the editor and design it again."


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
    editor_data: dict


def lines_for(shopper):
    """The shopper's cart lines, oldest first (empty for a visitor without a session id)."""
    if shopper is None:
        return []
    return (
        db.session.execute(
            db.select(CartLine)
            .filter_by(**shopper.owner_filter)
            .options(joinedload(CartLine.variant).joinedload(ProductVariant.product_group))
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
    if not variant.on_sale:
        raise CartError("That product option is no longer sold. Please pick another one on the product page.")
    return variant


def _owned_line(shopper, line_id):
    line = owned(CartLine, line_id, shopper)
    if line is None:
        raise CartError("That cart line is not in your cart.", status=404)
    return line


def _ensure_room(shopper):
    if capacity.room_left(shopper) == 0:
        raise CartError(capacity.full_message(), status=409)


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
        _ensure_room(shopper)
        line = CartLine(variant=variant, quantity=0, design_ids=[], **shopper.owner_filter)
        db.session.add(line)
    line.quantity = min(MAX_QUANTITY, line.quantity + quantity)
    db.session.commit()
    return line


def validate_design(shopper, body, target=None):
    """Check an editor's output against the current shopper, the page's edit target and the catalog."""
    try:
        output = editor_output.parse(body)
    except editor_output.UnknownEditorOutput as exc:
        log.warning("add to cart: an editor output of unknown shape (%s)", exc)
        raise CartError(
            "The editor sent your design in a form this shop does not understand, so it was not added. "
            "Please contact us; your design is still in the editor."
        ) from None
    if output.user_id != shopper.storefront_user_id or (
        target is not None and target.storefront_user_id != shopper.storefront_user_id
    ):
        raise CartError("This design belongs to another shopper session. Reload the editor and try again.", 403)
    design_ids = output.design_ids
    if (
        not isinstance(design_ids, list)
        or not 1 <= len(design_ids) <= MAX_DESIGN_IDS
        or not all(isinstance(d, str) and DESIGN_ID_PATTERN.match(d) for d in design_ids)
    ):
        raise CartError("The design could not be saved. Please press Add to cart again.")
    # The documented key is the state id; an editor that sends none (UI Framework) gets that.
    key = output.key if isinstance(output.key, str) and KEY_PATTERN.match(output.key) else design_ids[0]
    variant = _variant(output.sku or (target.sku if target is not None else None))
    group = variant.product_group
    if target is not None:
        belongs = group.id == target.product_group_id
    else:
        belongs = output.original_product_id == group.hub_reference
    if not group.personalizable or not belongs:
        raise CartError("That product option does not belong to the product you designed.")
    return DesignToAdd(
        key, parse_quantity(output.quantity), variant, design_ids, _preview(output.images), output.editor_data
    )


def _preview(images):
    """The editor's preview image, kept only when it comes from the Hub (pages show it to shoppers and the owner)."""
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


def add_design(shopper, body, target=None):
    """Add the editor's design to the cart and keep it as a saved design.

    The page's edit target says what the design replaces: a cart line (and its saved design), or a saved design
    (updated, and its cart line with it, or one new line when it has none). Without one, the same key again (a
    double click) replaces its line.
    """
    design = validate_design(shopper, body, target)
    try:
        checked_at = design_checks.checked_on_add(shopper.storefront_user_id, design.design_ids)
    except design_checks.NotTheShoppers:
        raise CartError(NOT_YOURS, 403) from None
    owner = shopper.owner_filter
    line = owned(CartLine, target.line_id, shopper) if target is not None else None
    saved = owned(SavedDesign, target.design_id, shopper) if target is not None else None
    if line is not None and saved is None:
        saved = line.saved_design
    if line is None and saved is not None and target.line_id is None:
        # A saved design reopened from My designs that is already in the cart: that line is the one edited.
        line = _first(CartLine, saved_design_id=saved.id, **owner)
    if line is None and (target is None or target.line_id is None):
        line = _first(CartLine, key=design.key, **owner)
    if saved is None and (target is None or target.design_id is None):
        saved = _first(SavedDesign, key=design.key, **owner)
    if saved is None:
        saved = SavedDesign(**owner)
        db.session.add(saved)
    saved.key = design.key
    saved.product_group_id = design.variant.product_group_id
    saved.variant = design.variant
    saved.state_id = design.design_ids[0]
    saved.design_ids = list(design.design_ids)
    saved.preview_url = design.preview_url
    saved.editor_data = design.editor_data
    saved.kept_at = saved.missing_at = None  # new design ids: the Hub is asked to keep these afresh

    if line is None:
        _ensure_room(shopper)
        line = CartLine(**owner)
        db.session.add(line)
    line.key = design.key
    line.variant = design.variant
    line.quantity = design.quantity
    line.design_ids = list(design.design_ids)
    line.state_id = design.design_ids[0]
    line.preview_url = design.preview_url
    line.editor_data = design.editor_data
    line.design_missing_at = None
    line.design_checked_at = checked_at
    line.saved_design = saved
    db.session.commit()
    if shopper.user is not None:
        queue_keep_designs(shopper.user.id)
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


def fold_plain_lines(user):
    """One cart line per plain product: the guest's and the customer's quantities add up (capped)."""
    kept = {}
    lines = db.session.execute(db.select(CartLine).filter_by(user_id=user.id, key=None).order_by(CartLine.id)).scalars()
    for line in lines:
        first = kept.setdefault(line.variant_id, line)
        if first is not line:
            first.quantity = min(MAX_QUANTITY, first.quantity + line.quantity)
            db.session.delete(line)
