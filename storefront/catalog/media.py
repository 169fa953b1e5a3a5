"""Product images the owner uploads: checked by their bytes (PNG, JPEG, WebP, at most PRODUCT_IMAGE_MAX_BYTES),
stored under MEDIA_DIR and served at /media/…; the demo's images stay in static/.

A product group's `image` is a path: `media/products/<name>` for an upload, otherwise a file under static/.
"""

import os
import secrets
import tempfile
from pathlib import Path

from flask import Blueprint, current_app, send_from_directory, url_for

bp = Blueprint("media", __name__, url_prefix="/media")
UPLOAD_PREFIX = "media/"
PRODUCT_FOLDER = "products"
# What the first bytes of each accepted image type are; the name's extension is never trusted.
SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpg"),
)


class ImageRejected(ValueError):
    """The upload is not an image we accept; the message is for the owner."""


def image_type(head: bytes) -> str | None:
    """'png', 'jpg' or 'webp' from a file's first bytes; None for anything else."""
    for signature, kind in SIGNATURES:
        if head.startswith(signature):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def save_product_image(upload) -> str:
    """Store an uploaded product image; returns the path to keep in ProductGroup.image."""
    limit = current_app.config["PRODUCT_IMAGE_MAX_BYTES"]
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ImageRejected(f"The image is larger than {limit // (1024 * 1024)} MB. Please upload a smaller one.")
    kind = image_type(data[:16])
    if kind is None:
        raise ImageRejected("That file is not a PNG, JPEG or WebP image.")
    folder = Path(current_app.config["MEDIA_DIR"]) / PRODUCT_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_hex(12)}.{kind}"
    # Written under a temporary name and renamed: a page never shows half a file.
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=".upload-")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(temporary, 0o644)
    os.replace(temporary, folder / name)
    return f"{UPLOAD_PREFIX}{PRODUCT_FOLDER}/{name}"


def image_url(image: str | None) -> str:
    """The URL of a product group's image: an upload under /media/, anything else from static/."""
    if image and image.startswith(UPLOAD_PREFIX):
        return url_for("media.file", filename=image.removeprefix(UPLOAD_PREFIX))
    return url_for("static", filename=image or "img/logo.svg")


@bp.get("/<path:filename>")
def file(filename):
    """An uploaded image (send_from_directory refuses paths outside MEDIA_DIR)."""
    response = send_from_directory(current_app.config["MEDIA_DIR"], filename, max_age=86400)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
