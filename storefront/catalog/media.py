"""Product images the owner uploads: checked by their bytes (PNG, JPEG, WebP, at most PRODUCT_IMAGE_MAX_BYTES),
kept in the database (ProductImage: every web host serves them) and served at /media/…; the demo's images stay
in static/.

A product group's `image` is a path: `media/products/<name>` for an upload, otherwise a file under static/.
Uploads from before images moved into the database are still served from MEDIA_DIR.
"""

import hashlib
import secrets

from flask import Blueprint, abort, current_app, make_response, request, send_from_directory, url_for
from werkzeug.exceptions import NotFound

from ..extensions import db
from .models import ProductImage

bp = Blueprint("catalog_media", __name__, url_prefix="/media")
UPLOAD_PREFIX = "media/"
PRODUCT_FOLDER = "products"
# What the first bytes of each accepted image type are; the name's extension is never trusted.
SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpg"),
)
CONTENT_TYPES = {"png": "image/png", "jpg": "image/jpeg", "webp": "image/webp"}
# An image's name is random and never reused: browsers and proxies may keep it for a year.
IMMUTABLE = "public, max-age=31536000, immutable"


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
    name = f"{secrets.token_hex(12)}.{kind}"
    digest = hashlib.sha256(data).hexdigest()
    db.session.add(ProductImage(name=name, content_type=CONTENT_TYPES[kind], data=data, sha256=digest))
    return f"{UPLOAD_PREFIX}{PRODUCT_FOLDER}/{name}"


def image_url(image: str | None) -> str:
    """The URL of a product group's image: an upload under /media/, anything else from static/."""
    if image and image.startswith(UPLOAD_PREFIX):
        return url_for("catalog_media.file", filename=image.removeprefix(UPLOAD_PREFIX))
    return url_for("static", filename=image or "img/logo.svg")


@bp.get("/<path:filename>")
def file(filename):
    """An uploaded image: from the database, else (an upload from before) from MEDIA_DIR."""
    folder, _, name = filename.rpartition("/")
    image = db.session.get(ProductImage, name) if folder == PRODUCT_FOLDER else None
    if image is None:
        return _from_media_dir(filename)
    response = make_response(image.data)
    response.content_type = image.content_type
    response.set_etag(image.sha256)
    response.headers["Cache-Control"] = IMMUTABLE
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response.make_conditional(request)


def _from_media_dir(filename):
    try:
        response = send_from_directory(current_app.config["MEDIA_DIR"], filename, max_age=86400)
    except NotFound:
        abort(404)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
