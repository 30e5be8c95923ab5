"""A page of a PDF as a PNG image, with boxes drawn over the places findings and facts point to."""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

from finop.errors import InputError
from finop.model.page_size import check_page_size

COLOURS = {"error": (220, 38, 38), "warning": (234, 146, 12), "info": (37, 99, 235), "fact": (22, 163, 74)}
MAX_PAGES = 2000
PAD_FACT, PAD_FINDING = 1.0, 3.0  # points between an amount and its box: a finding's box outside its fact's


def page_png(path: str | Path, number: int, boxes: Iterable[tuple[tuple[float, float, float, float], str]],
             dpi: int = 110) -> bytes:  # fmt: skip
    """Page ``number`` (1-based) of the PDF at ``path`` as PNG bytes at ``dpi``, each box (in PDF points, origin
    at the top left, as the readers give them) outlined in the colour of its kind (error, warning, info, fact),
    a finding's box 3 points outside the amount, a fact's 1 point, so both show where they share an amount."""
    import pypdfium2 as pdfium
    from PIL import ImageDraw

    try:
        pdf = pdfium.PdfDocument(str(path))
    except (pdfium.PdfiumError, OSError) as exc:
        raise InputError(path, f"not a readable PDF ({exc})") from None
    try:
        if not 1 <= number <= min(len(pdf), MAX_PAGES):
            raise InputError(path, f"has no page {number} (it has {len(pdf)})")
        page = pdf[number - 1]
        check_page_size(path, number, *page.get_size(), dpi)
        scale = dpi / 72
        image = page.render(scale=scale).to_pil().convert("RGB")
    finally:
        pdf.close()
    draw = ImageDraw.Draw(image)
    width = max(2, round(scale * 1.5))
    ordered = sorted(boxes, key=lambda b: b[1] != "fact")  # findings drawn last, over the facts they share a box with
    for (x0, y0, x1, y1), kind in ordered:
        pad = (PAD_FACT if kind == "fact" else PAD_FINDING) * scale
        draw.rectangle(
            (x0 * scale - pad, y0 * scale - pad, x1 * scale + pad, y1 * scale + pad),
            outline=COLOURS.get(kind, COLOURS["info"]),
            width=width,
        )
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()
