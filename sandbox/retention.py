"""The Asset Storage retention clean-up and the tenant settings it reads (/api/storage/v1/tenants).

*Retention policy* (https://customerscanvas.com/docs/hub/dev-center/api/asset-storage/retention-policy/): a daily
task deletes the assets of tenants with `enableAssetsRetention` whose `RetentionPolicy` is `Default` and whose
`LastAccessTime` is older than `assetsRetentionPeriodInDays` (default 60; 0 means no clean-up);
`POST /api/storage/v1/tenants/{id}/clean-up` runs it at once. `Never` (and `Unknown`) keep an asset. The Storefront
documentation adds that an anonymous storefront user's storage is temporary and that a design a project uses is
kept: the sandbox never deletes a design named by a project item. The sandbox has no daily task: the clean-up runs
when that endpoint or the control endpoint `POST /sandbox/clean-up` is called.
"""

import json
import time

from flask import Blueprint, current_app

from . import store
from .catalog import CATALOG_CREATED
from .responses import compact, empty, iso, not_found, ok, paged, paging
from .stats import operation

bp = Blueprint("retention", __name__, url_prefix="/api/storage/v1/tenants")

DAY = 86400


def period_days() -> int:
    return int(current_app.extensions["sandbox"].settings["retention_days"])


def tenant_dto() -> dict:
    days = period_days()
    return compact(
        id=current_app.config["SANDBOX_TENANT_ID"],
        settings={"enableAssetsRetention": days > 0, "assetsRetentionPeriodInDays": days},
        name="sandbox",
        customFields={},
        lastModified=iso(CATALOG_CREATED),
    )


def _designs_in_projects(conn) -> set[str]:
    used = set()
    for row in conn.execute("SELECT data FROM project_items"):
        used.update(json.loads(row["data"]).get("designIds") or ())
    return used


def clean_up(conn, older_than_seconds: float) -> list[str]:
    """Delete the designs the clean-up finds outdated; their ids."""
    cutoff = time.time() - older_than_seconds
    with store.write(conn):
        used = _designs_in_projects(conn)
        rows = conn.execute(
            "SELECT id FROM designs WHERE retention_policy = 'Default' AND COALESCE(last_access, created) <= ?",
            (cutoff,),
        ).fetchall()
        outdated = [row["id"] for row in rows if row["id"] not in used]
        conn.executemany("DELETE FROM designs WHERE id = ?", [(design_id,) for design_id in outdated])
    return outdated


def _tenant(tenant_id: int):
    if tenant_id != current_app.config["SANDBOX_TENANT_ID"]:
        not_found(f"Tenant {tenant_id} was not found.")


@bp.get("")
@operation("Tenants_GetAll")
def list_tenants():
    return ok(paged([tenant_dto()], *paging()))


@bp.get("/<int:tenant_id>")
@operation("Tenants_Get")
def get(tenant_id):
    """TenantDto with the retention settings; 404 for another tenant."""
    _tenant(tenant_id)
    return ok(tenant_dto())


@bp.post("/<int:tenant_id>/clean-up")
@operation("Tenants_CleanUp")
def run_clean_up(tenant_id):
    """200, no body: the clean-up with the tenant's period (nothing when it is 0)."""
    _tenant(tenant_id)
    days = period_days()
    if days > 0:
        clean_up(store.get_db(), days * DAY)
    return empty(200)
