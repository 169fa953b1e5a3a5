"""Reading a PDF for its proof: the trim size comes from the TrimBox when there is one, else the MediaBox, as the
page is shown; the thumbnail is the page as a viewer opens it; anything else is no PDF."""

import io

import pypdfium2 as pdfium
import pytest
from PIL import Image

from sandbox.render import item_pdf
from storefront.fulfillment.rasterise import MAX_SIDE_PX, NotAProof, first_page_proof

MM_PER_PT = 25.4 / 72
DESIGN = {"lines": ["Hi"], "font_size": 14, "text_color": "#1f2933", "background_color": "#ffffff"}


def pdf_of(*sizes_mm):
    """A PDF as the sandbox renders it, a page per (width, height) in mm."""
    return item_pdf([{**DESIGN, "width_mm": w, "height_mm": h} for w, h in sizes_mm], "footer", "test")


def changed(pdf, change):
    """The PDF after `change(first page)`, saved again by PDFium."""
    document = pdfium.PdfDocument(pdf)
    change(document[0])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def mm(points):
    return round(points * MM_PER_PT, 1)


def picture(proof):
    return Image.open(io.BytesIO(proof.png))


def test_a_pdf_without_a_trimbox_is_trimmed_at_its_mediabox():
    proof = first_page_proof(io.BytesIO(pdf_of((148, 210), (85, 55))))
    assert proof.page_count == 2
    assert (mm(proof.trim_width_pt), mm(proof.trim_height_pt)) == (148, 210)
    image = picture(proof)
    assert image.format == "PNG" and image.size[1] == MAX_SIDE_PX
    assert image.size[0] == pytest.approx(MAX_SIDE_PX * 148 / 210, abs=1)


def test_the_trimbox_gives_the_trim_size_and_the_thumbnail_keeps_the_bleed():
    # 3.5 x 2 in with 1/8 in of bleed all round: the MediaBox is 3.75 x 2.25 in.
    bled = changed(pdf_of((95.25, 57.15)), lambda page: page.set_trimbox(9, 9, 9 + 252, 9 + 144))
    proof = first_page_proof(io.BytesIO(bled))
    assert (proof.trim_width_pt, proof.trim_height_pt) == (252, 144)
    assert picture(proof).size == (MAX_SIDE_PX, 288)


def test_a_rotated_page_is_measured_and_drawn_as_it_is_shown():
    proof = first_page_proof(io.BytesIO(changed(pdf_of((85, 55)), lambda page: page.set_rotation(90))))
    assert (mm(proof.trim_width_pt), mm(proof.trim_height_pt)) == (55, 85)
    width, height = picture(proof).size
    assert height == MAX_SIDE_PX and width < height


@pytest.mark.parametrize(
    "data", [b"", b"%PDF-1.7\n" + b"\x00" * 200, b"<html>not a pdf</html>", pdf_of((85, 55))[:400]]
)
def test_what_is_no_readable_pdf_has_no_proof(data):
    with pytest.raises(NotAProof, match="not a readable PDF"):
        first_page_proof(io.BytesIO(data))
