"""Whether the product page offers Personalize: not for a product the Hub does not know.

Only a 404 for the product's hub_reference hides the button (the answer is cached in Redis by the Hub client);
a Hub that cannot be reached keeps it, and the personalize page explains the outage. Plain products (no
hub_reference) never cost a Hub call.
"""

import logging

from ..hub import HubError, get_quick_hub

log = logging.getLogger(__name__)


def personalize_offered(group):
    """True when the group has a hub_reference the Hub does not deny knowing."""
    if not group.hub_reference:
        return False
    try:
        linked = get_quick_hub().product_reference_linked(group.hub_reference)
    except HubError as exc:
        log.warning("product %s: Hub link unknown (%s), Personalize kept", group.hub_reference, exc)
        return True
    if not linked:
        log.info("product %s: not linked at the Hub, Personalize hidden", group.hub_reference)
    return linked
