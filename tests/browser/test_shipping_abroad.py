"""A new shopper ships abroad with a paid method: the checkout's summary follows the country and the method without
a reload, and the order page and the confirmation email show the totals the owner's rates make (the demo's: Express
14.95, German VAT 19 % on goods and shipping)."""

import re
from email import policy
from email.parser import BytesParser
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.fixtures.browser import fill_shipping_address
from tests.fixtures.waiting import eventually

from .test_journeys import personalize_into_cart

BERLIN = {
    "name": "Ada Lovelace",
    "line1": "Unter den Linden 1",
    "city": "Berlin",
    "postal_code": "10117",
    "country": "DE",
}
# 29.00 (100 classic cards) + 2 × 6.50 (kraft envelopes); Express 14.95; VAT 19 % of 56.95 = 10.8205.
TOTALS = {"subtotal": "$42.00", "shipping": "$14.95", "tax": "$10.82", "total": "$67.77"}


def confirmation(outbox):
    """The text of the only email in the outbox, once the worker has written it."""

    def written():
        found = sorted(outbox.glob("*.eml"))
        return found[0] if found else None

    eml = eventually(written, timeout=30, what="the confirmation email")
    return BytesParser(policy=policy.default).parsebytes(eml.read_bytes()).get_body(("plain",)).get_content()


def test_an_order_to_germany_with_express_costs_what_the_owners_rates_say(page: Page, app, worker):
    personalize_into_cart(page, "classic-business-card", "100 cards, matte", "Ada Lovelace")
    page.goto("/products/kraft-envelopes")
    page.locator("label.variant-option", has_text="Pack of 25").locator("input[type=radio]").check()
    page.get_by_label("Quantity").fill("2")
    page.get_by_role("button", name="Add to cart").click()
    page.get_by_role("link", name="Checkout").click()
    page.wait_for_url(re.compile(r"/checkout"))
    page.evaluate("() => { window.__sameDocument = true; }")

    page.get_by_label("Email", exact=True).fill("ada@example.com")
    page.get_by_label("Your name").fill("Ada Lovelace")
    fill_shipping_address(page, BERLIN)
    express = page.locator("label.shipping-method", has_text="Express")
    expect(express).to_contain_text("$14.95")
    express.locator("input").check()
    summary = page.locator("[data-summary]")
    expect(summary.locator('[data-amount="total"]')).to_have_text(TOTALS["total"])
    expect(summary).to_contain_text("VAT 19 %")
    assert page.evaluate("() => window.__sameDocument === true"), "the checkout reloaded to update its totals"

    page.get_by_role("button", name="Place order").click()
    page.wait_for_url(re.compile(r"/orders/PS-[0-9]+$"))
    for which, amount in TOTALS.items():
        shown = page.locator(".order-total" if which == "total" else f'[data-total="{which}"]')
        expect(shown).to_have_text(re.compile(re.escape(amount)))
    expect(page.locator("[data-shipping-address]")).to_contain_text("Unter den Linden 1")
    expect(page.locator("[data-shipping-address]")).to_contain_text("Germany")
    expect(page.locator("[data-shipping]")).to_contain_text("Express")

    text = confirmation(Path(app.config["INSTANCE_PATH"]) / "outbox")  # the worker's outbox (tests/browser/conftest.py)
    for amount in TOTALS.values():
        assert amount in text
    assert "VAT 19 %" in text and "Express" in text and "Unter den Linden 1" in text
