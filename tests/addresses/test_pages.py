"""The address book pages as a customer uses them: add (bad input gets a message on its field and keeps what was
typed), edit, remove after a confirmation, make default; guests and other customers' ids are turned away."""

import re

from storefront.addresses import book
from storefront.addresses.models import SavedAddress
from storefront.extensions import db
from storefront.shipping.models import ShippingMethod
from tests.fixtures.pages import csrf_token_from, flashes

from .conftest import IN_DE, IN_US, log_in

BOOK = "/account/addresses/"
NEW = "/account/addresses/new"


def posted(address, **extra):
    """The form fields a browser posts for this address."""
    return {**{f"address-{field}": value for field, value in address.items()}, **extra}


def submit(client, url, address, **extra):
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    return client.post(url, data=posted(address, csrf_token=token, **extra))


def field_error(html, field):
    """The message shown under a field of the address form, or None."""
    match = re.search(rf'<p class="field-error" id="address-{field}-error">(.*?)</p>', html, re.S)
    return match and match.group(1).strip()


def value_of(html, field):
    match = re.search(rf'<input[^>]*id="address-{field}"[^>]*value="([^"]*)"', html)
    return match and match.group(1)


def saved(customer):
    db.session.expire_all()
    return book.addresses_of(customer)


def test_the_account_page_links_to_the_address_book(signed_in):
    assert f'href="{BOOK}"' in signed_in.get("/account/").get_data(as_text=True)


def test_adding_the_first_address_makes_it_the_default(signed_in, customer):
    response = submit(signed_in, NEW, IN_US)
    assert response.status_code == 302
    assert response.headers["Location"] == BOOK
    [address] = saved(customer)
    assert address.to_dict() == IN_US
    assert address.is_default
    page = signed_in.get(BOOK).get_data(as_text=True)
    assert "The address was added to your address book." in flashes(page)
    assert "1600 Amphitheatre Pkwy" in page
    assert page.count("data-default") == 1


def test_a_postal_code_that_does_not_fit_the_country_is_refused_and_what_was_typed_stays(signed_in, customer):
    response = submit(signed_in, NEW, {**IN_US, "postal_code": "ABC-12", "line2": "Floor 3"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert field_error(page, "postal_code") == "This postal code does not fit the country (for example 95014)."
    assert value_of(page, "postal_code") == "ABC-12"
    assert value_of(page, "line1") == IN_US["line1"]
    assert value_of(page, "line2") == "Floor 3"
    assert '<option selected value="US">' in page
    assert saved(customer) == []


def test_a_missing_field_and_an_unknown_region_get_their_own_messages(signed_in, customer):
    page = submit(signed_in, NEW, {**IN_US, "city": "", "region": "Narnia"}).get_data(as_text=True)
    assert field_error(page, "city") == "Enter the city."
    assert field_error(page, "region") == "This state is not one of the country&#39;s."
    assert value_of(page, "region") == "Narnia"
    assert saved(customer) == []


def test_a_region_typed_by_name_is_kept_as_its_code(signed_in, customer):
    submit(signed_in, NEW, {**IN_US, "region": "california"})
    assert saved(customer)[0].region == "CA"


def test_a_country_the_store_does_not_ship_to_is_refused(signed_in, customer):
    brazil = {**IN_DE, "country": "BR", "city": "São Paulo", "postal_code": "01310-100", "region": "SP"}
    for country in ("BR", "FR", "XX"):  # served by a switched-off method, by none, no country at all
        page = submit(signed_in, NEW, {**brazil, "country": country}).get_data(as_text=True)
        assert field_error(page, "country") == "Choose a country we ship to."
        assert value_of(page, "line1") == IN_DE["line1"]
    assert saved(customer) == []


def test_only_the_countries_the_store_ships_to_are_offered_with_their_regions(signed_in):
    page = signed_in.get(NEW).get_data(as_text=True)
    select = re.search(r'<select[^>]*id="address-country".*?</select>', page, re.S).group(0)
    offered = re.findall(r'<option (?:selected )?value="([A-Z]{2})">', select)
    assert sorted(offered) == ["CA", "DE", "GB", "US"]
    assert '<datalist id="address-region-US">' in page
    assert '<option value="CA">California</option>' in page
    assert '<datalist id="address-region-CA">' in page  # Canada's provinces
    assert 'id="address-region-DE"' not in page  # Germany's addresses have no region
    assert "js/address-form.js" in page


def test_a_store_that_ships_nowhere_says_so_and_offers_no_form(signed_in, customer):
    db.session.execute(db.update(ShippingMethod).values(active=False))
    db.session.commit()
    page = signed_in.get(NEW).get_data(as_text=True)
    assert "We do not ship anywhere yet" in page
    assert 'name="address-line1"' not in page
    assert "We do not ship anywhere yet" in signed_in.get(BOOK).get_data(as_text=True)
    token = csrf_token_from(page)
    assert signed_in.post(NEW, data=posted(IN_US, csrf_token=token)).status_code == 200
    assert saved(customer) == []


def test_editing_shows_the_address_and_saves_the_changes(signed_in, customer):
    address = book.add(customer, IN_US)
    url = f"/account/addresses/{address.id}/edit"
    page = signed_in.get(url).get_data(as_text=True)
    assert value_of(page, "line1") == IN_US["line1"]
    assert "This is your default address." in page

    response = submit(signed_in, url, {**IN_DE, "postal_code": "123"})
    assert field_error(response.get_data(as_text=True), "postal_code").startswith("This postal code does not fit")
    assert saved(customer)[0].to_dict() == IN_US

    assert submit(signed_in, url, IN_DE).status_code == 302
    [changed] = saved(customer)
    assert changed.to_dict() == IN_DE
    assert changed.is_default


def test_editing_an_address_in_a_country_no_longer_served_says_so(signed_in, customer):
    address = book.add(customer, {**IN_DE, "country": "FR", "postal_code": "75001", "city": "Paris"})
    page = signed_in.get(f"/account/addresses/{address.id}/edit").get_data(as_text=True)
    assert field_error(page, "country") == "We no longer ship to France. Choose a country we ship to."
    assert "We no longer ship to France." in signed_in.get(BOOK).get_data(as_text=True)


def test_changing_the_default_from_the_list_and_from_the_form(signed_in, customer):
    first = book.add(customer, IN_US)
    second = book.add(customer, IN_DE)
    page = signed_in.get(BOOK).get_data(as_text=True)
    assert f'action="/account/addresses/{first.id}/default"' not in page
    response = signed_in.post(f"/account/addresses/{second.id}/default", data={"csrf_token": csrf_token_from(page)})
    assert response.status_code == 302
    assert [(a.id, a.is_default) for a in saved(customer)] == [(second.id, True), (first.id, False)]

    submit(signed_in, f"/account/addresses/{first.id}/edit", IN_US, make_default="y")
    assert [(a.id, a.is_default) for a in saved(customer)] == [(first.id, True), (second.id, False)]

    submit(signed_in, NEW, {**IN_US, "city": "Palo Alto", "postal_code": "94301"}, make_default="y")
    cities = [(a.city, a.is_default) for a in saved(customer)]
    assert cities == [("Palo Alto", True), ("Berlin", False), ("Mountain View", False)]


def test_removing_asks_first_then_the_next_address_becomes_the_default(signed_in, customer):
    first = book.add(customer, IN_US)
    second = book.add(customer, IN_DE)
    url = f"/account/addresses/{first.id}/remove"
    page = signed_in.get(url).get_data(as_text=True)
    assert "Remove this address?" in page
    assert len(saved(customer)) == 2
    assert signed_in.post(url, data={}).status_code == 400  # no CSRF token
    assert len(saved(customer)) == 2

    response = signed_in.post(url, data={"csrf_token": csrf_token_from(page)})
    assert response.status_code == 302
    [left] = saved(customer)
    assert (left.id, left.is_default) == (second.id, True)
    assert "The address was removed from your address book." in flashes(signed_in.get(BOOK).get_data(as_text=True))


def test_another_customers_address_answers_404(client, customer, stranger, shipping):
    theirs = book.add(stranger, IN_DE)
    log_in(client, {"email": customer.email, "password": "just-buying-1"})
    token = csrf_token_from(client.get(BOOK).get_data(as_text=True))
    assert client.get(f"/account/addresses/{theirs.id}/edit").status_code == 404
    assert client.post(f"/account/addresses/{theirs.id}/edit", data=posted(IN_US, csrf_token=token)).status_code == 404
    assert client.get(f"/account/addresses/{theirs.id}/remove").status_code == 404
    assert client.post(f"/account/addresses/{theirs.id}/remove", data={"csrf_token": token}).status_code == 404
    assert client.post(f"/account/addresses/{theirs.id}/default", data={"csrf_token": token}).status_code == 404
    assert client.get("/account/addresses/99999999999/edit").status_code == 404
    db.session.expire_all()
    assert db.session.get(SavedAddress, theirs.id).to_dict() == IN_DE
    assert "Unter den Linden" not in client.get(BOOK).get_data(as_text=True)


def test_a_guest_is_sent_to_log_in(client, customer, shipping):
    address = book.add(customer, IN_US)
    for url in (BOOK, NEW, f"/account/addresses/{address.id}/edit", f"/account/addresses/{address.id}/remove"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/account/login?next=")
    token = csrf_token_from(client.get("/account/login").get_data(as_text=True))
    response = client.post(f"/account/addresses/{address.id}/default", data={"csrf_token": token})
    assert response.headers["Location"].startswith("/account/login?next=")
    assert len(saved(customer)) == 1


def test_a_full_book_says_so_and_keeps_what_was_typed(signed_in, customer):
    for n in range(book.MAX_ADDRESSES - 1):
        book.add(customer, {**IN_US, "line2": f"Apt {n}"})
    page = signed_in.get(BOOK).get_data(as_text=True)
    assert f'href="{NEW}"' in page

    token = csrf_token_from(page)
    signed_in.post(NEW, data=posted(IN_DE, csrf_token=token))
    page = signed_in.get(BOOK).get_data(as_text=True)
    assert f'href="{NEW}"' not in page
    assert "Your address book is full" in page
    assert "Your address book is full" in signed_in.get(NEW).get_data(as_text=True)

    response = signed_in.post(NEW, data=posted({**IN_DE, "city": "Hamburg", "postal_code": "20095"}, csrf_token=token))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"it holds at most {book.MAX_ADDRESSES} addresses" in page
    assert value_of(page, "city") == "Hamburg"
    assert len(saved(customer)) == book.MAX_ADDRESSES
