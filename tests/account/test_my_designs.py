"""My designs: a returning customer finds saved designs, reopens them in the editor, or deletes them."""

import pytest

from storefront.cart.models import CartLine
from storefront.extensions import db
from storefront.shoppers.models import SavedDesign
from tests.fixtures.drivers import ShopperDriver


@pytest.fixture
def app_config(sandbox_app_config):
    """My designs opens designs in the editor: the store on the in-process Hub sandbox."""
    return sandbox_app_config


@pytest.fixture
def shopper(client, sandbox, demo_catalog):
    return ShopperDriver(client, sandbox)


def test_designs_made_as_a_guest_show_up_after_login(shopper):
    shopper.personalize_into_cart("photo-mug", lines=("Mug text",))
    shopper.personalize_into_cart("wedding-invitation", lines=("Invite",))
    shopper.register()
    page = shopper.client.get("/account/designs").get_data(as_text=True)
    assert "Personal mug" in page
    assert "Wedding invitation" in page
    assert page.count('class="design-card"') == 2


def test_open_resumes_editing_and_the_result_replaces_the_cart_line(shopper):
    shopper.register()
    first = shopper.personalize_into_cart("classic-business-card", lines=("v1",))
    saved = db.session.execute(db.select(SavedDesign)).scalar_one()

    response = shopper.client.get(f"/account/designs/{saved.id}/open")
    assert response.status_code == 302
    config = shopper.open_editor("classic-business-card", **dict(_query(response.location)))
    assert config["input"]["designId"] == first["properties"]["_stateId"][0]
    assert "key" not in config["input"]

    second = shopper.design(config, lines=("v2",))
    assert shopper.add_to_cart(second).status_code == 201
    db.session.expire_all()
    (line,) = db.session.execute(db.select(CartLine)).scalars().all()
    assert line.design_ids == second["properties"]["_stateId"]
    (again,) = db.session.execute(db.select(SavedDesign)).scalars().all()
    assert again.id == saved.id
    assert again.state_id == second["properties"]["_stateId"][0]


def test_a_design_reopened_after_checkout_goes_to_the_cart_as_one_line(shopper):
    shopper.register()
    shopper.personalize_into_cart("photo-mug", lines=("v1",))
    saved = db.session.execute(db.select(SavedDesign)).scalar_one()
    line = db.session.execute(db.select(CartLine)).scalar_one()
    db.session.delete(line)
    db.session.commit()

    config = shopper.open_editor("photo-mug", design=saved.id)
    second = shopper.design(config, lines=("v2",))
    assert shopper.add_to_cart(second).status_code == 201
    assert shopper.add_to_cart(second).status_code == 201  # a double click
    db.session.expire_all()
    (line,) = db.session.execute(db.select(CartLine)).scalars().all()
    assert line.saved_design_id == saved.id
    assert line.design_ids == second["properties"]["_stateId"]
    assert len(db.session.execute(db.select(SavedDesign)).scalars().all()) == 1


def test_delete_removes_the_design_from_the_list_but_not_the_cart(shopper):
    shopper.register()
    shopper.personalize_into_cart("photo-mug")
    saved = db.session.execute(db.select(SavedDesign)).scalar_one()
    response = shopper.client.post(
        f"/account/designs/{saved.id}/delete", data={"csrf_token": shopper.csrf()}, follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert "removed from My designs" in page
    assert "You have no saved designs yet" in page
    assert len(db.session.execute(db.select(CartLine)).scalars().all()) == 1


def test_another_customers_design_is_404(app, shopper):
    shopper.register()
    shopper.personalize_into_cart("photo-mug")
    saved = db.session.execute(db.select(SavedDesign)).scalar_one()
    shopper.logout()
    shopper.register(email="someone@example.com", name="Someone Else")
    assert shopper.client.get(f"/account/designs/{saved.id}/open").status_code == 404
    token = shopper.csrf()
    assert shopper.client.post(f"/account/designs/{saved.id}/delete", data={"csrf_token": token}).status_code == 404
    assert shopper.client.get(f"/products/photo-mug/personalize?design={saved.id}").status_code == 404


def test_my_designs_needs_a_login(client):
    response = client.get("/account/designs")
    assert response.status_code == 302
    assert "/account/login" in response.location


def _query(location):
    from urllib.parse import parse_qsl, urlsplit

    return parse_qsl(urlsplit(location).query)
