"""The owner's orders list: newest first, filters by status, counters, orders that need attention, pages."""

import re
import secrets
from datetime import timedelta

from storefront.clock import utcnow
from storefront.extensions import db
from storefront.orders.models import Order, OrderStatus, order_number
from tests.fixtures.jobs import run_jobs_until
from tests.fixtures.records import reload


def listed(html):
    """Order numbers in the table, top to bottom."""
    return re.findall(r'<tr class="admin-row[^"]*" data-order="([^"]+)"', html)


def counter(html, key):
    match = re.search(rf'data-status="{key}">\s*<strong>(\d+)</strong>', html)
    assert match, f"no counter for {key}"
    return int(match.group(1))


def test_orders_list_shows_orders_newest_first_with_their_hub_project(owner, shopper, place, ready_order):
    shopper.client.post("/cart/items", data={"csrf_token": shopper.csrf(), "sku": "ENV-C6-KRAFT-25", "quantity": "1"})
    plain = place(email="pat@example.com", name="Pat Plain")
    html = owner.client.get("/admin/orders").get_data(as_text=True)
    assert listed(html) == [plain.number, ready_order.number]
    row = html.split(f'data-order="{ready_order.number}"')[1].split("</tr>")[0]
    assert str(ready_order.hub_project.hub_project_id) in row
    assert "Completed" in row
    assert "1/1" in row
    assert ready_order.email in row and ready_order.name in row
    assert "Ready to print" in row
    assert "pat@example.com" in html


def test_orders_list_filters_by_status_and_counts_each_status(owner, shopper, place, ready_order):
    shopper.personalize_into_cart("classic-business-card")
    placed = place()  # its submit job is never run: the order stays placed
    html = owner.client.get("/admin/orders").get_data(as_text=True)
    assert counter(html, OrderStatus.READY) == 1
    assert counter(html, OrderStatus.PLACED) == 1
    assert counter(html, OrderStatus.CANCELLED) == 0
    assert ">Ready to print<" in html and ">Needs attention<" in html

    ready_only = owner.client.get("/admin/orders?status=ready").get_data(as_text=True)
    assert listed(ready_only) == [ready_order.number]
    placed_only = owner.client.get("/admin/orders?status=placed").get_data(as_text=True)
    assert listed(placed_only) == [placed.number]
    assert listed(owner.client.get("/admin/orders?status=cancelled").get_data(as_text=True)) == []
    # An unknown filter shows everything rather than an error.
    assert len(listed(owner.client.get("/admin/orders?status=bogus").get_data(as_text=True))) == 2


def test_failed_and_overdue_orders_are_counted_as_needing_attention(owner, shopper, place, ready_order, app):
    app.config["HUB_POLL_INTERVAL"] = 3600  # the second order stays rendering after its first poll
    shopper.personalize_into_cart("photo-mug")
    refused = place()
    refused.lines[0].product_reference = "printshop-no-such-product"
    db.session.commit()
    run_jobs_until(lambda: reload(refused).status == OrderStatus.RENDER_FAILED)

    shopper.personalize_into_cart("photo-mug")
    overdue = place()
    run_jobs_until(lambda: reload(overdue).hub_project is not None)
    overdue = reload(overdue)
    overdue.hub_project.poll_deadline_at = utcnow() - timedelta(minutes=5)
    db.session.commit()

    html = owner.client.get("/admin/orders").get_data(as_text=True)
    assert counter(html, "attention") == 2
    attention = owner.client.get("/admin/orders?status=attention").get_data(as_text=True)
    assert sorted(listed(attention)) == sorted([refused.number, overdue.number])
    assert attention.count("needs attention</span>") == 2


def test_orders_list_pages_fifty_at_a_time(owner, app):
    now = utcnow()
    for index in range(51):
        order = Order(
            checkout_key=secrets.token_urlsafe(16),
            access_token=secrets.token_urlsafe(16),
            email=f"buyer{index}@example.com",
            name=f"Buyer {index}",
            status=OrderStatus.READY,
            total_cents=100,
            created_at=now - timedelta(minutes=index),
        )
        db.session.add(order)
        db.session.flush()
        order.number = order_number(order.id)
    db.session.commit()
    first = owner.client.get("/admin/orders").get_data(as_text=True)
    assert len(listed(first)) == 50
    assert "Page 1 of 2" in first
    second = owner.client.get("/admin/orders?page=2").get_data(as_text=True)
    assert len(listed(second)) == 1
    assert "buyer50@example.com" in second
    assert owner.client.get("/admin/orders?page=9").status_code == 200
