"""What a new shopper does, in headless Chromium: personalize, edit, register, check out, download, on a phone."""

import re
import socket

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.fixtures.browser import fill_shipping_address

pytestmark = pytest.mark.browser

TIMEOUT_MS = 10_000
READY_TIMEOUT_MS = 30_000


# --- what the shopper does -------------------------------------------------------------------------------------


def editor(page: Page) -> Locator:
    """The Hub editor element; Playwright's CSS selectors pierce its open shadow root."""
    return page.locator("au-handy-editor")


def open_personalize(page: Page, slug: str, variant: str) -> Locator:
    """Product page -> choose the variant -> Personalize; returns the editor once it shows its text inputs."""
    page.goto(f"/products/{slug}")
    page.locator("label.variant-option", has_text=variant).locator("input[type=radio]").check()
    page.get_by_role("button", name="Personalize").click()
    page.wait_for_url(re.compile(rf"/products/{slug}/personalize\?"))
    element = editor(page)
    expect(element.locator("input[type=text]").first).to_be_visible(timeout=TIMEOUT_MS)
    expect(element.get_by_role("button", name="Add to cart")).to_be_enabled()
    return element


def add_design_to_cart(page: Page, element: Locator, text: str):
    """Type `text` on the design's first line, then Add to cart; waits for the cart page."""
    element.locator("input[type=text]").first.fill(text)
    element.get_by_role("button", name="Add to cart").click()
    page.wait_for_url(re.compile(r"/cart/?$"), timeout=TIMEOUT_MS)


def personalize_into_cart(page: Page, slug: str, variant: str, text: str):
    add_design_to_cart(page, open_personalize(page, slug, variant), text)


def cart_line(page: Page, product: str) -> Locator:
    return page.locator("tr.cart-line", has_text=product)


def expect_image_loaded(image: Locator):
    """The <img> has actually loaded a picture (not a broken image)."""
    expect(image).to_be_visible()
    expect(image).to_have_js_property("complete", True, timeout=TIMEOUT_MS)
    expect(image).not_to_have_js_property("naturalWidth", 0)


def preview_text(page: Page, image: Locator) -> str:
    """The SVG preview behind a thumbnail, as text (it carries the design's lines)."""
    response = page.request.get(image.get_attribute("src"))
    assert response.ok, response.status
    return response.text()


def assert_no_horizontal_scroll(page: Page):
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{page.url} scrolls sideways: scrollWidth {widths[0]} > innerWidth {widths[1]}"


# --- the journeys -----------------------------------------------------------------------------------------------


def test_two_personalized_lines_in_the_cart(page: Page, sandbox, tmp_path):
    element = open_personalize(page, "classic-business-card", "250 cards, gloss")
    expect(element.locator("input[type=text]")).not_to_have_count(0)
    add_design_to_cart(page, element, "Ada Lovelace")

    first = cart_line(page, "Classic business card")
    expect(page.locator("tr.cart-line")).to_have_count(1)
    expect(first).to_contain_text("250 cards, gloss")
    expect(first.locator(".line-total")).to_have_text("$54.00")
    expect(first.locator(".badge")).to_have_text("Your design")
    thumb = first.locator("img.cart-thumb")
    expect(thumb).to_have_attribute("src", re.compile("^" + re.escape(sandbox.url) + r"/.+/preview\.svg$"))
    expect_image_loaded(thumb)

    personalize_into_cart(page, "photo-mug", "15 oz, white", "Tea time")

    expect(page.locator("tr.cart-line")).to_have_count(2)
    mug = cart_line(page, "Personal mug")
    expect(mug.locator(".line-total")).to_have_text("$17.00")
    expect(first.locator(".line-total")).to_have_text("$54.00")
    expect(page.locator(".cart-total")).to_have_text("$71.00")
    mug_thumb = mug.locator("img.cart-thumb")
    expect_image_loaded(mug_thumb)
    assert thumb.get_attribute("src") != mug_thumb.get_attribute("src")
    assert "Ada Lovelace" in preview_text(page, thumb)
    assert "Tea time" in preview_text(page, mug_thumb)
    page.screenshot(path=tmp_path / "cart.png", full_page=True)


def test_edit_design_from_the_cart(page: Page):
    personalize_into_cart(page, "bold-business-card", "500 cards", "First draft")
    line = page.locator("tr.cart-line")
    expect(line).to_have_count(1)
    old_src = line.locator("img.cart-thumb").get_attribute("src")

    line.get_by_role("link", name="Edit design").click()
    page.wait_for_url(re.compile(r"/products/bold-business-card/personalize\?.*line="))
    expect(page.get_by_role("heading", name="Edit your design")).to_be_visible()
    element = editor(page)
    expect(element.locator("input[type=text]").first).to_have_value("First draft", timeout=TIMEOUT_MS)
    add_design_to_cart(page, element, "Final version")

    expect(line).to_have_count(1)
    expect(line.locator(".line-total")).to_have_text("$89.00")
    thumb = line.locator("img.cart-thumb")
    expect(thumb).not_to_have_attribute("src", old_src)
    expect_image_loaded(thumb)
    assert "Final version" in preview_text(page, thumb)


def test_guest_designs_then_registers(page: Page):
    personalize_into_cart(page, "wedding-invitation", "25 invitations", "Sam & Alex")
    expect(page.locator("tr.cart-line")).to_have_count(1)

    page.get_by_role("link", name="Register").click()
    page.wait_for_url(re.compile(r"/account/register"))
    page.get_by_label("Email", exact=True).fill("new.shopper@example.com")
    page.get_by_label("Your name").fill("New Shopper")
    page.locator("#password").fill("correct horse battery")
    page.locator("#confirm").fill("correct horse battery")
    page.get_by_role("button", name="Create account").click()

    expect(page.get_by_text("Hi, New Shopper")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    page.goto("/cart/")
    line = page.locator("tr.cart-line")
    expect(line).to_have_count(1)
    expect(line).to_contain_text("Wedding invitation")

    page.goto("/account/designs")
    card = page.locator(".design-card")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("Wedding invitation")
    card.get_by_role("link", name="Open").click()
    page.wait_for_url(re.compile(r"/products/wedding-invitation/personalize\?.*design="))
    expect(editor(page).locator("input[type=text]").first).to_have_value("Sam & Alex", timeout=TIMEOUT_MS)


def test_checkout_until_the_print_file_is_ready(page: Page, sandbox, worker, tmp_path):
    # Rendering takes a few seconds, so the order page is seen before the files are ready.
    sandbox.configure(pending_seconds=2, processing_seconds=2)
    personalize_into_cart(page, "classic-business-card", "100 cards, matte", "Grace Hopper")
    page.goto("/products/kraft-envelopes")
    page.locator("label.variant-option", has_text="Pack of 25").locator("input[type=radio]").check()
    page.get_by_label("Quantity").fill("2")
    page.get_by_role("button", name="Add to cart").click()
    page.wait_for_url(re.compile(r"/cart/?$"))
    expect(page.locator("tr.cart-line")).to_have_count(2)
    expect(page.locator(".cart-total")).to_have_text("$42.00")

    page.get_by_role("link", name="Checkout").click()
    page.wait_for_url(re.compile(r"/checkout"))
    page.get_by_label("Email", exact=True).fill("grace@example.com")
    page.get_by_label("Your name").fill("Grace Hopper")
    fill_shipping_address(page)
    page.get_by_role("button", name="Place order").click()
    page.wait_for_url(re.compile(r"/orders/PS-[0-9]+$"))  # the key is in the order's cookie, not the URL

    pill = page.locator("[data-status-pill]")
    expect(pill).to_have_text(re.compile("^(Placed|Preparing print files)$"))
    expect(page.locator("[data-order-status-url]")).to_have_attribute("data-final", "false")
    expect(page.locator(".order-total")).to_have_text("$47.95")  # $42.00 and Standard shipping to the US
    # The page's own script polls the order's status: no reload from here on.
    page.evaluate("() => { window.__sameDocument = true; }")
    expect(pill).to_have_text("Ready to print", timeout=READY_TIMEOUT_MS)
    expect(page.locator("[data-status-text]")).to_have_text(re.compile("print files are ready"))
    assert page.evaluate("() => window.__sameDocument === true"), "the order page reloaded"

    link = page.locator("[data-file-list] a", has_text="Download")
    expect(link).to_have_count(1)
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes()[:4] == b"%PDF"

    # The proof arrives a moment later, still without a reload: the first page of the 85 x 55 mm card, opening the PDF.
    proof = page.locator("[data-file-list] a.proof-link img[data-proof]")
    expect(proof).to_be_visible(timeout=READY_TIMEOUT_MS)
    expect_image_loaded(proof)
    width, height = proof.evaluate("(image) => [image.naturalWidth, image.naturalHeight]")
    assert (width, height) == (480, 311)
    expect(page.locator("[data-proof-summary]")).to_have_text("1 page · 3.35 × 2.17 in (85 × 55 mm)")
    assert page.evaluate("() => window.__sameDocument === true"), "the order page reloaded"
    opens = page.locator("a.proof-link")
    expect(opens).to_have_attribute("target", "_blank")
    opened = page.request.get(opens.get_attribute("href"))
    assert opened.ok and opened.headers["content-type"] == "application/pdf"
    assert opened.headers["content-disposition"].startswith("inline") and opened.body()[:4] == b"%PDF"


def test_unknown_product_shows_the_shop_404_page(page: Page):
    response = page.goto("/products/no-such-product")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    expect(page.locator("header.site-header")).to_be_visible()
    expect(page.get_by_role("link", name="Back to the shop")).to_be_visible()


def test_editor_page_when_the_hub_is_unreachable(page: Page, app):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))  # bound but not listening: connections are refused
        app.config["CCHUB_API_URL"] = f"http://127.0.0.1:{closed.getsockname()[1]}"
        app.extensions.pop("hub", None)

        response = page.goto("/products/classic-business-card/personalize")
        assert response.status == 503
        expect(page.get_by_role("heading", name="The design editor is taking a break")).to_be_visible()
        expect(page.locator("header.site-header")).to_be_visible()
        try_again = page.get_by_role("link", name="Try again")
        expect(try_again).to_have_attribute("href", re.compile(r"/products/classic-business-card/personalize"))


def test_phone_viewport_has_no_horizontal_scroll(phone_page: Page, tmp_path):
    page = phone_page
    page.goto("/products/classic-business-card")
    expect(page.get_by_role("button", name="Personalize")).to_be_visible()
    assert_no_horizontal_scroll(page)

    personalize_into_cart(page, "classic-business-card", "100 cards, matte", "On the go")
    page.goto("/products/kraft-envelopes")
    page.get_by_role("button", name="Add to cart").click()
    page.wait_for_url(re.compile(r"/cart/?$"))
    expect(page.locator("tr.cart-line")).to_have_count(2)
    page.screenshot(path=tmp_path / "phone-cart.png", full_page=True)
    assert_no_horizontal_scroll(page)


def test_phone_cart_product_details_do_not_run_under_the_quantity_field(phone_page: Page):
    page = phone_page
    personalize_into_cart(page, "classic-business-card", "100 cards, matte", "On the go")
    line = page.locator("tr.cart-line")
    expect(line).to_have_count(1)
    details = line.locator(".cart-product > div").bounding_box()
    quantity = line.locator(".quantity-form").bounding_box()
    top, bottom = details["y"], details["y"] + details["height"]
    side_by_side = top < quantity["y"] + quantity["height"] and quantity["y"] < bottom
    overflow = line.locator(".cart-product").evaluate("e => e.scrollWidth - e.clientWidth")
    assert overflow <= 0, f"the product details are {overflow}px wider than their cell"
    assert not side_by_side or details["x"] + details["width"] <= quantity["x"], (details, quantity)
