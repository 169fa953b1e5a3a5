"""Designs that do not expire under the shopper: a customer's are kept at the Hub for good, a guest is told how long
theirs last, and My designs marks a design the Hub's retention clean-up removed."""

import requests

from storefront.extensions import db
from storefront.fulfillment.reconciler import reconcile
from storefront.jobs.queueing import keep_designs_job_id
from storefront.jobs.redis_queue import get_queue
from storefront.shoppers.models import SavedDesign
from tests.fixtures.jobs import run_jobs_until
from tests.fixtures.pages import flashes

DESIGNS = "/api/storage/v1/private-designs"


def retention_policy(sandbox, owner, design_id):
    response = requests.get(
        f"{sandbox.url}{DESIGNS}/{design_id}/retention-policy",
        params={"ownerId": owner},
        headers={"Authorization": f"Bearer {sandbox.access_token()}"},
        timeout=10,
    )
    return response.json() if response.status_code == 200 else response.status_code


def clean_up(sandbox):
    """The Hub's retention clean-up, with every design old enough to go."""
    response = requests.post(f"{sandbox.url}/sandbox/clean-up", json={"older_than_seconds": 0}, timeout=10)
    response.raise_for_status()
    return response.json()["deleted"]


def saved_designs():
    db.session.expire_all()
    return db.session.execute(db.select(SavedDesign).order_by(SavedDesign.id)).scalars().all()


def test_a_customers_saved_design_is_kept_for_good_and_outlives_the_clean_up(shopper, sandbox):
    shopper.register()
    detail = shopper.personalize_into_cart("photo-mug", lines=("Kept",))
    design_id = detail["properties"]["_stateId"][0]
    owner = detail["properties"]["_userId"]

    run_jobs_until(lambda: saved_designs()[0].kept_at is not None)

    assert retention_policy(sandbox, owner, design_id) == "Never"
    assert clean_up(sandbox) == []
    assert retention_policy(sandbox, owner, design_id) == "Never"


def test_a_guests_designs_are_kept_once_they_register(shopper, sandbox):
    detail = shopper.personalize_into_cart("photo-mug", lines=("Guest work",))
    design_id = detail["properties"]["_stateId"][0]
    assert retention_policy(sandbox, detail["properties"]["_userId"], design_id) == "Default"

    shopper.register()
    run_jobs_until(lambda: saved_designs()[0].kept_at is not None)

    (saved,) = saved_designs()
    assert retention_policy(sandbox, f"customer-{saved.user_id}", design_id) == "Never"
    assert clean_up(sandbox) == []


def test_the_clean_up_removes_a_guests_old_design(shopper, sandbox):
    detail = shopper.personalize_into_cart("photo-mug", lines=("Temporary",))
    design_id = detail["properties"]["_stateId"][0]
    assert clean_up(sandbox) == [design_id]
    assert retention_policy(sandbox, detail["properties"]["_userId"], design_id) == 404


def test_a_guest_is_told_how_long_the_hub_keeps_their_designs(shopper, sandbox):
    assert "are kept" not in shopper.client.get("/cart/").get_data(as_text=True)
    shopper.personalize_into_cart("photo-mug")
    sandbox.configure(retention_days=14)
    page = shopper.client.get("/cart/").get_data(as_text=True)
    assert "your designs are kept for 14 days after you last open them" in page
    assert "to keep them for good" in page

    shopper.register()
    assert "are kept" not in shopper.client.get("/cart/").get_data(as_text=True)


def test_the_period_a_guest_is_told_may_come_from_the_settings(app, shopper):
    app.config["GUEST_DESIGN_RETENTION_DAYS"] = 30
    shopper.personalize_into_cart("photo-mug")
    assert "kept for 30 days after you last open them" in shopper.client.get("/cart/").get_data(as_text=True)


def test_my_designs_marks_a_design_the_hub_no_longer_has_instead_of_opening_it(shopper, sandbox):
    shopper.register()
    shopper.personalize_into_cart("photo-mug", lines=("Forgotten",))
    shopper.personalize_into_cart("classic-business-card", lines=("Still here",))
    forgotten, kept = saved_designs()
    forgotten_state = forgotten.state_id
    requests.delete(
        f"{sandbox.url}{DESIGNS}/{forgotten_state}",
        params={"ownerId": f"customer-{forgotten.user_id}"},
        headers={"Authorization": f"Bearer {sandbox.access_token()}"},
        timeout=10,
    ).raise_for_status()

    opened = shopper.client.get(f"/account/designs/{forgotten.id}/open", follow_redirects=True)
    page = opened.get_data(as_text=True)
    assert any("no longer has this design" in message for message in flashes(page))
    assert page.count("data-design-missing") == 1
    assert f"/products/photo-mug/personalize?sku=MUG-11OZ-WHITE&amp;design={forgotten.id}" in page
    assert f"/account/designs/{kept.id}/open" in page

    # Designing it again opens a new design (not the forgotten one) and replaces the saved design.
    config = shopper.open_editor("photo-mug", design=forgotten.id)
    assert "designId" not in config["input"]
    assert shopper.add_to_cart(shopper.design(config, lines=("Made anew",))).status_code == 201
    remade = next(design for design in saved_designs() if design.id == forgotten.id)
    assert remade.missing_at is None and remade.state_id != forgotten_state
    assert "data-design-missing" not in shopper.client.get("/account/designs").get_data(as_text=True)


def test_my_designs_finds_designs_the_clean_up_removed_with_one_hub_call(shopper, sandbox):
    shopper.register()
    for text in ("One", "Two"):
        shopper.personalize_into_cart("photo-mug", lines=(text,))
    clean_up(sandbox)
    before = sandbox.stats().get("PrivateDesigns_GetAll", 0)
    page = shopper.client.get("/account/designs").get_data(as_text=True)
    assert page.count("data-design-missing") == 2
    assert sandbox.stats()["PrivateDesigns_GetAll"] == before + 1


def test_the_reconciler_queues_the_keep_job_redis_lost(shopper, sandbox):
    shopper.register()
    detail = shopper.personalize_into_cart("photo-mug")
    (saved,) = saved_designs()
    get_queue().fetch_job(keep_designs_job_id(saved.user_id)).delete()  # lost with a Redis restart

    assert reconcile()["keep"] == 1
    run_jobs_until(lambda: saved_designs()[0].kept_at is not None)
    assert retention_policy(sandbox, detail["properties"]["_userId"], detail["key"]) == "Never"
    assert reconcile()["keep"] == 0


def test_a_guest_reads_for_a_limited_time_when_the_hub_cannot_say(shopper, sandbox):
    shopper.personalize_into_cart("photo-mug")
    sandbox.set_faults(error_rate=1.0, error_status=503)
    page = shopper.client.get("/cart/")
    assert page.status_code == 200
    assert "your designs are kept for a limited time" in page.get_data(as_text=True)
