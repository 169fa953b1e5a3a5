"""Every editor the Hub can name, tried as a shopper would: design, edit from the cart, register, check out, print.

Each journey ends in the print file: the PDF the Hub rendered carries the edited text, not the first draft.
"""

import io
import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Locator, Page, expect
from pypdf import PdfReader

from tests.fixtures.browser import fill_shipping_address

pytestmark = pytest.mark.browser

TIMEOUT_MS = 10_000
READY_TIMEOUT_MS = 30_000


@dataclass(frozen=True)
class EditorKind:
    """How a shopper works one kind of editor: where it is, how its text is typed and its design handed over."""

    slug: str
    product: str
    variant: str
    element: str  # the selector of the editor's root
    submit: str  # the label of its Add to cart button
    approve: bool = False  # the Simple Editor wants "I approve this design" ticked

    def root(self, page: Page) -> Locator:
        return page.locator(self.element)

    def first_line(self, page: Page) -> Locator:
        return self.root(page).locator("input[type=text]").first

    def finish(self, page: Page, text: str):
        self.first_line(page).fill(text)
        if self.approve:
            self.root(page).get_by_label("I approve this design").check()
        self.root(page).get_by_role("button", name=self.submit).click()
        page.wait_for_url(re.compile(r"/cart/?$"), timeout=TIMEOUT_MS)


KINDS = [
    EditorKind("classic-business-card", "Classic business card", "250 cards, gloss", "au-handy-editor", "Add to cart"),
    EditorKind("travel-mug", "Travel mug", "12 oz, white", "au-handy-editor-3d", "Add to cart"),
    EditorKind("thank-you-card", "Thank-you card", "25 cards", "au-simple-editor", "Add to cart", approve=True),
    EditorKind("event-poster", "Event poster", "10 posters", "#editor-mount", "Finish design"),
]


def open_personalize(page: Page, kind: EditorKind):
    page.goto(f"/products/{kind.slug}")
    page.locator("label.variant-option", has_text=kind.variant).locator("input[type=radio]").check()
    page.get_by_role("button", name="Personalize").click()
    page.wait_for_url(re.compile(rf"/products/{kind.slug}/personalize\?"))
    expect(kind.first_line(page)).to_be_visible(timeout=TIMEOUT_MS)


def preview_text(page: Page, image: Locator) -> str:
    response = page.request.get(image.get_attribute("src"))
    assert response.ok, response.status
    return response.text()


def register(page: Page, email: str):
    page.get_by_role("link", name="Register").click()
    page.wait_for_url(re.compile(r"/account/register"))
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Your name").fill("Robin Shopper")
    page.locator("#password").fill("correct horse battery")
    page.locator("#confirm").fill("correct horse battery")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("Hi, Robin Shopper")).to_be_visible()


def checkout_and_download(page: Page) -> bytes:
    page.goto("/cart/")
    page.get_by_role("link", name="Checkout").click()
    page.wait_for_url(re.compile(r"/checkout"))
    fill_shipping_address(page)
    page.get_by_role("button", name="Place order").click()
    page.wait_for_url(re.compile(r"/orders/[^/?]+"))
    expect(page.locator("[data-status-pill]")).to_have_text("Ready to print", timeout=READY_TIMEOUT_MS)
    link = page.locator("[data-file-list] a", has_text="Download")
    expect(link).to_have_count(1)
    response = page.request.get(link.get_attribute("href"))
    assert response.ok, response.status
    return response.body()


@pytest.mark.parametrize("kind", KINDS, ids=[kind.element.strip("#") for kind in KINDS])
def test_design_edit_register_and_print_with_each_editor(page: Page, sandbox, worker, kind: EditorKind):
    sandbox.configure(pending_seconds=0.5, processing_seconds=0.5)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    open_personalize(page, kind)
    kind.finish(page, "First draft")
    line = page.locator("tr.cart-line")
    expect(line).to_have_count(1)
    expect(line).to_contain_text(kind.variant)
    first_thumb = line.locator("img.cart-thumb").get_attribute("src")

    line.get_by_role("link", name="Edit design").click()
    page.wait_for_url(re.compile(rf"/products/{kind.slug}/personalize\?.*line="))
    expect(page.get_by_role("heading", name="Edit your design")).to_be_visible()
    expect(kind.first_line(page)).to_have_value("First draft", timeout=TIMEOUT_MS)
    kind.finish(page, "Final words")

    expect(line).to_have_count(1)
    thumb = line.locator("img.cart-thumb")
    expect(thumb).not_to_have_attribute("src", first_thumb)
    assert "Final words" in preview_text(page, thumb)

    register(page, f"{kind.slug}@example.com")
    pdf = PdfReader(io.BytesIO(checkout_and_download(page)))
    text = " ".join(p.extract_text() for p in pdf.pages)
    assert "Final words" in text and "First draft" not in text
    assert errors == []


def test_a_long_session_gets_a_new_token_and_the_design_still_saves(page: Page, sandbox):
    # Storefront tokens that live 8 s: the page renews its token at three quarters of that, before it expires.
    sandbox.configure(user_token_ttl=8)
    kind = KINDS[0]
    open_personalize(page, kind)
    for _ in range(2):  # the second renewal comes after the first token has expired
        with page.expect_response(re.compile(r"/editor/token$"), timeout=TIMEOUT_MS) as renewal:
            pass
        assert renewal.value.ok
    kind.finish(page, "Still here")
    line = page.locator("tr.cart-line")
    expect(line).to_have_count(1)
    assert "Still here" in preview_text(page, line.locator("img.cart-thumb"))


def test_an_editor_the_store_cannot_mount_gets_a_clear_page(page: Page, app, monkeypatch):
    from storefront.hub import PersonalizationWorkflow, get_hub

    workflow = PersonalizationWorkflow(9, "DesignEditor", {"editorConfig": {}})
    monkeypatch.setattr(get_hub(), "get_personalization_workflow", lambda ref: workflow)
    page.goto("/products/photo-mug/personalize")
    expect(page.get_by_role("heading", name="This product can't be personalized here yet")).to_be_visible()
    expect(page.get_by_role("link", name="Back to Personal mug")).to_be_visible()
