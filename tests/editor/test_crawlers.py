"""The Hub's quota is spent on shoppers, not crawlers: a visitor without a session makes no Hub storefront user,
robots.txt keeps crawlers off the editor, and the editor's token renewal hands out the cached token."""

from flask.testing import FlaskClient

PERSONALIZE = "/products/photo-mug/personalize"


def hub_calls(sandbox, operation):
    return sandbox.stats().get(operation, 0)


def cookieless(app):
    return FlaskClient(app, app.response_class, use_cookies=False)


def test_fifty_cookieless_visits_of_a_personalize_page_make_no_hub_storefront_user(app, sandbox, demo_catalog):
    crawler = cookieless(app)
    answers = [crawler.get(PERSONALIZE, query_string={"sku": "MUG-11OZ-WHITE", "n": n}) for n in range(50)]

    assert {response.status_code for response in answers} == {302}
    assert hub_calls(sandbox, "StorefrontUsers_Create") == 0
    assert hub_calls(sandbox, "StorefrontUsers_GetToken") == 0


def test_a_visitor_who_keeps_no_cookie_is_told_so_and_the_hub_is_not_asked(app, sandbox, demo_catalog):
    page = cookieless(app).get(PERSONALIZE, follow_redirects=True)

    assert page.status_code == 400
    assert "did not keep our cookie" in page.get_data(as_text=True)
    assert page.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert hub_calls(sandbox, "StorefrontUsers_Create") == 0


def test_a_browser_opening_the_editor_link_first_is_sent_through_once_and_gets_its_editor(shopper, sandbox):
    client = shopper.client
    first = client.get(PERSONALIZE, query_string={"sku": "MUG-15OZ-WHITE"})
    assert first.status_code == 302
    assert first.location == f"{PERSONALIZE}?sku=MUG-15OZ-WHITE&session=1"

    page = client.get(first.location)
    assert page.status_code == 200
    assert 'id="editor-config"' in page.get_data(as_text=True)
    assert hub_calls(sandbox, "StorefrontUsers_Create") == 1


def test_robots_txt_keeps_crawlers_off_the_editor_and_the_private_pages(client):
    response = client.get("/robots.txt")
    assert response.mimetype == "text/plain"
    rules = response.get_data(as_text=True).splitlines()
    assert rules[0] == "User-agent: *"
    for path in ("/products/*/personalize", "/editor/", "/cart/", "/checkout", "/orders/", "/account/"):
        assert f"Disallow: {path}" in rules


def test_the_token_renewal_hands_out_the_cached_token_while_it_is_young(shopper, sandbox):
    config = shopper.open_editor("photo-mug")
    fetched = hub_calls(sandbox, "StorefrontUsers_GetToken")

    renewed = [shopper.client.get("/editor/token").get_json() for _ in range(3)]

    assert {answer["token"] for answer in renewed} == {config["integration"]["user"]["token"]}
    assert hub_calls(sandbox, "StorefrontUsers_GetToken") == fetched
