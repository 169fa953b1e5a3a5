"""Whose designs a cart line holds, asked of the Hub: when a design is added, and at checkout.

A design id is the Hub's id of a private design, and Asset Storage answers 404 for a design outside the storage
its `ownerId` names (another storefront user's, or none): so each design id the editor hands back is looked up in
the storage of the shopper's storefront user before the line is added. When the Hub cannot be asked, the line is
added unverified (`CartLine.design_checked_at` unset) and checkout asks before anything is ordered. At checkout the
same one look-up per design also tells which designs the Hub has forgotten (docs/shoppers.md, *Design retention*).
"""

import logging
from dataclasses import dataclass, field

from ..clock import utcnow
from ..extensions import db
from ..hub import HubError, HubNotFound, get_quick_hub
from ..shoppers.design_retention import missing_ids, owner_storage

log = logging.getLogger(__name__)


class NotTheShoppers(Exception):
    """A design id the Hub does not have in the shopper's storage."""


def checked_on_add(storefront_user_id, design_ids):
    """When the Hub confirmed every design id is in this storefront user's storage (now), or None when it could
    not be asked (the line is then added unverified). Raises NotTheShoppers for one that is not there.

    One cached look-up per design id, with a short timeout; the first failure ends the asking, so an outage costs
    the shopper one timeout, not one per design."""
    hub = get_quick_hub()
    for design_id in dict.fromkeys(design_ids):
        try:
            hub.confirm_private_design(design_id, storefront_user_id)
        except HubNotFound:
            log.warning("add to cart: design %s is not in the storage of %s", design_id, storefront_user_id)
            raise NotTheShoppers(design_id) from None
        except HubError as exc:
            log.warning("add to cart: could not check the design at the Hub, adding it unverified: %s", exc)
            return None
    return utcnow()


@dataclass
class CartDesigns:
    """What checkout learnt of the cart's designs: product names of the lines it cannot order, and whether the Hub
    could not be asked about lines nobody has checked yet."""

    forgotten: list = field(default_factory=list)
    not_theirs: list = field(default_factory=list)
    unchecked: bool = False


def _unverified(line):
    return line.design_checked_at is None


def _ask(owner, unmarked):
    """The design ids of these lines the owner's storage does not hold; None when the Hub cannot be asked and an
    unverified line needs the answer (a verified line goes ahead without it)."""
    try:
        return missing_ids(owner, [design_id for line in unmarked for design_id in line.design_ids])
    except HubError as exc:
        if any(_unverified(line) for line in unmarked):
            log.warning("checkout: could not check unverified designs at the Hub: %s", exc)
            return None
        log.warning("checkout: could not check the cart's designs at the Hub, going ahead: %s", exc)
        return set()


def _record(unmarked, gone):
    """Mark the lines whose designs are gone (and their saved designs) missing, the others verified; returns the
    lines that were never verified among those gone."""
    now, not_theirs = utcnow(), []
    for line in unmarked:
        if gone & set(line.design_ids):
            if _unverified(line):
                not_theirs.append(line)
            line.design_missing_at = now
            saved = line.saved_design
            if saved is not None and gone & set(saved.design_ids or ()):
                saved.missing_at = now
        elif _unverified(line):
            line.design_checked_at = now
    db.session.commit()
    return not_theirs


def check_at_checkout(shopper, lines):
    """Ask the Hub about every design of the cart not already marked missing, once each.

    A verified line whose design is gone was forgotten by the Hub; an unverified one is not the shopper's (the Hub
    cannot tell the two apart, and a line never confirmed must not be printed either way): both are marked missing
    and named, and the shopper designs them again. Unverified lines the Hub confirms are marked verified. When the
    Hub cannot be asked, unverified lines make the result `unchecked` and the cart is left as it is; verified ones
    go ahead, as an outage must not block a checkout of designs already confirmed (a design that really is gone
    fails its rendering, which the store owner sees).
    """
    designed = [line for line in lines if line.design_ids]
    unmarked = [line for line in designed if line.design_missing_at is None]
    owner = owner_storage(shopper)
    not_theirs = []
    if owner is None:
        # A guest merge is still pending at the Hub: the guest's designs are not yet in the customer's storage.
        unchecked = any(_unverified(line) for line in unmarked)
    else:
        gone = _ask(owner, unmarked) if unmarked else set()
        unchecked = gone is None
        if not unchecked and (gone or any(_unverified(line) for line in unmarked)):
            not_theirs = _record(unmarked, gone)
    return CartDesigns(
        forgotten=[
            line.variant.product_group.name for line in designed if line.design_missing_at and line not in not_theirs
        ],
        not_theirs=[line.variant.product_group.name for line in not_theirs],
        unchecked=unchecked,
    )
