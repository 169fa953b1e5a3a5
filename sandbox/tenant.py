"""Storefronts, tenant info (including the editors' script URLs) and the unauthenticated build info."""

from flask import Blueprint, current_app

from .catalog import CATALOG_CREATED
from .responses import compact, iso, not_found, ok, paged, paging
from .stats import operation
from .workflows import application_urls

bp = Blueprint("tenant", __name__, url_prefix="/api/storefront/v1")

VERSION = "1.0.0-sandbox"


def storefront_dto() -> dict:
    config = current_app.config
    return compact(
        id=config["SANDBOX_STOREFRONT_ID"],
        tenantId=config["SANDBOX_TENANT_ID"],
        name="Printshop (sandbox)",
        type="Custom",
        created=iso(CATALOG_CREATED),
        status="Dev",
    )


@bp.get("/storefronts")
@operation("Storefronts_GetAll")
def storefronts():
    return ok(paged([storefront_dto()], *paging()))


@bp.get("/storefronts/<int:storefront_id>")
@operation("Storefronts_Get")
def storefront(storefront_id):
    if storefront_id != current_app.config["SANDBOX_STOREFRONT_ID"]:
        not_found(f"Storefront {storefront_id} was not found.")
    return ok(storefront_dto())


@bp.get("/tenant-info")
@operation("TenantInfo_GetInfo")
def tenant_info():
    return ok(
        {
            "tenantId": current_app.config["SANDBOX_TENANT_ID"],
            "tenancyName": "sandbox",
            "tenantCreationTime": iso(CATALOG_CREATED),
            "isActive": True,
        }
    )


@bp.get("/tenant-info/applications")
@operation("TenantInfo_GetApplicationsInfo")
def applications():
    """Where each editor lives; Workflow Elements and the UI Framework are served, the others are placeholders."""
    return ok(
        {
            **application_urls(),
            "tenantId": current_app.config["SANDBOX_TENANT_ID"],
            "designEditorApiKey": "sandbox-unused",
            "preflightApiKey": "sandbox-unused",
            "dynamicImageApiKey": "sandbox-unused",
        }
    )


@bp.get("/tenant-info/measure-units")
@operation("TenantInfo_GetMeasureUnitsInfo")
def measure_units():
    units = [
        {"name": "Millimeter", "shortName": "mm", "ratio": 1.0, "isDefault": True},
        {"name": "Inch", "shortName": "in", "ratio": 25.4, "isDefault": False},
    ]
    return ok({"sizeMeasureUntis": units})


@bp.get("/info")
@operation("BuildInfo_GetInfo")
def info():
    """Build info; no authentication (HEAD is served too)."""
    return ok(
        {"version": VERSION, "buildDate": iso(CATALOG_CREATED), "configuration": "Sandbox", "appName": "Hub sandbox"}
    )
