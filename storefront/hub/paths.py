"""The Hub's API roots and how a value becomes one segment of a path under them."""

from urllib.parse import quote

STOREFRONT = "/api/storefront/v1"
STORAGE = "/api/storage/v1"


def segment(value: object) -> str:
    """A path segment: ids and references are escaped so a '/' or '?' in them cannot change the URL."""
    return quote(str(value), safe="")
