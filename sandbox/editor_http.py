"""The editor API as the stand-ins call it (a storefront-user token), for the Python twins of the stand-ins."""

import requests

API_PATH = "/api/sandbox-editor/v1"
SESSION_EXPIRED = "Your editing session has expired. Reload the page to continue."
DESIGN_DEFAULTS = {
    "font_size": 16,
    "text_color": "#1f2933",
    "background_color": "#ffffff",
    "width_mm": 85,
    "height_mm": 55,
}
DESIGN_KEYS = ("font_size", "text_color", "background_color", "width_mm", "height_mm")


class EditorError(Exception):
    """What the stand-in would raise as its `error` event (or reject init with): the message names the cause."""

    def __init__(self, message, status=None):
        super().__init__(message)
        self.status = status


class EditorApi:
    """The sandbox editor API with a storefront-user token."""

    def __init__(self, gateway, token, timeout):
        self.base = str(gateway).rstrip("/") + API_PATH
        self.headers = {"Authorization": f"Bearer {token}"}
        self.timeout = timeout

    def call(self, method, path, body=None):
        try:
            response = requests.request(method, self.base + path, headers=self.headers, json=body, timeout=self.timeout)
        except requests.RequestException as exc:
            raise EditorError(f"The design service cannot be reached: {exc}") from exc
        if response.status_code == 401:
            raise EditorError(SESSION_EXPIRED, 401)
        if response.status_code >= 400:
            try:
                detail = response.json().get("detail")
            except ValueError:
                detail = None
            raise EditorError(detail or f"The design service answered {response.status_code}.", response.status_code)
        return response.json()

    def get(self, path, not_found=None):
        """GET; a 404 becomes EditorError(`not_found`) when given."""
        try:
            return self.call("GET", path)
        except EditorError as exc:
            if exc.status == 404 and not_found:
                raise EditorError(not_found, 404) from exc
            raise


def design_body(reference, sku, lines, source):
    body = {"productReference": reference, "sku": sku, "lines": list(lines)}
    body.update({key: source.get(key, DESIGN_DEFAULTS[key]) for key in DESIGN_KEYS})
    return body
