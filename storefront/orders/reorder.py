"""Order again: a past order's personalized lines go back into the cart, each with new copies of its designs.

Every design is copied at the Hub (Asset Storage's private-design copy), so editing the new cart line never
changes what the old order printed. The cart line is an ordinary one: today's price (the cart prices lines from
the variant), reopened in the editor like any saved design, and kept as a saved design. A line whose product is
no longer sold or linked to the Hub, or whose design the Hub no longer has, is named and the rest still goes in.
"""

import logging
from dataclasses import dataclass, field

from ..cart import capacity
from ..cart.models import CartLine
from ..cart.services import MAX_QUANTITY
from ..clock import utcnow
from ..extensions import db
from ..hub import HubError, HubNotFound, get_quick_hub
from ..jobs.queueing import queue_keep_designs
from ..shoppers.design_retention import owner_storage
from ..shoppers.models import SavedDesign

log = logging.getLogger(__name__)


class ReorderUnavailable(Exception):
    """The Hub could not be reached (or the shopper's designs are still being moved to their account): nothing
    was added to the cart."""


@dataclass
class Reorder:
    """What ordering again did: the cart lines added and, per line left out, why (for the shopper)."""

    added: list = field(default_factory=list)
    left_out: list = field(default_factory=list)


def _why_not(line, hub):
    """Why an order line cannot be ordered again as it is, or None when it can."""
    variant = line.variant
    if variant is None or not variant.on_sale:
        return f"{line.product_name} ({line.variant_name}) is no longer sold."
    group = variant.product_group
    if not group.personalizable:
        return f"{line.product_name} can no longer be personalized."
    if group.hub_reference != line.product_reference:
        return f"{line.product_name} has changed since your order: please design it anew."
    try:
        hub.get_product_reference(group.hub_reference)
    except HubNotFound:
        return f"{line.product_name} can no longer be personalized."
    return None


def _copy_designs(line, owner, hub):
    """New copies of the line's designs, or None when the Hub no longer has one of them."""
    try:
        return [hub.copy_private_design(design_id, owner).id for design_id in line.design_ids]
    except HubNotFound:
        return None


def _cart_line(shopper, line, design_ids):
    owner = shopper.owner_filter
    # Verified as made: our own server copied these designs into the shopper's storage (the copy is refused with
    # 404 for a design that is not there).
    verified = utcnow()
    saved = SavedDesign(
        product_group_id=line.variant.product_group_id,
        variant=line.variant,
        key=design_ids[0],
        state_id=design_ids[0],
        design_ids=design_ids,
        preview_url=line.preview_url,
        editor_data=line.editor_data,
        **owner,
    )
    cart_line = CartLine(
        variant=line.variant,
        quantity=min(line.quantity, MAX_QUANTITY),
        key=design_ids[0],
        design_ids=design_ids,
        state_id=design_ids[0],
        preview_url=line.preview_url,
        editor_data=line.editor_data,
        design_checked_at=verified,
        saved_design=saved,
        **owner,
    )
    db.session.add_all([saved, cart_line])
    return cart_line


def order_again(shopper, order):
    """Add the order's personalized lines to the shopper's cart with new design copies (the caller checked that
    the order is the shopper's). Raises ReorderUnavailable, with nothing added, when the Hub cannot be reached."""
    result = Reorder()
    owner = owner_storage(shopper)
    if owner is None:
        raise ReorderUnavailable("the guest's designs are not yet merged into the customer's at the Hub")
    hub = get_quick_hub()
    room = capacity.room_left(shopper)
    try:
        for line in order.personalized_lines:
            if len(result.added) == room:
                result.left_out.append(f"{line.product_name}: {capacity.full_message()}")
                continue
            reason = _why_not(line, hub)
            copies = None if reason else _copy_designs(line, owner, hub)
            if copies is None:
                result.left_out.append(reason or f"Your design for {line.product_name} is no longer kept.")
                continue
            result.added.append(_cart_line(shopper, line, copies))
    except HubError as exc:
        db.session.rollback()
        log.warning("order again for %s: the Hub could not be reached: %s", order.number, exc)
        raise ReorderUnavailable from exc
    db.session.commit()
    log.info(
        "order %s ordered again: %d line(s) added, %d left out", order.number, len(result.added), len(result.left_out)
    )
    if result.added and shopper.user is not None:
        queue_keep_designs(shopper.user.id)
    return result
