"""The carriers the owner ships with and the link to a parcel's tracking page, from the SHIPPING_CARRIERS setting
(config.py: "Name=URL with {number}" entries). An order keeps its carrier's name, so a carrier taken out of the
setting later leaves its orders with their carrier and tracking number, and no link."""

import re
from urllib.parse import quote

from flask import current_app

MAX_TRACKING_NUMBER = 50  # as typed, spaces included; stored without them (orders.tracking_number: 64)
# What a tracking number may hold as the owner types it; spaces are dropped when it is stored (tracking_number()).
TRACKING_NUMBER = re.compile(r"^[A-Za-z0-9 -]*[A-Za-z0-9][A-Za-z0-9 -]*$")


def carriers():
    """{name: tracking page URL template or None}, in the setting's order."""
    return dict(current_app.config["SHIPPING_CARRIERS"])


def carrier_names():
    return list(carriers())


def tracking_number(typed):
    """The number as stored and linked: what the owner typed without its spaces ("1Z 999 AA1" -> "1Z999AA1")."""
    return re.sub(r"\s+", "", typed or "") or None


def tracking_url(carrier, number):
    """The carrier's tracking page for this parcel, the number URL-encoded; None for an unknown carrier, a carrier
    without a tracking page, or no number."""
    template = carriers().get(carrier) if carrier else None
    if not template or not number:
        return None
    return template.replace("{number}", quote(str(number), safe=""))


def shipment_words(carrier, number):
    """The shipment in a few words: "Shipped with DHL, tracking 1Z999AA1" (either part may be missing)."""
    words = "Shipped" + (f" with {carrier}" if carrier else "")
    return words + (f", tracking {number}" if number else "")
