"""Which product, cart line and saved design a personalize page edits: a signed token the page sends back.

The editor never sees the token and nothing it returns decides what is replaced: the Hub's editors answer with a
new key and a new state id on every save, so the page, not the editor, must say what it is editing.
"""

from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

SALT = "printshop.edit-target"
HEADER = "X-Edit-Target"


class InvalidEditTarget(Exception):
    """The token was not made by this store (or was changed)."""


@dataclass(frozen=True)
class EditTarget:
    """The page's own state: whose editor it is, for which product group, and what it replaces when saved."""

    storefront_user_id: str
    product_group_id: int
    sku: str | None = None
    line_id: int | None = None
    design_id: int | None = None

    @property
    def editing(self):
        return self.line_id is not None or self.design_id is not None


def _serializer():
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def sign(target: EditTarget) -> str:
    payload = {"u": target.storefront_user_id, "p": target.product_group_id, "s": target.sku}
    if target.line_id is not None:
        payload["l"] = target.line_id
    if target.design_id is not None:
        payload["d"] = target.design_id
    return _serializer().dumps(payload)


def read(token: str | None) -> EditTarget | None:
    """The target a page sent, None when it sent none; InvalidEditTarget for a token this store did not sign."""
    if not token:
        return None
    try:
        payload = _serializer().loads(token)
        return EditTarget(str(payload["u"]), int(payload["p"]), payload.get("s"), payload.get("l"), payload.get("d"))
    except (BadSignature, KeyError, TypeError, ValueError):
        raise InvalidEditTarget("edit target token refused") from None
