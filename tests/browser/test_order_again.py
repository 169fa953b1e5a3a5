"""Order again in headless Chromium: a customer's past design comes back to the cart as a copy that opens in the
editor, and a design the Hub forgot is named at checkout."""

import re

import pytest
import requests
from playwright.sync_api import Page, expect

from tests.fixtures.browser import fill_shipping_address

from .test_journeys import TIMEOUT_MS, editor, personalize_into_cart

pytestmark = pytest.mark.browser


def register(page: Page, email="again@example.com"):
    page.goto("/account/register")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Your name").fill("Repeat Customer")
    page.locator("#password").fill("correct horse battery")
    page.locator("#confirm").fill("correct horse battery")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("Hi, Repeat Customer")).to_be_visible()


def check_out(page: Page):
    page.goto("/checkout")
    fill_shipping_address(page)
    page.get_by_role("button", name="Place order").click()
    page.wait_for_url(re.compile(r"/orders/PS-"))


def test_a_customer_orders_a_past_design_again_and_edits_the_copy(page: Page):
    register(page)
    personalize_into_cart(page, "classic-business-card", "100 cards, matte", "Ada Lovelace")
    check_out(page)

    page.goto("/orders/")
    page.get_by_role("button", name="Order again").click()
    page.wait_for_url(re.compile(r"/cart/?$"))
    expect(page.locator(".flash-success")).to_contain_text("Added 1 design(s) from order")
    line = page.locator("tr.cart-line")
    expect(line).to_have_count(1)
    expect(line.locator(".line-total")).to_have_text("$29.00")

    line.get_by_role("link", name="Edit design").click()
    expect(editor(page).locator("input[type=text]").first).to_have_value("Ada Lovelace", timeout=TIMEOUT_MS)


def test_checkout_names_a_design_the_hub_forgot(page: Page, sandbox):
    personalize_into_cart(page, "photo-mug", "11 oz, white", "Gone tomorrow")
    expect(page.locator("[data-retention-notice]")).to_contain_text("kept for 60 days")
    requests.post(f"{sandbox.url}/sandbox/clean-up", json={"older_than_seconds": 0}, timeout=10).raise_for_status()

    page.goto("/checkout")
    page.get_by_label("Email", exact=True).fill("guest@example.com")
    page.get_by_label("Your name").fill("Guest")
    fill_shipping_address(page)
    page.get_by_role("button", name="Place order").click()

    page.wait_for_url(re.compile(r"/cart/?$"))
    expect(page.locator(".flash")).to_contain_text("no longer has your design for Personal mug")
    line = page.locator("tr.cart-line")
    expect(line.locator("[data-design-missing]")).to_be_visible()
    line.get_by_role("link", name="Design it again").click()
    expect(editor(page).locator("input[type=text]").first).to_be_visible(timeout=TIMEOUT_MS)
