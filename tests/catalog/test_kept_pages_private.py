"""Kept pages never show one visitor what is another's: every kept page (home, category, product, cart, the
personalize page's frame) shown in turn to two guests and two customers, twice (the second time from the kept
copies), carries each visitor's own name, cart, session token and editor identity and nothing of the others'. A kept
page that reads anything per visitor it was not given fails instead of leaking (storefront/rendered_pages.py)."""

import re
import uuid

import pytest
from jinja2 import ChoiceLoader, DictLoader

from storefront.cart.models import CartLine
from storefront.catalog.models import ProductVariant
from storefront.extensions import db
from storefront.rendered_pages import KeptPageError, kept_pages, render_page
from storefront.shoppers import accounts
from storefront.shoppers.identity import GUEST_ID_KEY
from tests.fixtures.pages import csrf_token_from

PAGES = {
    "home": "/",
    "category": "/categories/mugs",
    "product": "/products/photo-mug",
    "cart": "/cart/",
    "personalize": "/products/photo-mug/personalize",
}
ADMIN_LINK = 'href="/admin/orders"'


@pytest.fixture
def app_config(sandbox_app_config):
    return sandbox_app_config


class Visitor:
    """A browser of its own, with a cart line whose preview and id are nobody else's."""

    def __init__(self, app, label, customer=None):
        self.client = app.test_client()
        self.label = label
        self.customer = customer
        self.marker = f"{label}-{uuid.uuid4().hex[:12]}"
        self.pages = {}

    def fill_cart(self, owner):
        variant = db.session.execute(db.select(ProductVariant).filter_by(sku="MUG-15OZ-WHITE")).scalar_one()
        line = CartLine(
            **owner,
            variant=variant,
            quantity=3,
            design_ids=[f"design-{self.marker}"],
            preview_url=f"https://previews.example/{self.marker}.png",
        )
        db.session.add(line)
        db.session.commit()
        self.line_id = line.id

    def secrets(self):
        """What only this visitor's pages may show."""
        found = {self.marker, f"line={self.line_id}", self.storefront_user_id}
        found |= {csrf_token_from(html) for html in self.pages.values()}
        if self.customer is not None:
            found |= {f"Hi, {self.customer.name}", self.customer.email}
            if self.customer.is_admin:
                found.add(ADMIN_LINK)
        return found

    def visit(self):
        for name, url in PAGES.items():
            response = self.client.get(url, follow_redirects=True)
            assert response.status_code == 200, (self.label, url, response.status_code)
            self.pages[name] = response.get_data(as_text=True)


def guest(app, label):
    visitor = Visitor(app, label)
    visitor.storefront_user_id = f"guest-{uuid.uuid4()}"
    with visitor.client.session_transaction() as session:
        session[GUEST_ID_KEY] = visitor.storefront_user_id
    visitor.fill_cart({"anonymous_id": visitor.storefront_user_id})
    return visitor


def customer(app, label, name, admin=False):
    registered = accounts.register_customer(f"{label}@example.com", name, "long-enough-password")
    if admin:
        accounts.set_admin(registered.id, True)
    visitor = Visitor(app, label, accounts.find_by_email(registered.email))
    visitor.storefront_user_id = f"customer-{registered.id}"
    page = visitor.client.get("/account/login").get_data(as_text=True)
    form = {"csrf_token": csrf_token_from(page), "email": registered.email, "password": "long-enough-password"}
    welcome = visitor.client.post("/account/login", data=form, follow_redirects=True)  # shows its flashed welcome
    assert f"Welcome back, {name}" in welcome.get_data(as_text=True)
    visitor.fill_cart({"user_id": registered.id})
    return visitor


def test_no_kept_page_shows_one_visitor_anything_of_another(app, sandbox, demo_catalog):
    visitors = [
        guest(app, "guest-one"),
        guest(app, "guest-two"),
        customer(app, "zebulon", "Zebulon Quill", admin=True),
        customer(app, "xanthe", "Xanthe Marlow"),
    ]
    for visitor in visitors:
        visitor.visit()
    kept_after_first_round = len(kept_pages())
    for visitor in visitors:
        visitor.visit()
    # The second round came from the kept copies: nothing new was rendered and kept.
    assert len(kept_pages()) == kept_after_first_round

    for visitor in visitors:
        everything = "\n".join(visitor.pages.values())
        if visitor.customer is not None:
            assert all(f"Hi, {visitor.customer.name}" in html for html in visitor.pages.values()), visitor.label
        assert visitor.marker in visitor.pages["cart"] and f"line={visitor.line_id}" in visitor.pages["cart"]
        assert visitor.storefront_user_id in visitor.pages["personalize"]
        for other in visitors:
            if other is not visitor:
                leaked = sorted(secret for secret in other.secrets() if secret in everything)
                assert leaked == [], f"{visitor.label}'s pages show {other.label}'s {leaked}"


@pytest.fixture
def probe(app):
    """A kept page template whose content is `snippet`, rendered by render_page for a guest."""

    def render(snippet, greeting="hello"):
        templates = {"kept_probe.html": "{% extends 'base.html' %}{% block content %}" + snippet + "{% endblock %}"}
        app.jinja_env.loader = ChoiceLoader([DictLoader(templates), app.jinja_env.loader])
        with app.test_request_context("/probe"):
            return render_page("kept_probe.html", {"greeting": greeting})

    return render


def test_a_kept_page_renders_what_it_was_given(probe, demo_catalog):
    assert re.search(r"<main[^>]*>.*hello", probe("{{ greeting }}"), re.S)


@pytest.mark.parametrize(
    "snippet",
    [
        "{{ current_user.name }}",  # the signed-in customer: only `visitor` says who is looking
        "{{ session.get('guest_storefront_user') }}",
        "{{ request.args.get('q') }}",  # the raw query string: the view resolves it into page_url
        "{{ request.cookies }}",
        "{{ g.anything }}",
        "{{ cart_count }}",  # a value given to other pages by a context processor
        "{{ config.SECRET_KEY }}",
        "{{ url_for('catalog.home', _external=True) }}",  # names the host the visitor sent
    ],
)
def test_a_kept_page_that_reads_what_it_was_not_given_fails_instead_of_leaking(app, probe, demo_catalog, snippet):
    app.context_processor(lambda: {"cart_count": 3})
    with pytest.raises(KeptPageError):
        probe(snippet)


@pytest.mark.parametrize("greeting", [{"text": "hello"}, ["hello"], lambda: "hello", "ORM row"])
def test_a_kept_page_refuses_an_input_its_key_cannot_hold(probe, demo_catalog, greeting):
    if greeting == "ORM row":  # it could load more than its key says, and change after the page is kept
        greeting = db.session.execute(db.select(ProductVariant)).scalars().first()
    with pytest.raises(KeptPageError, match="greeting"):
        probe("{{ greeting }}", greeting)
