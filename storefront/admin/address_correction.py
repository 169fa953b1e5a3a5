"""The owner's correction of an order's shipping address, until the order ships or is cancelled: checked as checkout
checks an address (admin/forms.ShippingAddressForm), written over the order's frozen copy, and on the timeline with
what changed and who changed it (orders/shipment.py). The order's totals stay as they were placed.

The country stays the order's own: its shipping method and tax were worked out for that country, so another
country is a new order. An order placed before the store took addresses may be given one, in any country the
store ships to.
"""

import logging

from ..addresses.countries import choices, country_name
from ..extensions import db
from ..orders.lifecycle import ADDRESS_CORRECTABLE
from ..orders.shipment import correct_shipping_address
from ..shipping.queries import shipping_countries
from .actions import ActionRefused, load_order, lock_order

log = logging.getLogger(__name__)
WHAT = "Correcting the shipping address"


def correctable(order):
    """Whether the page offers the correction: the order has neither shipped nor been cancelled."""
    return order.status in ADDRESS_CORRECTABLE


def refusal(order):
    """Why the address of a shipped or cancelled order stays as it is (lock_order says it in the same words)."""
    return f"{WHAT} is not possible: order {order.number} is {order.status_label.lower()}."


def countries_for(order):
    """[(code, name)] the correction may name: the order's own country, or where the store ships for an order
    without an address."""
    country = (order.shipping_address or {}).get("country")
    return [(country, country_name(country))] if country else choices(shipping_countries())


def correct_address(order_id, address, actor):
    """Replace the order's shipping address by `address` (the form's cleaned dict); a message for the owner.

    Refused (ActionRefused) once the order has shipped or was cancelled, or for a country not offered.
    """
    order = load_order(order_id)
    lock_order(order, ADDRESS_CORRECTABLE, WHAT)
    if address.get("country") not in {code for code, _name in countries_for(order)}:
        db.session.rollback()
        raise ActionRefused(f"{WHAT} is not possible: the country of order {order.number} stays as it was placed.")
    words = correct_shipping_address(order, address, actor)
    db.session.commit()
    if not words:
        return f"Order {order.number}: the shipping address is unchanged."
    log.info("order %s: shipping address corrected by %s", order.number, actor)
    return f"Order {order.number}: {words[0].lower()}{words[1:]}."
