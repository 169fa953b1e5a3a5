"""Asset Storage artifacts: files on disk with rows in SQLite, the /api/storage/v1/artifacts API and public URLs."""

import json
import time
import uuid
from pathlib import Path

from flask import Blueprint, current_app, request, send_file

from . import store
from .config import public_url
from .responses import compact, iso, not_found, ok, paged, paging, query_bool
from .stats import operation

bp = Blueprint("artifacts", __name__)

API = "/api/storage/v1/artifacts"
ARTIFACT_TYPES = {"Temporary", "Final", "Service"}
MIMETYPES = {"pdf": "application/pdf"}


def artifact_url(config, artifact_id: str, anonymous_access: bool, name: str, fmt: str | None) -> str:
    """Anonymous artifacts: a public no-auth URL; the others: the Asset Storage file URL (bearer token needed)."""
    base = public_url(config)
    if anonymous_access:
        return f"{base}/public/artifacts/{artifact_id}/{download_name(name, fmt)}"
    return f"{base}{API}/{artifact_id}/file"


def download_name(name: str, fmt: str | None) -> str:
    suffix = f".{fmt}" if fmt else ""
    return name if name.lower().endswith(suffix) else name + suffix


def save(
    conn,
    files_dir,
    data: bytes,
    *,
    name,
    fmt,
    group,
    owner_id,
    anonymous_access,
    description=None,
    custom_fields=None,
    artifact_type="Final",
) -> dict:
    """Write the file and its row (inside the caller's transaction); returns the stored row as a dict."""
    artifact_id = str(uuid.uuid4())
    path = Path(files_dir) / f"{artifact_id}.{fmt or 'bin'}"
    path.write_bytes(data)
    row = {
        "id": artifact_id,
        "name": name,
        "description": description,
        "grp": group,
        "alias": None,
        "type": artifact_type,
        "format": fmt,
        "anonymous_access": int(anonymous_access),
        "owner_id": owner_id,
        "custom_fields": json.dumps(custom_fields or {}),
        "size": len(data),
        "path": str(path),
        "last_modified": time.time(),
    }
    conn.execute(f"INSERT INTO artifacts ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values()))  # noqa: S608
    return row


def delete_rows(conn, artifact_ids: list[str]):
    """Delete artifacts and their files (inside the caller's transaction)."""
    for artifact_id in artifact_ids:
        row = conn.execute("SELECT path FROM artifacts WHERE id = ?", (artifact_id,)).fetchone()
        if row is not None:
            conn.execute("DELETE FROM artifacts WHERE id = ?", (artifact_id,))
            Path(row["path"]).unlink(missing_ok=True)


def artifact_dto(row) -> dict:
    anonymous = bool(row["anonymous_access"])
    return compact(
        id=row["id"],
        name=row["name"],
        size=row["size"],
        description=row["description"],
        group=row["grp"],
        alias=row["alias"],
        type=row["type"],
        format=row["format"],
        anonymousAccess=anonymous,
        url=artifact_url(current_app.config, row["id"], anonymous, row["name"], row["format"]),
        tenantId=current_app.config["SANDBOX_TENANT_ID"],
        ownerId=row["owner_id"],
        customFields=json.loads(row["custom_fields"] or "{}"),
        lastModified=iso(row["last_modified"]),
    )


def find(artifact_id: str):
    row = store.get_db().execute("SELECT * FROM artifacts WHERE id = ?", (artifact_id,)).fetchone()
    if row is None or not Path(row["path"]).is_file():
        not_found(f"Artifact '{artifact_id}' was not found.")
    return row


def _file_response(row, attachment: bool):
    return send_file(
        row["path"],
        mimetype=MIMETYPES.get(row["format"], "application/octet-stream"),
        as_attachment=attachment,
        download_name=download_name(row["name"], row["format"]),
        conditional=False,
        etag=False,
        max_age=0,
    )


@bp.get(API)
@operation("Artifacts_GetAll")
def list_artifacts():
    """PagedOfArtifactDto filtered by group, alias, type and search (name)."""
    sql, params = "SELECT * FROM artifacts WHERE 1 = 1", []
    for column, arg in (("grp", "group"), ("alias", "alias"), ("type", "type")):
        if request.args.get(arg):
            sql += f" AND {column} = ?"
            params.append(request.args[arg])
    if request.args.get("search"):
        sql += " AND instr(lower(name), lower(?)) > 0"
        params.append(request.args["search"])
    rows = store.get_db().execute(sql + " ORDER BY last_modified, id", params).fetchall()
    return ok(paged([artifact_dto(row) for row in rows], *paging()))


@bp.get(f"{API}/file-storage-info")
@operation("Artifacts_GetFileStorageInfo")
def file_storage_info():
    row = store.get_db().execute("SELECT COUNT(*) AS n, COALESCE(SUM(size), 0) AS bytes FROM artifacts").fetchone()
    return ok({"fileSizeInBytes": row["bytes"], "fileCount": row["n"]})


@bp.get(f"{API}/<artifact_id>")
@operation("Artifacts_Get")
def get(artifact_id):
    return ok(artifact_dto(find(artifact_id)))


@bp.get(f"{API}/<artifact_id>/file")
@operation("Artifacts_GetFile")
def file(artifact_id):
    """The bytes (application/pdf, Content-Length); attachment=true adds Content-Disposition with the file name."""
    return _file_response(find(artifact_id), bool(query_bool("attachment", False)))


@bp.delete(f"{API}/<artifact_id>")
@operation("Artifacts_Delete")
def delete(artifact_id):
    """200 with the deleted ArtifactDto."""
    row = find(artifact_id)
    dto = artifact_dto(row)
    conn = store.get_db()
    with store.write(conn):
        delete_rows(conn, [artifact_id])
    return ok(dto)


@bp.get("/public/artifacts/<artifact_id>/<name>")
@operation("Public_GetArtifactFile")
def public_file(artifact_id, name):
    """No-auth download of an artifact stored with anonymousAccess (its id is the secret); 404 for the others."""
    row = find(artifact_id)
    if not row["anonymous_access"]:
        not_found(f"Artifact '{artifact_id}' was not found.")
    return _file_response(row, bool(query_bool("attachment", False)))
