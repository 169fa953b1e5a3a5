"""Order look-ups for the customer pages: who may see an order, its progress in plain words, its print files."""

import hmac
import logging
import mimetypes

from flask import send_file
from sqlalchemy.orm import selectinload

from .. import artifacts
from ..extensions import db
from ..models import Artifact, Order, OrderStatus, ProductVariant

log = logging.getLogger(__name__)

MAX_NUMBER_LENGTH = 32
# Print files are handed out as attachments with a type from their format; anything unknown is plain bytes.
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "tif": "image/tiff",
    "tiff": "image/tiff",
    "svg": "image/svg+xml",
    "zip": "application/zip",
}
# The steps a customer watches; a failed render stops on the second one.
STEPS = (OrderStatus.PLACED, OrderStatus.RENDERING, OrderStatus.READY, OrderStatus.FULFILLED)
STEP_LABELS = {
    OrderStatus.PLACED: "Order placed",
    OrderStatus.RENDERING: "Preparing print files",
    OrderStatus.READY: "Ready to print",
    OrderStatus.FULFILLED: "Shipped",
}
SHOWS_FILES = {OrderStatus.READY, OrderStatus.FULFILLED}


def order_by_number(number):
    if not number or len(number) > MAX_NUMBER_LENGTH:
        return None
    return db.session.execute(
        db.select(Order).filter_by(number=number).options(selectinload(Order.lines), selectinload(Order.artifacts))
    ).scalar_one_or_none()


def key_matches(order, key):
    """True when `key` is the order's secret link key (compared in constant time)."""
    if not key or not order.access_token:
        return False
    return hmac.compare_digest(key.encode("utf-8"), order.access_token.encode("utf-8"))


def belongs_to(order, shopper):
    """True when the order was placed by this customer, or by this guest session."""
    if shopper is None:
        return False
    if shopper.user is not None:
        return order.user_id == shopper.user.id
    return order.anonymous_id is not None and order.anonymous_id == shopper.anonymous_id


def orders_of(user):
    """A customer's orders, newest first."""
    return (
        db.session.execute(
            db.select(Order)
            .filter_by(user_id=user.id)
            .where(Order.number.is_not(None))
            .order_by(Order.created_at.desc(), Order.id.desc())
        )
        .scalars()
        .all()
    )


def line_products(order):
    """{variant id: product group} for the order's lines, for product images and links (variants may be gone)."""
    ids = {line.variant_id for line in order.lines if line.variant_id is not None}
    if not ids:
        return {}
    variants = db.session.execute(
        db.select(ProductVariant).where(ProductVariant.id.in_(ids)).options(selectinload(ProductVariant.product_group))
    ).scalars()
    return {variant.id: variant.product_group for variant in variants}


def is_final(order):
    return order.status in OrderStatus.FINAL


def downloadable(artifact):
    """A print file we have fetched and still hold on disk."""
    try:
        return artifact.ready and artifacts.file_present(artifact)
    except ValueError:
        log.error("artifact %s has a path outside the artifacts folder", artifact.id)
        return False


def ready_files(order):
    """The print files the customer may download now: all of them once the order is ready, none before."""
    if order.status not in SHOWS_FILES:
        return []
    return [artifact for artifact in order.artifacts if downloadable(artifact)]


def artifact_of(order, artifact_id):
    """The order's artifact with this id when its file is here, else None (no status rule: the owner's view)."""
    artifact = db.session.get(Artifact, artifact_id)
    if artifact is None or artifact.order_id != order.id or not downloadable(artifact):
        return None
    return artifact


def order_artifact(order, artifact_id):
    """The artifact a customer may download: only once the order is ready, and only while its file is here."""
    return artifact_of(order, artifact_id) if order.status in SHOWS_FILES else None


def send_artifact(order, artifact):
    """The print file as an attachment with a safe name and its content type."""
    response = send_file(
        artifacts.absolute_path(artifact.path),
        mimetype=content_type(order, artifact),
        as_attachment=True,
        download_name=download_name(order, artifact),
        etag=artifact.sha256 or True,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _extension(artifact):
    return artifacts.safe_file_name(artifact.file_format or "", default="").lower()


def download_name(order, artifact):
    """A safe file name for the browser, such as PS-000012-business-card.pdf."""
    base = artifacts.safe_file_name(artifact.name)
    extension = _extension(artifact)
    if extension and not base.lower().endswith(f".{extension}"):
        base += f".{extension}"
    return f"{artifacts.safe_file_name(order.number)}-{base}"


def content_type(order, artifact):
    extension = _extension(artifact)
    if extension in CONTENT_TYPES:
        return CONTENT_TYPES[extension]
    return mimetypes.guess_type(download_name(order, artifact))[0] or "application/octet-stream"


def progress_message(order):
    """One sentence telling the customer where the order stands."""
    status = order.status
    if status == OrderStatus.PLACED:
        return "We have your order and are about to start preparing your print files."
    if status == OrderStatus.RENDERING:
        return "We are preparing your print files. This page updates by itself; it usually takes a minute or two."
    if status == OrderStatus.READY:
        if not order.personalized_lines:
            return "Your order needs no print files: it is ready to print and pack."
        return "Your print files are ready. You can download them below."
    if status == OrderStatus.FULFILLED:
        return "Your order has shipped."
    if status == OrderStatus.RENDER_FAILED:
        return "We could not prepare your print files. Our team has been told and will contact you by email."
    if status == OrderStatus.CANCELLED:
        return "This order was cancelled."
    return order.status_label


def step_states(order):
    """[(step status, label, state)] where state is done, current, failed or todo (the JS mirrors this rule)."""
    status = order.status
    if status == OrderStatus.RENDER_FAILED:
        current = STEPS.index(OrderStatus.RENDERING)
    elif status in STEPS:
        current = STEPS.index(status)
    else:
        current = -1  # cancelled: no step applies
    states = []
    for index, step in enumerate(STEPS):
        if step == OrderStatus.RENDERING and not order.personalized_lines:
            continue  # plain products only: there are no print files to prepare
        if index < current or (index == current and status in SHOWS_FILES):
            state = "done"
        elif index == current:
            state = "failed" if status == OrderStatus.RENDER_FAILED else "current"
        else:
            state = "todo"
        states.append((step, STEP_LABELS[step], state))
    return states
