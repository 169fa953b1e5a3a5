"""Mark as shipped takes a carrier and a tracking number: both optional, checked before anything changes (a message
on the field, what was typed kept), and carried through the confirmation the owner gives when the Hub would not
follow. The shipping email and the pages that show the link: tests/mail/test_shipped_email.py."""

import re

from storefront.extensions import db
from storefront.hub import HubClient, get_hub
from storefront.orders.models import OrderStatus
from tests.fixtures.pages import csrf_token_from, flashes
from tests.fixtures.records import make_order, reload
from tests.fixtures.sandbox import hub_status_name


def ship(owner, order, **fields):
    """Post the order page's Mark as shipped form with these fields; the response, not followed."""
    token = csrf_token_from(owner.page(order))
    return owner.client.post(f"/admin/orders/{order.id}/fulfil", data={"csrf_token": token, **fields})


def kinds(order):
    db.session.expire_all()
    return [event.kind for event in reload(order).events]


def test_the_ship_button_offers_the_configured_carriers_and_a_tracking_number(owner, app):
    app.config["SHIPPING_CARRIERS"] = (("DHL", "https://dhl.test/{number}"), ("Local courier", None))
    page = owner.page(make_order(status=OrderStatus.READY))
    form = re.search(r'<form class="admin-action"[^>]*action="[^"]*/fulfil".*?</form>', page, re.S).group(0)
    options = re.findall(r'<option[^>]*value="([^"]*)"', form)
    assert options == ["", "DHL", "Local courier"]
    assert 'name="tracking_number"' in form and "Mark as shipped" in form


def test_a_tracking_number_with_junk_is_refused_with_a_message_and_what_was_typed_kept(owner):
    order = make_order(status=OrderStatus.READY)
    response = ship(owner, order, carrier="DHL", tracking_number="1Z99<script>")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Use letters, digits, spaces and hyphens only." in html
    assert 'value="1Z99&lt;script&gt;"' in html
    assert re.search(r'<option selected value="DHL">', html)
    order = reload(order)
    assert (order.status, order.carrier, order.tracking_number, order.shipped_at) == (
        OrderStatus.READY,
        None,
        None,
        None,
    )
    assert "status_changed" not in kinds(order)


def test_a_tracking_number_too_long_or_a_carrier_posted_by_hand_is_refused(owner):
    order = make_order(status=OrderStatus.READY)
    too_long = ship(owner, order, tracking_number="1" * 51)
    assert too_long.status_code == 400 and "At most 50 characters." in too_long.get_data(as_text=True)
    by_hand = ship(owner, order, carrier="Pony Express", tracking_number="123")
    assert by_hand.status_code == 400 and "Choose one of the carriers listed." in by_hand.get_data(as_text=True)
    only_hyphens = ship(owner, order, tracking_number=" - - ")
    assert only_hyphens.status_code == 400
    assert reload(order).status == OrderStatus.READY


def test_shipping_with_a_carrier_alone_is_on_the_timeline_with_who_shipped_it(owner):
    order = make_order(status=OrderStatus.READY)
    response = ship(owner, order, carrier="UPS", tracking_number="")
    assert response.status_code == 302
    order = reload(order)
    assert (order.status, order.carrier, order.tracking_number) == (OrderStatus.FULFILLED, "UPS", None)
    shipped = [event for event in order.events if event.kind == "shipped"]
    assert [(e.source, e.actor, e.message) for e in shipped] == [("admin", "owner@example.com", "Shipped with UPS")]


def test_a_shipment_the_hub_would_not_follow_keeps_its_carrier_and_number_through_the_confirmation(
    owner, ready_order, monkeypatch
):
    project_id = ready_order.hub_project.hub_project_id
    read_project = HubClient.get_project

    def confirmed_in_backoffice_right_after_we_read(client, pid):
        project = read_project(client, pid)
        monkeypatch.setattr(HubClient, "get_project", read_project)
        get_hub().apply_transition(project_id, "Confirm")  # someone else, in BackOffice, meanwhile
        return project

    token = csrf_token_from(owner.page(ready_order))
    monkeypatch.setattr(HubClient, "get_project", confirmed_in_backoffice_right_after_we_read)
    response = owner.client.post(
        f"/admin/orders/{ready_order.id}/fulfil",
        data={"csrf_token": token, "carrier": "DHL", "tracking_number": "JD 0146 0000"},
        follow_redirects=True,
    )
    assert reload(ready_order).status == OrderStatus.READY
    html = response.get_data(as_text=True)
    card = re.search(r'data-confirm="fulfil".*?</section>', html, re.S).group(0)
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', card))
    assert hidden["carrier"] == "DHL" and hidden["tracking_number"] == "JD01460000" and hidden["confirmed"] == "y"

    confirmed = owner.client.post(f"/admin/orders/{ready_order.id}/fulfil", data=hidden, follow_redirects=True)
    assert any("marked as shipped" in m and "left as it is" in m for m in flashes(confirmed.get_data(as_text=True)))
    order = reload(ready_order)
    assert (order.status, order.carrier, order.tracking_number) == (OrderStatus.FULFILLED, "DHL", "JD01460000")
    assert hub_status_name(order) == "Confirmed"
