"""Storefront users: create, get, list, register, user tokens (JWT) and merging an anonymous user's designs."""

import time

from flask import Blueprint, current_app, request

from . import store
from .auth import issue_user_token
from .responses import (
    check_storefront,
    compact,
    conflict,
    empty,
    invalid,
    json_body,
    not_found,
    ok,
    paged,
    paging,
    query_bool,
    string_response,
)
from .stats import operation

bp = Blueprint("storefront_users", __name__, url_prefix="/api/storefront/v1/storefront-users")


def user_dto(row) -> dict:
    return compact(
        userId=row["user_id"],
        tenantId=current_app.config["SANDBOX_TENANT_ID"],
        storefrontId=row["storefront_id"],
        isAnonymous=bool(row["is_anonymous"]),
    )


def find_user(conn, user_id):
    return conn.execute("SELECT * FROM users WHERE user_id = ?", (user_id,)).fetchone()


def _required_str(body: dict, name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value.strip():
        invalid(name, f"The {name} field is required.")
    return value


@bp.post("")
@operation("StorefrontUsers_Create")
def create():
    """201 StorefrontUserDto; 409 GeneralConflict when the user exists."""
    storefront_id = check_storefront()
    body = json_body()
    user_id = _required_str(body, "storefrontUserId")
    is_anonymous = body.get("isAnonymous", False)
    if not isinstance(is_anonymous, bool):
        invalid("isAnonymous", "The isAnonymous field must be true or false.")
    conn = store.get_db()
    with store.write(conn):
        if find_user(conn, user_id) is not None:
            conflict(f"Storefront user '{user_id}' already exists.")
        conn.execute(
            "INSERT INTO users (user_id, storefront_id, is_anonymous, created) VALUES (?, ?, ?, ?)",
            (user_id, storefront_id, int(is_anonymous), time.time()),
        )
        row = find_user(conn, user_id)
    return ok(user_dto(row), 201)


@bp.get("")
@operation("StorefrontUsers_GetAll")
def list_users():
    """PagedOfStorefrontUserDto, filtered by storefrontUserId, search (partial id) and includeAnonymous."""
    check_storefront()
    skip, take = paging()
    sql, params = "SELECT * FROM users WHERE 1 = 1", []
    if request.args.get("storefrontUserId"):
        sql += " AND user_id = ?"
        params.append(request.args["storefrontUserId"])
    if request.args.get("search"):
        sql += " AND instr(lower(user_id), lower(?)) > 0"
        params.append(request.args["search"])
    if not query_bool("includeAnonymous", True):
        sql += " AND is_anonymous = 0"
    rows = store.get_db().execute(sql + " ORDER BY created, user_id", params).fetchall()
    return ok(paged([user_dto(row) for row in rows], skip, take))


@bp.get("/token")
@operation("StorefrontUsers_GetToken")
def token():
    """The user's token as a string (JSON string for Accept: application/json); 404 for unknown users."""
    check_storefront()
    user_id = request.args.get("storefrontUserId")
    if not user_id:
        invalid("storefrontUserId", "The storefrontUserId field is required.")
    if find_user(store.get_db(), user_id) is None:
        not_found(f"Storefront user '{user_id}' was not found.")
    return string_response(issue_user_token(user_id))


@bp.post("/merge-anonymous")
@operation("StorefrontUsers_MergeAnonymous")
def merge_anonymous():
    """Move the anonymous user's private designs to the regular user: 200 (also when repeated), 404 unknown users."""
    check_storefront()
    body = json_body()
    anonymous_id = _required_str(body, "anonymousStorefrontUserId")
    regular_id = _required_str(body, "regularStorefrontUserId")
    if anonymous_id == regular_id:
        conflict("The anonymous and the regular storefront user are the same user.")
    conn = store.get_db()
    with store.write(conn):
        anonymous, regular = find_user(conn, anonymous_id), find_user(conn, regular_id)
        if anonymous is None:
            not_found(f"Storefront user '{anonymous_id}' was not found.")
        if regular is None:
            not_found(f"Storefront user '{regular_id}' was not found.")
        if not anonymous["is_anonymous"]:
            conflict(f"Storefront user '{anonymous_id}' is not anonymous.")
        if regular["is_anonymous"]:
            conflict(f"Storefront user '{regular_id}' is anonymous; merge into a regular user.")
        conn.execute("UPDATE designs SET owner_id = ? WHERE owner_id = ?", (regular_id, anonymous_id))
        conn.execute("UPDATE users SET merged_into = ? WHERE user_id = ?", (regular_id, anonymous_id))
    return empty(200)


@bp.post("/register")
@operation("StorefrontUsers_Register")
def register():
    """An anonymous user becomes regular (an unknown one is created regular): 200; 409 when already regular."""
    storefront_id = check_storefront()
    user_id = _required_str(json_body(), "storefrontUserId")
    conn = store.get_db()
    with store.write(conn):
        row = find_user(conn, user_id)
        if row is None:
            conn.execute(
                "INSERT INTO users (user_id, storefront_id, is_anonymous, created) VALUES (?, ?, 0, ?)",
                (user_id, storefront_id, time.time()),
            )
        elif row["is_anonymous"]:
            conn.execute("UPDATE users SET is_anonymous = 0 WHERE user_id = ?", (user_id,))
        else:
            conflict(f"Storefront user '{user_id}' is already registered.")
        row = find_user(conn, user_id)
    return ok(user_dto(row))


@bp.get("/<user_id>")
@operation("StorefrontUsers_Get")
def get(user_id):
    """StorefrontUserDto; 404 for unknown users."""
    check_storefront()
    row = find_user(store.get_db(), user_id)
    if row is None:
        not_found(f"Storefront user '{user_id}' was not found.")
    return ok(user_dto(row))
