"""A print file's proof as the order pages show it: its state, and its page count and trim size in words.

The worker makes proofs (fulfillment/proof_making.py); the pages only read the row. Trim sizes are kept in PDF points
(1/72 in) and shown in inches and millimetres, e.g. "2 pages · 3.5 × 2 in (88.9 × 50.8 mm)".
"""

from .stored_print_files import wants_proof

MM_PER_PT = 25.4 / 72


def state(artifact):
    """The proof's state: ready (a thumbnail to show), pending (a stored PDF whose proof is on its way) or none."""
    if artifact.proof_path:
        return "ready"
    if wants_proof(artifact):
        return "pending"
    return "none"


def any_pending(artifacts):
    """True while a proof of these files is still to come (the order page keeps asking for it)."""
    return any(state(artifact) == "pending" for artifact in artifacts)


def _number(value, places):
    """A measure without trailing zeros: 3.5, 2, 88.9."""
    return f"{value:.{places}f}".rstrip("0").rstrip(".")


def trim_words(width_pt, height_pt):
    """A trim size in points, in words: 3.5 × 2 in (88.9 × 50.8 mm)."""
    inches = f"{_number(width_pt / 72, 2)} × {_number(height_pt / 72, 2)} in"
    return f"{inches} ({_number(width_pt * MM_PER_PT, 1)} × {_number(height_pt * MM_PER_PT, 1)} mm)"


def pages_words(count):
    return f"{count} page" if count == 1 else f"{count} pages"


def summary(artifact):
    """The page count and trim size, "2 pages · 3.5 × 2 in (88.9 × 50.8 mm)"; None before the proof is made."""
    if artifact.page_count is None or not artifact.trim_width_pt or not artifact.trim_height_pt:
        return None
    return f"{pages_words(artifact.page_count)} · {trim_words(artifact.trim_width_pt, artifact.trim_height_pt)}"


def info(artifact):
    """What status.json says of a file's proof: {state, pages, trim_mm: [w, h], summary}."""
    made = artifact.page_count is not None and artifact.trim_width_pt and artifact.trim_height_pt
    return {
        "state": state(artifact),
        "pages": artifact.page_count,
        "trim_mm": (
            [round(artifact.trim_width_pt * MM_PER_PT, 1), round(artifact.trim_height_pt * MM_PER_PT, 1)]
            if made
            else None
        ),
        "summary": summary(artifact),
    }
