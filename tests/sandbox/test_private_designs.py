"""Asset Storage private designs: read, copy, retention policy, and the retention clean-up that forgets designs."""

import requests

from .hub_api import make_design, make_project, make_user, user_token

DESIGNS = "/api/storage/v1/private-designs"


def test_a_copy_is_a_new_design_with_the_same_content_and_the_source_stays(api, owner_with_design):
    owner, token, design = owner_with_design
    copied = api.post(f"{DESIGNS}/{design['id']}", params={"ownerId": owner})
    assert copied.status_code == 201, copied.text
    copy = copied.json()
    assert copy["id"] != design["id"] and copy["ownerId"] == owner and copy["private"] is True
    read = lambda design_id: requests.get(  # noqa: E731
        f"{api.sandbox.url}/api/sandbox-editor/v1/designs/{design_id}",
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    ).json()
    assert read(copy["id"])["lines"] == read(design["id"])["lines"] == ["Alex Morgan", "Studio Manager"]
    assert api.get(f"{DESIGNS}/{design['id']}", params={"ownerId": owner}).json()["id"] == design["id"]


def test_another_users_design_and_unknown_designs_are_404_and_owner_is_required(api, owner_with_design):
    owner, _token, design = owner_with_design
    stranger = make_user(api)
    for method in ("get", "post", "delete"):
        response = getattr(api, method)(f"{DESIGNS}/{design['id']}", params={"ownerId": stranger})
        assert response.status_code == 404, (method, response.text)
        assert response.json()["status"] == 404
    assert api.get(f"{DESIGNS}/no-such-design", params={"ownerId": owner}).status_code == 404
    missing_owner = api.get(f"{DESIGNS}/{design['id']}")
    assert missing_owner.status_code == 400 and "ownerId" in missing_owner.json()["errors"]
    assert api.post(f"{DESIGNS}/{design['id']}", params={"ownerId": owner, "strategy": "Maybe"}).status_code == 400


def test_the_retention_policy_is_default_until_set_and_bad_policies_are_refused(api, owner_with_design):
    owner, _token, design = owner_with_design
    policy_url = f"{DESIGNS}/{design['id']}/retention-policy"
    assert api.get(policy_url, params={"ownerId": owner}).json() == "Default"
    assert api.post(policy_url, params={"ownerId": owner, "policy": "Forever"}).status_code == 400
    assert api.post(policy_url, params={"ownerId": owner}, data="not json").status_code == 400
    assert api.post(policy_url, params={"ownerId": owner}).status_code == 400
    assert api.post(policy_url, params={"ownerId": owner, "policy": "Never"}).status_code == 200
    assert api.get(policy_url, params={"ownerId": owner}).json() == "Never"
    # The documentation's example sends the policy as a JSON body.
    assert api.post(policy_url, params={"ownerId": owner}, json={"policy": "Default"}).status_code == 200
    assert api.get(policy_url, params={"ownerId": owner}).json() == "Default"
    assert api.post(policy_url, params={"ownerId": make_user(api), "policy": "Never"}).status_code == 404


def test_the_clean_up_deletes_old_default_designs_but_keeps_never_and_project_designs(api, sandbox):
    guest = make_user(api, anonymous=True)
    token = user_token(api, guest)
    forgotten, kept, ordered = (make_design(api, token) for _ in range(3))
    api.post(f"{DESIGNS}/{kept['id']}/retention-policy", params={"ownerId": guest, "policy": "Never"})
    make_project(api, guest, [(("printshop-classic-business-card", "BC-CLASSIC-100-MATTE"), [ordered["id"]])])

    young = requests.post(f"{sandbox.url}/sandbox/clean-up", json={"older_than_seconds": 3600}, timeout=10)
    assert young.json() == {"deleted": []}
    swept = requests.post(f"{sandbox.url}/sandbox/clean-up", json={"older_than_seconds": 0}, timeout=10)
    assert swept.json() == {"deleted": [forgotten["id"]]}

    assert api.get(f"{DESIGNS}/{forgotten['id']}", params={"ownerId": guest}).status_code == 404
    assert api.get(f"{DESIGNS}/{kept['id']}", params={"ownerId": guest}).status_code == 200
    assert api.get(f"{DESIGNS}/{ordered['id']}", params={"ownerId": guest}).status_code == 200
    bad = requests.post(f"{sandbox.url}/sandbox/clean-up", json={"older_than_seconds": -1}, timeout=10)
    assert bad.status_code == 400


def test_the_tenant_names_its_retention_period_and_its_clean_up_uses_it(api, sandbox):
    tenant = api.get(f"/api/storage/v1/tenants/{sandbox.tenant_id}").json()
    assert tenant["settings"] == {"enableAssetsRetention": True, "assetsRetentionPeriodInDays": 60}
    assert api.get("/api/storage/v1/tenants/999").status_code == 404
    owner = make_user(api, anonymous=True)
    design = make_design(api, user_token(api, owner))
    assert api.post(f"/api/storage/v1/tenants/{sandbox.tenant_id}/clean-up").status_code == 200
    assert api.get(f"{DESIGNS}/{design['id']}", params={"ownerId": owner}).status_code == 200
    sandbox.configure(retention_days=7)
    assert (
        api.get(f"/api/storage/v1/tenants/{sandbox.tenant_id}").json()["settings"]["assetsRetentionPeriodInDays"] == 7
    )


def test_listing_names_only_the_owners_designs(api, owner_with_design):
    owner, _token, design = owner_with_design
    other = make_user(api)
    make_design(api, user_token(api, other))
    listed = api.get(DESIGNS, params={"ownerId": owner}).json()
    assert listed["total"] == 1 and [item["id"] for item in listed["items"]] == [design["id"]]
