"""The owner finds orders and reads what happened to them; order statuses and Hub project statuses follow each
other both ways (shipping completes the project, a project rejected in BackOffice cancels the order)."""

from datetime import date, timedelta

import pytest

from storefront.extensions import db
from storefront.fulfillment.reconciler import follow_hub_statuses, reconcile
from storefront.hub import HubClient, get_hub
from storefront.orders.models import OrderStatus
from tests.fixtures.jobs import run_jobs_until
from tests.fixtures.pages import csrf_token_from, flashes
from tests.fixtures.records import reload
from tests.fixtures.sandbox import hub_status_name


def timeline(order):
    db.session.expire_all()
    return [(event.kind, event.source, event.actor, event.message) for event in reload(order).events]


def test_the_timeline_tells_a_failed_then_resumed_order_from_checkout_to_ready(owner, shopper, place, sandbox):
    sandbox.set_faults(fail_pipeline_next=1)
    shopper.personalize_into_cart("photo-mug")
    order = place()
    run_jobs_until(lambda: reload(order).status == OrderStatus.READY)

    events = timeline(order)
    kinds = [kind for kind, *_ in events]
    assert kinds[0] == "placed"
    assert kinds.index("submitted") < kinds.index("resumed") < kinds.index("file_fetched")
    messages = " | ".join(message for *_, message in events)
    assert f"Hub project {reload(order).hub_project.hub_project_id} created" in messages
    assert "Hub processing Failed" in messages and "Hub processing Completed" in messages
    assert "Resumed automatically (resume 1)" in messages
    assert "Preparing print files → Ready to print" in messages
    fetched = next(event for event in reload(order).events if event.kind == "file_fetched")
    assert fetched.details["size"] == reload(order).artifacts[0].size > 0

    page = owner.page(order)
    assert "data-timeline" in page and "Resumed automatically" in page


def test_admin_actions_are_on_the_timeline_with_the_admin_email(owner, ready_order):
    owner.post(ready_order, "redownload")
    (kind, source, actor, message) = timeline(ready_order)[-1]
    assert (kind, source, actor) == ("admin_action", "admin", "owner@example.com")
    assert "downloaded again" in message


def test_shipping_completes_the_hub_project(owner, ready_order, shopper):
    assert hub_status_name(ready_order) == "New"
    _response, messages = owner.post(ready_order, "fulfil")
    assert any("marked as shipped" in m and "is now Completed" in m for m in messages), messages
    order = reload(ready_order)
    assert order.status == OrderStatus.FULFILLED
    assert hub_status_name(order) == "Completed"
    assert ("status_changed", "admin", "owner@example.com", "Ready to print → Shipped") in timeline(order)


def test_shipping_while_the_hub_is_down_ships_now_and_the_project_follows_once_it_answers(owner, ready_order, sandbox):
    sandbox.set_faults(error_rate=1.0, error_status=503)
    _response, messages = owner.post(ready_order, "fulfil")
    assert any("marked as shipped" in m and "follows once it answers" in m for m in messages), messages
    assert reload(ready_order).status == OrderStatus.FULFILLED

    sandbox.clear_faults()
    run_jobs_until(lambda: reload(ready_order).hub_project.hub_status_wanted is None)
    assert hub_status_name(ready_order) == "Completed"
    assert any("is now Completed" in message for *_who, message in timeline(ready_order))


def test_a_refused_hub_transition_is_explained_and_the_owner_may_confirm(owner, ready_order, monkeypatch):
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
        f"/admin/orders/{ready_order.id}/fulfil", data={"csrf_token": token}, follow_redirects=True
    )
    messages = flashes(response.get_data(as_text=True))
    assert any("refused the transition “Confirm”" in m and "Confirm to change order" in m for m in messages), messages
    assert reload(ready_order).status == OrderStatus.READY
    html = response.get_data(as_text=True)
    assert 'data-confirm="fulfil"' in html and "anyway" in html

    _response, messages = owner.post(ready_order, "fulfil", confirmed="y")
    assert any("marked as shipped" in m and "left as it is" in m for m in messages), messages
    assert reload(ready_order).status == OrderStatus.FULFILLED
    assert hub_status_name(ready_order) == "Confirmed"


def test_a_project_rejected_in_backoffice_cancels_the_order_on_the_admin_page(owner, ready_order, shopper, app):
    get_hub().apply_transition(ready_order.hub_project.hub_project_id, "Reject")  # the owner, in BackOffice
    page = owner.page(ready_order)
    assert "data-live-status>Rejected<" in page
    order = reload(ready_order)
    assert order.status == OrderStatus.CANCELLED
    assert ("hub_status", "hub", None, "Hub project status: Rejected") in timeline(order)
    customer_page = shopper.client.get(f"/orders/{order.number}").get_data(as_text=True)
    assert "This order was cancelled." in customer_page


def test_the_reconciler_ships_an_order_completed_in_backoffice(ready_order):
    hub = get_hub()
    for transition in ("Confirm", "Activate", "Complete"):
        hub.apply_transition(ready_order.hub_project.hub_project_id, transition)
    assert reconcile()["hub_status"] == 1
    order = reload(ready_order)
    assert order.status == OrderStatus.FULFILLED
    assert order.hub_project.hub_status_name == "Completed"
    assert reconcile()["hub_status"] == 0  # read again, nothing new


@pytest.fixture
def three_orders(shopper, place):
    orders = []
    customers = (("Ada Lovelace", "ada@example.com"), ("Grace Hopper", "grace@example.com"), ("Alan", "al@x.io"))
    for name, email in customers:
        shopper.personalize_into_cart("photo-mug")
        orders.append(place(name=name, email=email))
    return orders


def listed(owner, **params):
    html = owner.client.get("/admin/orders", query_string=params).get_data(as_text=True)
    return html


def test_orders_are_found_by_email_name_or_number(owner, three_orders):
    ada, grace, alan = three_orders
    html = listed(owner, q="GRACE@example")
    assert grace.number in html and ada.number not in html and alan.number not in html
    html = listed(owner, q="lovelace")
    assert ada.number in html and grace.number not in html
    html = listed(owner, q=alan.number)
    assert alan.number in html and ada.number not in html
    assert "No orders match that search." in listed(owner, q="nobody-at-all")


def test_orders_are_filtered_by_the_day_they_were_placed(owner, three_orders):
    today = date.today()
    html = listed(owner, since=str(today - timedelta(days=1)), until=str(today + timedelta(days=1)))
    assert all(order.number in html for order in three_orders)
    html = listed(owner, since=str(today + timedelta(days=1)))
    assert not any(order.number in html for order in three_orders)
    html = listed(owner, since=str(today), until=str(today - timedelta(days=3)))
    assert "The end date is before the start date." in html


def test_the_order_page_links_the_project_in_backoffice(owner, ready_order, app):
    page = owner.page(ready_order)
    expected = f"{app.config['CCHUB_BASEURL']}/app/projects/{ready_order.hub_project.hub_project_id}"
    assert f'href="{expected}"' in page


def test_the_reconciler_reads_a_bounded_number_of_projects_per_run_in_turn(shopper, place, sandbox):
    orders = []
    for _ in range(3):
        shopper.personalize_into_cart("photo-mug")
        orders.append(place())
    run_jobs_until(lambda: all(reload(order).status == OrderStatus.READY for order in orders))
    hub = get_hub()
    for order in orders:  # each completed in BackOffice
        for transition in ("Confirm", "Activate", "Complete"):
            hub.apply_transition(reload(order).hub_project.hub_project_id, transition)
    shipped = lambda: [reload(order).status == OrderStatus.FULFILLED for order in orders]  # noqa: E731

    sandbox.reset_stats()
    assert follow_hub_statuses(limit=2) == 2
    assert shipped() == [True, True, False]
    assert sandbox.stats().get("Projects_Get") == 2
    assert follow_hub_statuses(limit=2) == 1  # the third, then the round starts again (shipped ones are done)
    assert shipped() == [True, True, True]
