"""Projects: creation rules, the pipeline to real PDFs, failures with resume/restart, transitions and webhooks."""

import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pypdf
import pytest
import requests

from tests.fixtures.waiting import eventually

from .hub_api import (
    CARD,
    MUG,
    STOREFRONT,
    make_design,
    make_project,
    make_user,
    processing_results,
    unique,
    wait_processing,
)

PROJECTS = f"{STOREFRONT}/projects"
MM_PER_PT = 25.4 / 72


def page_sizes_mm(pdf: bytes) -> list[tuple[int, int]]:
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return [(round(float(p.mediabox.width) * MM_PER_PT), round(float(p.mediabox.height) * MM_PER_PT)) for p in pages]


def test_a_project_needs_an_owner(api):
    response = api.post(f"{PROJECTS}/with-multiple-items", params={"storefrontId": 1}, json={"items": []})
    assert response.status_code == 400
    assert response.json()["errors"] == {"ownerId": ["The ownerId field is required."]}
    missing_storefront = api.post(f"{PROJECTS}/with-multiple-items", json={"ownerId": "x"})
    assert missing_storefront.status_code == 400


def test_an_order_becomes_one_pdf_per_item_with_a_page_per_design(api, owner_with_design):
    owner, token, card = owner_with_design
    mug = make_design(api, token, MUG, lines=["World's best", "coffee maker"], width_mm=200, height_mm=85)
    project = make_project(api, owner, [(CARD, [card["id"]]), (MUG, [mug["id"], card["id"]])])
    assert project["status"] == 1 and project["processingStatus"] == "Pending"
    assert [item["id"] for item in project["items"]] == sorted(item["id"] for item in project["items"])

    results = wait_processing(api, project["id"])
    assert results["status"] == "Completed", results
    files = results["outputFileDetails"]
    assert [(f["orderLineItemIndex"], f["projectItemId"]) for f in files] == [
        (0, project["items"][0]["id"]),
        (1, project["items"][1]["id"]),
    ]
    pdfs = []
    for output in files:
        assert output["anonymousAccess"] is False and output["format"] == "pdf"
        assert output["url"] == f"{api.sandbox.url}/api/storage/v1/artifacts/{output['artifactId']}/file"
        assert requests.get(output["url"], timeout=10).status_code == 401
        download = api.get(f"/api/storage/v1/artifacts/{output['artifactId']}/file", params={"attachment": "true"})
        assert download.headers["Content-Type"] == "application/pdf"
        assert int(download.headers["Content-Length"]) == output["size"] == len(download.content)
        assert f"filename={output['name']}.pdf" in download.headers["Content-Disposition"]
        pdfs.append(download.content)
    assert page_sizes_mm(pdfs[0]) == [(85, 55)]
    assert page_sizes_mm(pdfs[1]) == [(200, 85), (85, 55)]
    first_page = pypdf.PdfReader(io.BytesIO(pdfs[1])).pages[0].extract_text()
    assert "World's best" in first_page and "MUG-11OZ-WHITE" in first_page and "qty 2" in first_page

    artifact = api.get(f"/api/storage/v1/artifacts/{files[0]['artifactId']}").json()
    assert (artifact["type"], artifact["group"], artifact["ownerId"]) == ("Final", f"project-{project['id']}", owner)
    group = api.get("/api/storage/v1/artifacts", params={"group": f"project-{project['id']}"}).json()
    assert group["total"] == 2


def test_anonymous_access_outputs_download_without_a_token(api, owner_with_design):
    api.sandbox.configure(anonymous_access=True)
    owner, _, design = owner_with_design
    project = make_project(api, owner, [(CARD, [design["id"]])])
    output = wait_processing(api, project["id"])["outputFileDetails"][0]
    assert output["anonymousAccess"] is True
    public = requests.get(output["url"], timeout=10)
    assert public.status_code == 200 and public.content.startswith(b"%PDF")


def test_an_unknown_design_fails_the_pipeline_with_a_reason(api):
    owner = make_user(api)
    project = make_project(api, owner, [(CARD, ["no-such-design"])])
    results = wait_processing(api, project["id"])
    assert results["status"] == "Failed"
    assert "no-such-design" in results["statusDescription"] and "not found" in results["statusDescription"]


def test_someone_elses_design_fails_the_pipeline(api, owner_with_design):
    _, _, design = owner_with_design
    project = make_project(api, make_user(api), [(CARD, [design["id"]])])
    assert "not owned" in wait_processing(api, project["id"])["statusDescription"]


def test_a_failed_pipeline_resumes_and_a_finished_one_restarts(api, owner_with_design):
    owner, _, design = owner_with_design
    api.sandbox.set_faults(fail_pipeline_next=1)
    project = make_project(api, owner, [(CARD, [design["id"]])])
    resume = f"{PROJECTS}/{project['id']}/resume-processing"
    failed = wait_processing(api, project["id"])
    assert failed["status"] == "Failed" and "Injected" in failed["statusDescription"]

    assert api.post(resume).status_code == 204
    assert processing_results(api, project["id"])["status"] == "InProgress"
    completed = wait_processing(api, project["id"])
    assert completed["status"] == "Completed" and len(completed["outputFileDetails"]) == 1

    conflict = api.post(resume)
    assert conflict.status_code == 409 and conflict.json()["type"] == "GeneralConflict"

    assert api.post(f"{PROJECTS}/{project['id']}/restart-processing").status_code == 204
    assert processing_results(api, project["id"])["status"] == "Pending"
    restarted = wait_processing(api, project["id"])
    assert restarted["status"] == "Completed"
    assert restarted["outputFileDetails"][0]["artifactId"] != completed["outputFileDetails"][0]["artifactId"]
    old = api.get(f"/api/storage/v1/artifacts/{completed['outputFileDetails'][0]['artifactId']}")
    assert old.status_code == 404


def test_a_disallowed_transition_conflicts_with_the_available_ones(api, owner_with_design):
    owner, _, design = owner_with_design
    project = make_project(api, owner, [(CARD, [design["id"]])])
    conflict = api.post(f"{PROJECTS}/{project['id']}/transitions/Complete")
    assert conflict.status_code == 409
    body = conflict.json()
    assert body["type"] == "GeneralConflict" and "Complete" in body["description"]
    assert {t["name"] for t in body["availableTransitions"]} == {"Confirm", "Reject"}

    confirmed = api.post(f"{PROJECTS}/{project['id']}/transitions/Confirm")
    assert confirmed.json() == {"id": 2, "code": 2, "color": "#7048e8", "displayName": "Confirmed"}
    assert api.get(f"{PROJECTS}/{project['id']}").json()["status"] == 2
    assert api.post(f"{PROJECTS}/{project['id']}/transitions/Teleport").status_code == 400
    assert api.post(f"{PROJECTS}/{project['id']}/statuses/4").json()["displayName"] == "Completed"


def test_projects_list_filters_by_order_and_pages(api, owner_with_design):
    owner, _, design = owner_with_design
    order_id = unique("order")
    first = make_project(api, owner, [(CARD, [design["id"]])], orderId=order_id)
    for _ in range(2):
        make_project(api, owner, [(CARD, [design["id"]])])
    by_order = api.get(PROJECTS, params={"orderId": order_id}).json()
    assert by_order["total"] == 1 and by_order["items"][0]["id"] == first["id"]
    page = api.get(PROJECTS, params={"ownerId": owner, "skip": 1, "take": 1}).json()
    assert page["total"] == 3 and len(page["items"]) == 1
    assert api.delete(f"{PROJECTS}/{first['id']}").status_code == 200
    assert api.get(f"{PROJECTS}/{first['id']}").status_code == 404


@pytest.fixture
def webhook_receiver():
    """A local HTTP server recording (headers, JSON body) of every POST."""
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's naming
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((dict(self.headers), json.loads(body)))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hooks/hub", received
    server.shutdown()


def test_the_webhook_hears_how_processing_ended(api, owner_with_design, webhook_receiver):
    url, received = webhook_receiver
    api.sandbox.configure(webhook_url=url, webhook_secret="s3cret")
    owner, _, design = owner_with_design
    project = make_project(api, owner, [(CARD, [design["id"]])], orderId="order-77")
    wait_processing(api, project["id"])
    headers, body = eventually(lambda: received, lambda calls: calls)[0]
    assert body == {"projectId": project["id"], "orderId": "order-77", "status": "Completed"}
    assert headers["X-Webhook-Secret"] == "s3cret"


def test_render_hires_scenario_makes_a_single_item_project(api, owner_with_design):
    owner, _, design = owner_with_design
    body = {"ownerId": owner, "scenario": {"designId": design["id"], "name": "hires", "format": "Pdf"}}
    project = api.post(f"{PROJECTS}/by-scenario/render-hires", params={"storefrontId": 1}, json=body)
    assert project.status_code == 201
    assert project.json()["items"][0]["designIds"] == [design["id"]]
    assert wait_processing(api, project.json()["id"])["outputFileDetails"][0]["name"] == "hires"
    no_scenario = api.post(f"{PROJECTS}/by-scenario/render-hires", params={"storefrontId": 1}, json={"ownerId": owner})
    assert no_scenario.status_code == 400
