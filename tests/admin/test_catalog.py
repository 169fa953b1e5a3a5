"""The owner's catalog pages: add and edit categories, products (with an image) and variants; safe removal;
seed-demo leaves the owner's changes alone."""

import io
import random
import re
from html import unescape

import pytest
from PIL import Image

from storefront.catalog.demo import seed_demo
from storefront.catalog.models import Category, ProductGroup, ProductVariant
from storefront.checkout.placing import CheckoutError
from storefront.extensions import db
from tests.fixtures.pages import csrf_token_from, flashes

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def form_page(owner, url):
    response = owner.client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def submit(owner, url, fields, files=None):
    """GET the form, then POST it with its CSRF token; returns the response (not followed)."""
    data = {"csrf_token": csrf_token_from(form_page(owner, url)), **fields}
    if files:
        data.update(files)
    return owner.client.post(url, data=data, content_type="multipart/form-data" if files else None)


def field_errors(html):
    return [
        unescape(re.sub(r"\s+", " ", text).strip())
        for text in re.findall(r'<p class="field-error"[^>]*>(.*?)</p>', html)
    ]


def row(model, **key):
    db.session.expire_all()
    return db.session.execute(db.select(model).filter_by(**key)).scalar_one_or_none()


@pytest.fixture
def category(app):
    found = Category(name="Stickers", slug="stickers", position=9)
    db.session.add(found)
    db.session.commit()
    return found


def new_product(owner, category, **fields):
    values = {
        "name": "Round sticker",
        "slug": "round-sticker",
        "category_id": str(category.id),
        "description": "Glossy vinyl.",
        "hub_reference": "",
        "visible": "y",
        "position": "0",
        **fields,
    }
    return submit(owner, "/admin/catalog/products/new", values)


def new_variant(owner, group, **fields):
    values = {"sku": "STK-ROUND-50", "name": "50 stickers", "price": "12.50", "active": "y", "options": "", **fields}
    return submit(owner, f"/admin/catalog/products/{group.id}/variants/new", values)


def test_a_category_form_with_mistakes_keeps_the_input_and_says_what_is_wrong(owner, category):
    response = submit(owner, "/admin/catalog/categories/new", {"name": "", "slug": "Bad Slug!", "position": "-3"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    errors = field_errors(html)
    assert "Give the category a name." in errors
    assert any("lower-case letters" in e for e in errors)
    assert "Use a number from 0 to 10000." in errors
    assert 'value="Bad Slug!"' in html
    taken = submit(owner, "/admin/catalog/categories/new", {"name": "More stickers", "slug": "stickers"})
    assert taken.status_code == 400
    assert "Another category already uses 'stickers'." in field_errors(taken.get_data(as_text=True))
    assert db.session.scalar(db.select(db.func.count()).select_from(Category)) == 1


def test_the_owner_adds_a_product_with_an_image_and_a_variant_and_shoppers_see_it(owner, category, client):
    response = new_product(owner, category, image=(io.BytesIO(PNG), "sticker.png"))
    assert response.status_code == 302, field_errors(response.get_data(as_text=True))
    group = row(ProductGroup, slug="round-sticker")
    assert group.image.startswith("media/products/") and group.image.endswith(".png")
    response = new_variant(owner, group, options="finish: gloss\nshape: round")
    assert response.status_code == 302
    variant = row(ProductVariant, sku="STK-ROUND-50")
    assert variant.price_cents == 1250 and variant.options == {"finish": "gloss", "shape": "round"}

    page = client.get("/products/round-sticker").get_data(as_text=True)
    assert "Round sticker" in page and "$12.50" in page
    image_url = re.search(
        r'<img src="(/media/products/[^"]+)"', client.get("/categories/stickers").get_data(as_text=True)
    )
    assert image_url, "the category page shows the uploaded image"
    served = client.get(image_url.group(1))
    assert served.status_code == 200 and served.data == PNG


def noise_png(size):
    """A real PNG of random pixels about `size` bytes long (noise does not compress)."""
    side = int((size / 3) ** 0.5)
    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), random.Random(7).randbytes(side * side * 3)).save(out, "PNG")
    return out.getvalue()


def test_the_owner_uploads_a_photo_of_one_and_a_half_megabytes_and_shoppers_see_it(owner, category, client, app):
    photo = noise_png(1_500_000)
    assert app.config["MAX_CONTENT_LENGTH"] < len(photo) < app.config["PRODUCT_IMAGE_MAX_BYTES"]
    response = new_product(owner, category, image=(io.BytesIO(photo), "photo.png"))
    assert response.status_code == 302, response.status_code
    new_variant(owner, row(ProductGroup, slug="round-sticker"))
    image_url = re.search(
        r'<img src="(/media/products/[^"]+)"', client.get("/categories/stickers").get_data(as_text=True)
    )
    assert image_url, "the category page shows the uploaded image"
    assert client.get(image_url.group(1)).data == photo


def test_bodies_past_max_content_length_are_refused_everywhere_but_the_owners_product_form(
    owner, category, client, app
):
    body = b"x" * 1_500_000
    assert len(body) > app.config["MAX_CONTENT_LENGTH"]
    category_form = {"csrf_token": csrf_token_from(form_page(owner, "/admin/catalog/categories/new"))}
    response = owner.client.post("/admin/catalog/categories/new", data={**category_form, "name": body.decode()})
    assert response.status_code == 413
    token = csrf_token_from(client.get("/").get_data(as_text=True))
    response = client.post("/cart/items", data={"csrf_token": token, "sku": body.decode()})
    assert response.status_code == 413
    # A visitor's upload to the product form is not read past the shop's limit either (the owner's would be).
    upload = {"csrf_token": token, "image": (io.BytesIO(body), "photo.png")}
    response = client.post("/admin/catalog/products/new", data=upload, content_type="multipart/form-data")
    assert response.status_code == 413
    # Past the image limit, the owner's upload is refused whole: nothing is saved.
    too_big = noise_png(app.config["PRODUCT_IMAGE_MAX_BYTES"] + 200_000)
    response = new_product(owner, category, image=(io.BytesIO(too_big), "poster.png"))
    assert response.status_code == 413
    assert row(ProductGroup, slug="round-sticker") is None


def test_an_uploaded_image_is_served_by_another_web_host_sharing_only_the_database(
    owner, category, app_config, tmp_path
):
    from storefront import create_app

    new_product(owner, category, image=(io.BytesIO(PNG), "sticker.png"))
    url = "/" + row(ProductGroup, slug="round-sticker").image
    other_host = create_app({**app_config, "INSTANCE_PATH": str(tmp_path / "host-2"), "MEDIA_DIR": str(tmp_path / "x")})
    client = other_host.test_client()
    served = client.get(url)
    assert served.status_code == 200 and served.data == PNG
    assert served.content_type == "image/png"
    assert "immutable" in served.headers["Cache-Control"]
    assert client.get(url, headers={"If-None-Match": served.headers["ETag"]}).status_code == 304
    assert client.get("/media/products/0123456789abcdef01234567.png").status_code == 404


def test_an_upload_that_is_not_an_image_or_too_large_is_refused(owner, category, app):
    response = new_product(owner, category, image=(io.BytesIO(b"<script>alert(1)</script>"), "evil.png"))
    assert response.status_code == 400
    assert "That file is not a PNG, JPEG or WebP image." in field_errors(response.get_data(as_text=True))
    app.config["PRODUCT_IMAGE_MAX_BYTES"] = 1024
    response = new_product(owner, category, image=(io.BytesIO(PNG + b"\x00" * 2048), "big.png"))
    assert response.status_code == 400
    assert any("larger than" in e for e in field_errors(response.get_data(as_text=True)))
    assert row(ProductGroup, slug="round-sticker") is None


def test_variant_rules_unique_sku_two_decimals_and_readable_options(owner, demo_catalog):
    group = row(ProductGroup, slug="photo-mug")
    response = new_variant(owner, group, sku="MUG-11OZ-WHITE", price="9.999", options="no colon here")
    assert response.status_code == 400
    errors = field_errors(response.get_data(as_text=True))
    assert "Another variant already uses 'MUG-11OZ-WHITE'." in errors
    assert "Use at most two decimals." in errors
    assert any(e.startswith("Line 1: write each option as name: value") for e in errors)


def test_a_price_change_shows_on_the_next_product_page(owner, demo_catalog, client):
    variant = row(ProductVariant, sku="MUG-11OZ-WHITE")
    before = client.get("/products/photo-mug").get_data(as_text=True)
    assert "$43.21" not in before
    url = f"/admin/catalog/variants/{variant.id}"
    page = form_page(owner, url)
    assert 'value="MUG-11OZ-WHITE"' in page
    response = submit(owner, url, {"sku": variant.sku, "name": variant.name, "price": "43.21", "active": "y"})
    assert response.status_code == 302
    assert "$43.21" in client.get("/products/photo-mug").get_data(as_text=True)


def test_removing_what_carts_or_orders_use_hides_it_instead(owner, demo_catalog, shopper, place, client):
    shopper.personalize_into_cart("photo-mug")
    place()
    mug = row(ProductGroup, slug="photo-mug")
    variant = mug.variants[0]
    token = csrf_token_from(form_page(owner, f"/admin/catalog/products/{mug.id}"))

    response = owner.client.post(
        f"/admin/catalog/variants/{variant.id}/remove", data={"csrf_token": token}, follow_redirects=True
    )
    assert f"{variant.sku} is in carts or orders, so it was made inactive instead of removed." in flashes(
        response.get_data(as_text=True)
    )
    assert row(ProductVariant, sku=variant.sku).active is False

    response = owner.client.post(
        f"/admin/catalog/products/{mug.id}/remove", data={"csrf_token": token}, follow_redirects=True
    )
    assert any("hidden from the shop instead of removed" in f for f in flashes(response.get_data(as_text=True)))
    assert row(ProductGroup, slug="photo-mug").visible is False
    assert client.get("/products/photo-mug").status_code == 404
    cart_add = shopper.client.post(
        "/cart/items", data={"csrf_token": shopper.csrf(), "sku": variant.sku, "quantity": 1}, follow_redirects=True
    )
    assert "That product option is no longer sold." in " ".join(flashes(cart_add.get_data(as_text=True)))
    assert row(ProductVariant, sku=variant.sku) is not None

    category = row(Category, slug="mugs")
    response = owner.client.post(
        f"/admin/catalog/categories/{category.id}/remove", data={"csrf_token": token}, follow_redirects=True
    )
    assert any("move or remove them first" in f for f in flashes(response.get_data(as_text=True)))
    assert row(Category, slug="mugs") is not None


def test_removing_an_unused_product_deletes_it_and_its_variants(owner, category):
    new_product(owner, category)
    group = row(ProductGroup, slug="round-sticker")
    new_variant(owner, group)
    token = csrf_token_from(form_page(owner, f"/admin/catalog/products/{group.id}"))
    owner.client.post(f"/admin/catalog/products/{group.id}/remove", data={"csrf_token": token})
    assert row(ProductGroup, slug="round-sticker") is None and row(ProductVariant, sku="STK-ROUND-50") is None
    owner.client.post(f"/admin/catalog/categories/{category.id}/remove", data={"csrf_token": token})
    assert row(Category, slug="stickers") is None


def test_catalog_posts_without_a_csrf_token_change_nothing(owner, category):
    response = owner.client.post(f"/admin/catalog/categories/{category.id}/remove")
    assert response.status_code == 400
    assert row(Category, slug="stickers") is not None
    response = owner.client.post("/admin/catalog/categories/new", data={"name": "X", "slug": "x"})
    assert response.status_code == 400
    assert row(Category, slug="x") is None


def test_seed_demo_never_overwrites_the_owners_changes(owner, demo_catalog, category):
    mug = row(ProductGroup, slug="photo-mug")
    url = f"/admin/catalog/products/{mug.id}"
    fields = {"name": "Our own mug", "slug": "photo-mug", "category_id": str(mug.category_id)}
    fields.update({"hub_reference": mug.hub_reference, "visible": "y", "description": "Owner's words."})
    assert submit(owner, url, fields).status_code == 302
    new_product(owner, category)
    untouched = row(ProductGroup, slug="classic-business-card")
    untouched.name = "Changed behind seed-demo's back"  # as a shell edit would
    db.session.commit()

    seed_demo()
    assert row(ProductGroup, slug="photo-mug").name == "Our own mug"
    assert row(ProductGroup, slug="photo-mug").description == "Owner's words."
    assert row(ProductGroup, slug="round-sticker").name == "Round sticker"
    assert row(ProductGroup, slug="classic-business-card").name != "Changed behind seed-demo's back"


def test_the_catalog_page_lists_every_product_with_its_state_and_no_secret(owner, demo_catalog, app):
    mug = row(ProductGroup, slug="photo-mug")
    mug.visible = False
    db.session.commit()
    html = form_page(owner, "/admin/catalog")
    for group in db.session.execute(db.select(ProductGroup)).scalars():
        assert f'data-product="{group.slug}"' in html
    assert re.search(r'data-product="photo-mug">.*?<td>hidden</td>', html, re.S)
    assert 'aria-current="page" class="is-active">Catalog</a>' in html
    for name in ("SECRET_KEY", "CCHUB_CLIENT_SECRET", "HUB_WEBHOOK_SECRET"):
        assert app.config[name] not in html


def test_checkout_refuses_a_cart_line_whose_variant_was_withdrawn(owner, demo_catalog, shopper, place):
    shopper.personalize_into_cart("photo-mug")
    for variant in row(ProductGroup, slug="photo-mug").variants:
        url = f"/admin/catalog/variants/{variant.id}"
        fields = {"sku": variant.sku, "name": variant.name, "price": f"{variant.price_cents / 100:.2f}"}  # not on sale
        assert submit(owner, url, fields).status_code == 302
    with pytest.raises(CheckoutError, match="No longer sold: "):
        place()
