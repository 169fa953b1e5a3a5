"""The Content-Security-Policy in a real browser: the suite's violation check bites, and the owner's pages keep to it.

Every test in this folder fails on a logged violation (`fails_on_csp_violations` in conftest.py), so the shopper
journeys in the other files prove the editors, the cart previews and the live order page work under the policy.
"""

import re

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.fixtures.browser import fill_shipping_address
from tests.fixtures.records import OWNER, make_user
from tests.fixtures.waiting import eventually

pytestmark = pytest.mark.browser

READY_TIMEOUT_MS = 30_000


def test_a_page_that_breaks_the_policy_fails_the_test(context: BrowserContext, csp_watch):
    first = context.new_page()
    first.goto("/")
    assert csp_watch.violations == []
    # A second page of the same context injects what an attacker would: an inline script and a foreign script.
    second = context.new_page()
    second.goto("/cart/")
    second.evaluate(
        """() => {
        const inline = document.createElement('script');
        inline.textContent = 'window.__injected = true';
        document.body.append(inline);
        const foreign = document.createElement('script');
        foreign.src = 'https://elsewhere.example/steal.js';
        document.body.append(foreign);
    }"""
    )
    # Playwright delivers the page's console messages while it waits, so the wait is the browser's own.
    eventually(lambda: second.wait_for_timeout(50) or len(csp_watch.violations) >= 2, timeout=5, what="violations")
    assert second.evaluate("() => window.__injected") is None, "the inline script ran"
    assert any("elsewhere.example" in message for message in csp_watch.violations)
    with pytest.raises(pytest.fail.Exception, match="Content-Security-Policy violations"):
        csp_watch.check()
    csp_watch.messages.clear()  # caught on purpose: this test itself passes


def test_the_owner_sees_a_rendered_order_and_every_admin_section_within_the_policy(page: Page, app, worker):
    make_user(is_admin=True, **OWNER)
    page.goto("/products/classic-business-card/personalize")
    editor = page.locator("au-handy-editor")
    editor.locator("input[type=text]").first.fill("Owner's test")
    editor.get_by_role("button", name="Add to cart").click()
    page.wait_for_url(re.compile(r"/cart/?$"))
    page.get_by_role("link", name="Checkout").click()
    page.get_by_label("Email", exact=True).fill("ada@example.com")
    page.get_by_label("Your name").fill("Ada Shopper")
    fill_shipping_address(page)
    page.get_by_role("button", name="Place order").click()
    page.wait_for_url(re.compile(r"/orders/PS-[0-9]+$"))  # the key is in the order's cookie, not the URL
    number = page.locator("h1").inner_text().removeprefix("Order ")
    expect(page.locator("[data-status-pill]")).to_have_text("Ready to print", timeout=READY_TIMEOUT_MS)

    page.goto("/account/login")
    page.locator("#email").fill(OWNER["email"])
    page.locator("#password").fill(OWNER["password"])
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text(f"Hi, {OWNER['name']}")).to_be_visible()
    page.goto("/admin/orders")
    page.get_by_role("link", name=number, exact=True).click()
    # The Hub's project status colour is drawn without a style attribute, which the policy would refuse.
    expect(page.locator("[data-live] svg.status-dot circle")).to_have_attribute("fill", re.compile("^#"))
    for section in ("Catalog", "Hub mapping", "Health"):
        page.locator(".admin-nav").get_by_role("link", name=section, exact=True).click()
        expect(page.get_by_role("heading", level=1, name=section)).to_be_visible()
