"""The cart: editor designs and plain products, checked against the shopper and the catalog."""

from storefront.cart.models import CartLine
from storefront.extensions import db
from storefront.shoppers.models import SavedDesign


def cart_lines():
    return db.session.execute(db.select(CartLine).order_by(CartLine.id)).scalars().all()


def test_design_added_from_the_editor_shows_in_the_cart_with_its_preview(shopper):
    detail = shopper.personalize_into_cart("classic-business-card", lines=("Ada Lovelace",), quantity=2)
    (line,) = cart_lines()
    assert line.variant.sku == "BC-CLASSIC-100-MATTE"
    assert line.quantity == 2
    assert line.design_ids == detail["properties"]["_stateId"]
    assert line.key == detail["key"]
    page = shopper.client.get("/cart/").get_data(as_text=True)
    assert detail["properties"]["_hidden"]["images"][0] in page
    assert "$58.00" in page  # 2 x $29.00
    assert "Edit design" in page
    saved = db.session.execute(db.select(SavedDesign)).scalar_one()
    assert saved.state_id == detail["properties"]["_stateId"][0]


def test_forged_user_id_is_refused(shopper):
    detail = shopper.design(shopper.open_editor("photo-mug"))
    detail["properties"]["_userId"] = "guest-someone-else"
    response = shopper.add_to_cart(detail)
    assert response.status_code == 403
    assert "another shopper" in response.get_json()["error"]
    assert cart_lines() == []


def test_post_without_csrf_token_is_refused(shopper):
    detail = shopper.design(shopper.open_editor("photo-mug"))
    response = shopper.add_to_cart(detail, csrf=False)
    assert response.status_code == 400
    assert cart_lines() == []


def test_unknown_sku_gets_a_clear_error(shopper):
    detail = shopper.design(shopper.open_editor("photo-mug"))
    detail["sku"] = "MUG-99OZ-GOLD"
    response = shopper.add_to_cart(detail)
    assert response.status_code == 400
    assert "unknown SKU" in response.get_json()["error"]


def test_sku_of_another_product_is_refused(shopper):
    detail = shopper.design(shopper.open_editor("photo-mug"))
    detail["sku"] = "BC-BOLD-100"
    response = shopper.add_to_cart(detail)
    assert response.status_code == 400
    assert "does not belong" in response.get_json()["error"]


def test_quantity_outside_1_to_999_is_refused(shopper):
    config = shopper.open_editor("photo-mug")
    for quantity in (0, 1000, "lots"):
        detail = shopper.design(config, quantity=quantity)
        response = shopper.add_to_cart(detail)
        assert response.status_code == 400
        assert "Quantity" in response.get_json()["error"]
    assert cart_lines() == []


def test_two_designs_of_one_sku_are_two_lines_each_with_its_preview(shopper):
    first = shopper.personalize_into_cart("photo-mug", lines=("Mum",))
    second = shopper.personalize_into_cart("photo-mug", lines=("Dad",))
    lines = cart_lines()
    assert [line.variant.sku for line in lines] == ["MUG-11OZ-WHITE", "MUG-11OZ-WHITE"]
    assert lines[0].preview_url != lines[1].preview_url
    assert [line.key for line in lines] == [first["key"], second["key"]]


def test_edit_design_from_the_cart_replaces_the_same_line(shopper):
    shopper.personalize_into_cart("wedding-invitation", lines=("Jamie & Robin",))
    (line,) = cart_lines()
    saved_id = line.saved_design_id
    config = shopper.open_editor("wedding-invitation", line=line.id)
    assert config["input"]["designId"] == line.state_id
    assert "key" not in config["input"]
    edited = shopper.design(config, lines=("Jamie & Robin", "12 June"), quantity=3)
    # As the Hub documents it: a new key, the same as the new state id; the store still knows the line.
    assert edited["key"] == edited["properties"]["_stateId"][0] != line.key
    assert shopper.add_to_cart(edited).status_code == 201
    db.session.expire_all()
    (replaced,) = cart_lines()
    assert replaced.id == line.id
    assert replaced.quantity == 3
    assert replaced.design_ids == edited["properties"]["_stateId"]
    (saved,) = db.session.execute(db.select(SavedDesign)).scalars().all()
    assert saved.id == saved_id
    assert saved.state_id == edited["properties"]["_stateId"][0]


def test_an_edit_page_of_another_shopper_cannot_replace_my_line(app, shopper):
    shopper.personalize_into_cart("photo-mug")
    (line,) = cart_lines()
    their_page = shopper.open_editor("photo-mug", line=line.id)
    stranger = type(shopper)(app.test_client(), shopper.sandbox)
    detail = stranger.design(stranger.open_editor("photo-mug"))
    response = stranger.add_to_cart(detail, target=their_page.edit_target)
    assert response.status_code == 403
    db.session.expire_all()
    assert [row.id for row in cart_lines()] == [line.id]


def test_a_forged_edit_target_is_refused(shopper):
    detail = shopper.design(shopper.open_editor("photo-mug"))
    response = shopper.add_to_cart(detail, target=detail.edit_target[:-2] + "xx")
    assert response.status_code == 400
    assert "Reload" in response.get_json()["error"]
    assert cart_lines() == []


def test_an_editor_output_of_unknown_shape_is_a_clear_error(shopper):
    shopper.open_editor("photo-mug")
    response = shopper.add_to_cart({"design": "abc", "qty": 1})
    assert response.status_code == 400
    assert "does not understand" in response.get_json()["error"]
    assert cart_lines() == []


def test_editing_another_shoppers_line_is_404(app, shopper):
    shopper.personalize_into_cart("photo-mug")
    (line,) = cart_lines()
    stranger = app.test_client()
    assert stranger.get(f"/products/photo-mug/personalize?line={line.id}").status_code == 404


def test_plain_product_goes_straight_to_the_cart(shopper):
    page = shopper.client.get("/products/kraft-envelopes").get_data(as_text=True)
    from tests.fixtures.pages import csrf_token_from

    token = csrf_token_from(page)
    for _ in range(2):
        response = shopper.client.post(
            "/cart/items", data={"csrf_token": token, "sku": "ENV-C6-KRAFT-25", "quantity": "2"}
        )
        assert response.status_code == 302
    (line,) = cart_lines()
    assert line.quantity == 4
    assert line.design_ids == []
    assert "$26.00" in shopper.client.get("/cart/").get_data(as_text=True)


def test_personalizable_product_cannot_skip_the_editor(shopper):
    response = shopper.client.post(
        "/cart/items",
        data={"csrf_token": shopper.csrf(), "sku": "MUG-11OZ-WHITE", "quantity": "1"},
        headers={"Referer": "/products/photo-mug"},
        follow_redirects=True,
    )
    assert "press Personalize" in response.get_data(as_text=True)
    assert cart_lines() == []


def test_quantity_can_be_changed_and_lines_removed(shopper):
    shopper.personalize_into_cart("photo-mug")
    (line,) = cart_lines()
    token = shopper.csrf()
    shopper.client.post(f"/cart/lines/{line.id}/quantity", data={"csrf_token": token, "quantity": "5"})
    db.session.expire_all()
    assert cart_lines()[0].quantity == 5
    response = shopper.client.post(
        f"/cart/lines/{line.id}/quantity", data={"csrf_token": token, "quantity": "0"}, follow_redirects=True
    )
    assert "from 1 to 999" in response.get_data(as_text=True)
    db.session.expire_all()
    assert cart_lines()[0].quantity == 5
    shopper.client.post(f"/cart/lines/{line.id}/remove", data={"csrf_token": token})
    assert cart_lines() == []
    assert "Your cart is empty" in shopper.client.get("/cart/").get_data(as_text=True)


def test_another_shoppers_line_cannot_be_changed(app, shopper):
    shopper.personalize_into_cart("photo-mug")
    (line,) = cart_lines()
    stranger = app.test_client()
    from tests.fixtures.pages import csrf_token_from

    token = csrf_token_from(stranger.get("/").get_data(as_text=True))
    assert stranger.post(f"/cart/lines/{line.id}/remove", data={"csrf_token": token}).status_code == 404
    assert len(cart_lines()) == 1


def test_without_csrf_token_the_editor_is_told_to_reload(shopper):
    detail = shopper.design(shopper.open_editor("photo-mug"))
    response = shopper.add_to_cart(detail, csrf=False)
    assert response.status_code == 400
    assert "Reload the page" in response.get_json()["error"]


def test_a_preview_from_outside_the_hub_is_not_shown(shopper):
    detail = shopper.design(shopper.open_editor("photo-mug"))
    detail["properties"]["_hidden"]["images"] = ["https://tracker.example/pixel.png"]
    assert shopper.add_to_cart(detail).status_code == 201
    (line,) = cart_lines()
    assert line.preview_url is None
    assert "tracker.example" not in shopper.client.get("/cart/").get_data(as_text=True)


def test_a_design_must_name_the_product_it_was_made_for(shopper):
    detail = shopper.design(shopper.open_editor("photo-mug"))
    del detail["originalProductId"]
    # Without the page's edit target nothing else names the product.
    assert shopper.add_to_cart(detail, target="").status_code == 400
    assert cart_lines() == []


def test_ids_too_large_for_the_database_answer_404(shopper):
    token = shopper.csrf()
    assert shopper.client.post("/cart/lines/99999999999/remove", data={"csrf_token": token}).status_code == 404
    assert shopper.client.get("/products/photo-mug/personalize?line=99999999999").status_code == 404
    assert shopper.client.get("/products/photo-mug/personalize?design=abc").status_code == 404


def test_an_oversized_request_is_refused(shopper):
    response = shopper.client.post(
        "/cart/designs", data=b"x" * (2 * 1024 * 1024), headers={"X-CSRFToken": shopper.csrf()}
    )
    assert response.status_code == 413
