"""Wire helpers shared by the Hub endpoints: DTOs without None, ProblemDetails, conflicts, paging, query parsing."""

import json
from datetime import UTC, datetime

from flask import Response, current_app, request

PROBLEM_TYPES = {
    400: ("https://tools.ietf.org/html/rfc7231#section-6.5.1", "Bad Request"),
    401: ("https://tools.ietf.org/html/rfc7235#section-3.1", "Unauthorized"),
    403: ("https://tools.ietf.org/html/rfc7231#section-6.5.3", "Forbidden"),
    404: ("https://tools.ietf.org/html/rfc7231#section-6.5.4", "Not Found"),
    405: ("https://tools.ietf.org/html/rfc7231#section-6.5.5", "Method Not Allowed"),
    409: ("https://tools.ietf.org/html/rfc7231#section-6.5.8", "Conflict"),
    429: ("https://tools.ietf.org/html/rfc6585#section-4", "Too Many Requests"),
    500: ("https://tools.ietf.org/html/rfc7231#section-6.6.1", "Internal Server Error"),
    502: ("https://tools.ietf.org/html/rfc7231#section-6.6.3", "Bad Gateway"),
    503: ("https://tools.ietf.org/html/rfc7231#section-6.6.4", "Service Unavailable"),
}


class ApiError(Exception):
    """Raised anywhere in a view to answer with a ready response (registered as an error handler)."""

    def __init__(self, response: Response):
        super().__init__(response.status)
        self.response = response


def compact(**fields) -> dict:
    """A DTO: the given fields without the None ones (the generated clients read absent as None)."""
    return {key: value for key, value in fields.items() if value is not None}


def iso(timestamp: float | None) -> str | None:
    """Epoch seconds -> ISO-8601 with timezone, e.g. 2026-01-02T03:04:05.678+00:00."""
    if timestamp is None:
        return None
    return datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="milliseconds")


def ok(body, status=200, headers=None) -> Response:
    """A JSON response."""
    return Response(json.dumps(body), status=status, headers=headers, mimetype="application/json")


def empty(status=200) -> Response:
    return Response(status=status)


def problem(status: int, detail: str | None = None, title: str | None = None, **extra) -> Response:
    """A ProblemDetails body {type, title, status, detail} (+ extra keys such as `errors`)."""
    kind, default_title = PROBLEM_TYPES.get(status, ("about:blank", "Error"))
    body = compact(type=kind, title=title or default_title, status=status, detail=detail, **extra)
    return Response(json.dumps(body), status=status, mimetype="application/problem+json")


def fail(status: int, detail: str | None = None, **extra):
    """Stop the view with a ProblemDetails response."""
    raise ApiError(problem(status, detail, **extra))


def not_found(detail: str):
    fail(404, detail)


def invalid(field: str, message: str):
    """400 in ASP.NET's validation shape: {title, status, errors: {field: [message]}}."""
    raise ApiError(problem(400, message, title="One or more validation errors occurred.", errors={field: [message]}))


def conflict(description: str, status=409):
    """409 GeneralConflictDto {description, type}."""
    raise ApiError(ok({"description": description, "type": "GeneralConflict"}, status))


def paged(items: list, skip: int | None = None, take: int | None = None) -> dict:
    """PagedOf…Dto: {total, items} for one page of `items`."""
    start = skip or 0
    end = None if take is None else start + take
    return {"total": len(items), "items": items[start:end]}


def query_int(name: str, required=False, default=None, minimum=None):
    raw = request.args.get(name)
    if raw in (None, ""):
        if required:
            invalid(name, f"The {name} field is required.")
        return default
    try:
        value = int(raw)
    except ValueError:
        invalid(name, f"The value '{raw}' is not valid for {name}.")
    if minimum is not None and value < minimum:
        invalid(name, f"The field {name} must be at least {minimum}.")
    return value


def query_bool(name: str, default=None):
    raw = request.args.get(name)
    if raw in (None, ""):
        return default
    if raw.lower() not in ("true", "false"):
        invalid(name, f"The value '{raw}' is not valid for {name}.")
    return raw.lower() == "true"


def paging() -> tuple[int, int | None]:
    """The skip/take query parameters."""
    return query_int("skip", default=0, minimum=0), query_int("take", minimum=0)


def check_storefront(required=True) -> int | None:
    """Validate the storefrontId query: 400 when required and missing, 404 when not the sandbox's storefront."""
    storefront_id = query_int("storefrontId", required=required)
    if storefront_id is not None and storefront_id != current_app.config["SANDBOX_STOREFRONT_ID"]:
        not_found(f"Storefront {storefront_id} was not found.")
    return storefront_id


def json_body() -> dict:
    """The request's JSON object; 400 when it is not one."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        invalid("body", "A JSON object body is required.")
    return body


def string_response(value: str) -> Response:
    """A string result: JSON-encoded when the client accepts JSON (the generated clients do), else text/plain."""
    if "application/json" in request.headers.get("Accept", ""):
        return ok(value)
    return Response(value, mimetype="text/plain")
