"""Asset Storage private designs (/api/storage/v1/private-designs): read, list, copy, delete, retention policy.

Paths, parameters and answers follow Aurigma's generated Asset Storage client (aurigma-asset-storage-api-client
2.82.1, `PrivateDesignsApi`): `ownerId` names the private storage; get, delete and copy answer a `DesignDto`
(copy with 201), a design missing from that storage is 404 ProblemDetails; the retention policy is read as a JSON
string and set with `POST .../retention-policy?policy=Never` (200, no body). The *Retention policy* page
(https://customerscanvas.com/docs/hub/dev-center/api/asset-storage/retention-policy/) shows the same call with a
JSON body `{"policy": "Never"}`; both are accepted.
"""

from flask import Blueprint, current_app, request

from . import designs, store
from .responses import compact, empty, invalid, iso, not_found, ok, paged, paging
from .stats import operation

bp = Blueprint("private_designs", __name__, url_prefix="/api/storage/v1/private-designs")

# RetentionPolicy of the generated client; the documentation names Unknown, Never and Default.
RETENTION_POLICIES = ("Unknown", "Never", "Default", "Supervised")
# ConflictResolvingStrategy of the generated client (copy's `strategy`).
STRATEGIES = ("Abort", "Overwrite", "Rename", "Skip")


def design_dto(row) -> dict:
    return compact(
        private=True,
        size=len(row["content"]),
        tenantId=current_app.config["SANDBOX_TENANT_ID"],
        id=row["id"],
        ownerId=row["owner_id"],
        name=f"{row['product_reference']} design",
        lastModified=iso(row["created"]),
    )


def _owner() -> str:
    """The `ownerId` query: which storefront user's private storage. An application token must name one (the
    generated client's parameter is optional; the sandbox has no storage of the application itself)."""
    owner_id = request.args.get("ownerId")
    if not owner_id:
        invalid("ownerId", "The ownerId field is required: name the private storage (the storefront user id).")
    return owner_id


def _owned(conn, design_id: str):
    """The design in the owner's private storage; 404 otherwise (another user's design is not confirmed)."""
    owner_id = _owner()
    row = designs.find(conn, design_id)
    if row is None or row["owner_id"] != owner_id:
        not_found(f"Private design '{design_id}' was not found in the storage of '{owner_id}'.")
    return row


def _choice(name: str, value, allowed):
    if value not in allowed:
        invalid(name, f"The value '{value}' is not valid for {name}; use one of {', '.join(allowed)}.")
    return value


@bp.get("")
@operation("PrivateDesigns_GetAll")
def list_designs():
    """PagedOfDesignDto of the owner's designs, oldest first, optionally by retentionPolicy."""
    sql, params = "SELECT * FROM designs WHERE owner_id = ?", [_owner()]
    if request.args.get("retentionPolicy"):
        sql += " AND retention_policy = ?"
        params.append(_choice("retentionPolicy", request.args["retentionPolicy"], RETENTION_POLICIES))
    rows = store.get_db().execute(sql + " ORDER BY created, id", params).fetchall()
    return ok(paged([design_dto(row) for row in rows], *paging()))


@bp.get("/<design_id>")
@operation("PrivateDesigns_Get")
def get(design_id):
    conn = store.get_db()
    with store.write(conn):
        row = _owned(conn, design_id)
        designs.touch(conn, design_id)
    return ok(design_dto(row))


@bp.post("/<design_id>")
@operation("PrivateDesigns_Copy")
def copy(design_id):
    """201 DesignDto of a new design in the same storage with the source's content; the source is unchanged."""
    if request.args.get("strategy"):
        _choice("strategy", request.args["strategy"], STRATEGIES)
    conn = store.get_db()
    with store.write(conn):
        source = _owned(conn, design_id)
        designs.touch(conn, design_id)
        new_id = designs.copy(conn, source)
    return ok(design_dto(designs.find(conn, new_id)), 201)


@bp.delete("/<design_id>")
@operation("PrivateDesigns_Delete")
def delete(design_id):
    """200 with the deleted DesignDto."""
    conn = store.get_db()
    with store.write(conn):
        row = _owned(conn, design_id)
        conn.execute("DELETE FROM designs WHERE id = ?", (design_id,))
    return ok(design_dto(row))


@bp.get("/<design_id>/retention-policy")
@operation("PrivateDesigns_GetRetentionPolicy")
def get_retention_policy(design_id):
    """The policy as a JSON string, e.g. "Default"."""
    return ok(_owned(store.get_db(), design_id)["retention_policy"])


def _requested_policy() -> str:
    policy = request.args.get("policy")
    if policy is None and request.get_data():
        body = request.get_json(silent=True)
        policy = body.get("policy") if isinstance(body, dict) else None
        if policy is None:
            invalid("policy", 'Send the policy as ?policy= or a JSON body {"policy": "Never"}.')
    if policy is None:
        invalid("policy", "The policy field is required.")
    return _choice("policy", policy, RETENTION_POLICIES)


@bp.post("/<design_id>/retention-policy")
@operation("PrivateDesigns_SetRetentionPolicy")
def set_retention_policy(design_id):
    """200, no body. Never keeps the design from the retention clean-up; Default leaves it to the clean-up."""
    policy = _requested_policy()
    conn = store.get_db()
    with store.write(conn):
        _owned(conn, design_id)
        conn.execute("UPDATE designs SET retention_policy = ? WHERE id = ?", (policy, design_id))
    return empty(200)
