"""Design rendering with one layout: print PDFs (fpdf2, one page per design) and SVG previews."""

from pathlib import Path
from xml.sax.saxutils import escape

from fpdf import FPDF

PT_TO_MM = 25.4 / 72
LINE_HEIGHT = 1.35  # line pitch as a multiple of the font size
MARGIN_MM = 4
FOOTER_PT = 6


def text_layout(design: dict) -> list[tuple[str, float, float]]:
    """[(text, font size in mm, baseline y in mm)]: the lines stacked and centred on the page."""
    lines = [line for line in design["lines"] if line.strip()] or [""]
    size = design["font_size"] * PT_TO_MM
    pitch = size * LINE_HEIGHT
    top = (design["height_mm"] - pitch * len(lines)) / 2
    return [(line, size, top + pitch * index + pitch / 2 + size * 0.35) for index, line in enumerate(lines)]


def design_svg(design: dict) -> str:
    """An SVG preview in millimetre units at the design's aspect ratio."""
    width, height = design["width_mm"], design["height_mm"]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}mm" height="{height}mm">',
        f'<rect width="{width}" height="{height}" fill="{escape(design["background_color"])}"/>',
    ]
    for text, size, baseline in text_layout(design):
        parts.append(
            f'<text x="{width / 2:.2f}" y="{baseline:.2f}" font-size="{size:.2f}" text-anchor="middle" '
            f'font-family="DejaVu Sans, Helvetica, Arial, sans-serif" fill="{escape(design["text_color"])}">'
            f"{escape(text)}</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts)


class _Pdf(FPDF):
    """FPDF with a Unicode font when one is installed, else the core Helvetica (Latin-1 only)."""

    def __init__(self, font_path: str | None):
        super().__init__(unit="mm")
        self.set_auto_page_break(False)
        self.set_margins(0, 0, 0)
        self.set_creator("Printshop Hub sandbox")
        if font_path and Path(font_path).is_file():
            self.add_font("Sans", "", font_path)
            self.family_name, self.unicode_font = "Sans", True
        else:
            self.family_name, self.unicode_font = "Helvetica", False

    def clean(self, text: str) -> str:
        return text if self.unicode_font else text.encode("latin-1", "replace").decode("latin-1")

    def centred(self, text: str, size_mm: float, baseline: float):
        """Write one centred line, shrinking it to fit between the margins."""
        text = self.clean(text)
        size_pt = size_mm / PT_TO_MM
        self.set_font(self.family_name, size=size_pt)
        room = self.w - 2 * MARGIN_MM
        width = self.get_string_width(text)
        if width > room:
            size_pt *= room / width
            self.set_font(self.family_name, size=size_pt)
            width = self.get_string_width(text)
        self.text((self.w - width) / 2, baseline, text)


def item_pdf(designs: list[dict], footer: str, title: str, font_path: str | None = None) -> bytes:
    """The print file of one project item: a page per design, sized width_mm x height_mm, with a footer line."""
    pdf = _Pdf(font_path)
    pdf.set_title(title)
    for number, design in enumerate(designs, start=1):
        pdf.add_page(format=(design["width_mm"], design["height_mm"]))
        pdf.set_fill_color(design["background_color"])
        pdf.rect(0, 0, pdf.w, pdf.h, style="F")
        pdf.set_text_color(design["text_color"])
        for text, size, baseline in text_layout(design):
            pdf.centred(text, size, baseline)
        pdf.set_font(pdf.family_name, size=FOOTER_PT)
        page_note = f" | page {number}/{len(designs)}" if len(designs) > 1 else ""
        pdf.text(2, pdf.h - 1.5, pdf.clean(footer + page_note))
    return bytes(pdf.output())
