"""Request body limits: MAX_CONTENT_LENGTH for every request, a larger one for the few views that take an upload.

Flask takes a request's limit from `request.max_content_length`, which must be set before anything reads the
body. CSRFProtect checks every POST in an app-level before_request that reads the form, and a blueprint's own
before_request runs only after it, so the hook that sets a view's limit is put first among the app's.
"""

from collections.abc import Callable

from flask import current_app, request

# A view's limit: a function of the request (None keeps MAX_CONTENT_LENGTH), kept on the view under this name.
ATTRIBUTE = "body_limit"


def body_limit(limit: Callable[[], int | None]):
    """Decorate a view (below its route decorator) whose requests may be `limit()` bytes long."""

    def mark(view):
        setattr(view, ATTRIBUTE, limit)
        return view

    return mark


def init_app(app):
    """Run the hook before any other before_request of the app (CSRFProtect's included), whenever registered."""
    app.before_request_funcs.setdefault(None, []).insert(0, apply_view_limit)


def apply_view_limit():
    """Set the matched view's own limit on the request, if it has one."""
    limit = getattr(current_app.view_functions.get(request.endpoint), ATTRIBUTE, None)
    value = limit() if limit is not None else None
    if value is not None:
        request.max_content_length = value
