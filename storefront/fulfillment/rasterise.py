"""A PDF's first page as a small PNG, with the document's page count and that page's trim size (pypdfium2).

PDFium is Chrome's PDF engine: it reads what the Hub renders (and what a damaged file is not) as a browser would.
It is not thread-safe, which suits the worker: each job runs in a work horse of its own.
"""

import io
from dataclasses import dataclass

import pypdfium2 as pdfium

# The longest side of a proof thumbnail, in pixels: sharp at the size the order pages draw it on a 2x screen.
MAX_SIDE_PX = 480
# Boxes are read in PDF points; a page larger than PDF's own limit (200 in) is not a page a printer prints.
MAX_PAGE_PT = 14400


class NotAProof(Exception):
    """The file cannot be read as a PDF with a page to show; the message says why in a few words."""


@dataclass(frozen=True)
class PageProof:
    png: bytes
    page_count: int
    trim_width_pt: float
    trim_height_pt: float


def _box_size(box):
    x0, y0, x1, y1 = box
    return abs(x1 - x0), abs(y1 - y0)


def trim_size(page):
    """(width, height) in points of the page's TrimBox, else its MediaBox, as the page is shown (rotation applied).

    PDFium reads neither box from a parent node of the page tree; the page's own size (its bounding box, which it
    does inherit) stands in for a MediaBox given only there.
    """
    box = page.get_trimbox(fallback_ok=False) or page.get_mediabox(fallback_ok=False) or page.get_bbox()
    width, height = _box_size(box)
    if page.get_rotation() in (90, 270):
        width, height = height, width
    return width, height


def first_page_proof(fileobj, max_side=MAX_SIDE_PX):
    """A PageProof of the PDF in `fileobj` (a seekable binary file); NotAProof when there is nothing to show."""
    try:
        document = pdfium.PdfDocument(fileobj)
    except pdfium.PdfiumError as exc:
        raise NotAProof(f"not a readable PDF ({exc})") from None
    try:
        if len(document) < 1:
            raise NotAProof("the PDF has no pages")
        page = document[0]
        try:
            return _proof(page, len(document), max_side)
        finally:
            page.close()
    finally:
        document.close()


def _proof(page, page_count, max_side):
    width, height = trim_size(page)
    shown_width, shown_height = page.get_size()  # what the render draws: the CropBox, turned as the page is shown
    if not all(0 < side <= MAX_PAGE_PT for side in (width, height)) or min(shown_width, shown_height) <= 0:
        raise NotAProof("the first page has no usable size")
    # pypdfium2 rounds the bitmap's sides up: a hair under the exact scale keeps the longest one at max_side.
    scale = max_side / max(shown_width, shown_height) * (1 - 1e-9)
    try:
        image = page.render(scale=scale).to_pil()
    except (pdfium.PdfiumError, ValueError) as exc:
        raise NotAProof(f"the first page cannot be drawn ({exc})") from None
    out = io.BytesIO()
    image.convert("RGB").save(out, format="PNG", optimize=True)
    return PageProof(out.getvalue(), page_count, round(width, 3), round(height, 3))
