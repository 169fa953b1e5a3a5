"""The fetch job and the store: a print file of the wrong size is never offered, a fetch run again replaces what a
crashed run left under the key."""

import pytest

from storefront.extensions import db
from storefront.fulfillment import print_file_fetching
from storefront.orders import stored_print_files
from storefront.orders.lifecycle import SETTLED
from storefront.orders.models import OrderStatus
from storefront.storage import SizeMismatch
from tests.fixtures.jobs import run_jobs_until
from tests.fixtures.records import reload
from tests.fixtures.storage import on_both_stores


def ready_order(shopper, place):
    shopper.personalize_into_cart("photo-mug")
    order = place()
    run_jobs_until(lambda: reload(order).status in SETTLED)
    order = reload(order)
    assert order.status == OrderStatus.READY
    return order


def forget_fetch(artifact):
    """The row as before its file was fetched (what the owner's "download again" leaves)."""
    stored_print_files.forget_copy(artifact)


@on_both_stores
def test_a_print_file_not_of_the_size_the_hub_announced_is_never_offered(app, shopper, place, artifacts_store):
    order = ready_order(shopper, place)
    artifact = order.artifacts[0]
    key = artifact.path
    for stored in stored_print_files.stored_keys([artifact]):  # the file and its proof
        artifacts_store.remove(stored)
    forget_fetch(artifact)
    artifact.expected_size += 1
    db.session.commit()

    with pytest.raises(SizeMismatch):
        print_file_fetching.fetch(order.id)
    assert not artifacts_store.exists(key)
    assert artifacts_store.keys() == [] and artifacts_store.leftovers() == []
    order = reload(order)
    assert not order.artifacts[0].ready
    status = shopper.client.get(f"/orders/{order.number}/status.json").get_json()
    assert status["files"] == []


@on_both_stores
def test_a_fetch_run_again_replaces_what_a_crashed_run_left_under_the_key(app, shopper, place, artifacts_store):
    order = ready_order(shopper, place)
    artifact = order.artifacts[0]
    key, sha256 = artifact.path, artifact.sha256
    rendered = artifacts_store.read(key)
    artifacts_store.write(key, b"%PDF-1.4 half of an older rendering")  # stored, but the row was never committed
    forget_fetch(artifact)
    db.session.commit()

    print_file_fetching.fetch(order.id)
    artifact = reload(order).artifacts[0]
    assert artifact.path == key and artifact.sha256 == sha256
    assert artifacts_store.read(key) == rendered
    assert artifacts_store.keys() == [key, stored_print_files.proof_key(key)] and artifacts_store.leftovers() == []
