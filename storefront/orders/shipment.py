"""What an order keeps of its shipment: the carrier and tracking number given when it shipped, and its shipping
address, frozen at placement and corrected by the store owner only before the order ships. Each change is on the
timeline with who made it; the caller checks the order may still change and commits."""

from ..addresses.formatting import describe_changes, one_line
from ..clock import utcnow
from ..shipping.carriers import shipment_words
from .timeline import EventKind, Source, record


def record_shipment(order, carrier, number, actor):
    """The order has just shipped: keep when, and with which carrier and tracking number (each may be None)."""
    order.carrier, order.tracking_number, order.shipped_at = carrier, number, utcnow()
    if carrier or number:
        words = shipment_words(carrier, number)
        record(order, EventKind.SHIPPED, words, Source.ADMIN, actor, carrier=carrier, tracking_number=number)


def correct_shipping_address(order, address, actor):
    """Put the owner's corrected address (a dict of addresses.models.FIELDS) in place of the order's frozen copy.

    Returns what was done in a few words (the timeline's words), "" when nothing changed (then nothing is written).
    """
    old = order.shipping_address
    if old is None:
        words = f"Shipping address added: {one_line(address)}"
    else:
        changed = describe_changes(old, address)
        words = f"Shipping address corrected: {changed}" if changed else ""
    if words:
        order.shipping_address = dict(address)  # a new dict: the JSON column sees an assignment, not a change inside
        record(order, EventKind.ADDRESS_CORRECTED, words, Source.ADMIN, actor, old=old, new=dict(address))
    return words
