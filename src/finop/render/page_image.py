"""A page of a PDF as a PNG image, with boxes drawn over the places findings and facts point to."""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

from finop.errors import InputError

COLOURS = {"error": (220, 38, 38), "warning": (234, 146, 12), "info": (37, 99, 235), "fact": (22, 163, 74)}
MAX_PAGES = 2000


def page_png(path: str | Path, number: int, boxes: Iterable[tuple[tuple[float, float, float, float], str]],
             dpi: int = 110) -> bytes:  # fmt: skip
    """Page ``number`` (1-based) of the PDF at ``path`` as PNG bytes at ``dpi``, each box (in PDF points, origin
    at the top left, as the readers give them) outlined in the colour of its kind (error, warning, info, fact)."""
    import pypdfium2 as pdfium
    from PIL import ImageDraw

    try:
        pdf = pdfium.PdfDocument(str(path))
    except (pdfium.PdfiumError, OSError) as exc:
        raise InputError(path, f"not a readable PDF ({exc})") from None
    try:
        if not 1 <= number <= min(len(pdf), MAX_PAGES):
            raise InputError(path, f"has no page {number} (it has {len(pdf)})")
        scale = dpi / 72
        image = pdf[number - 1].render(scale=scale).to_pil().convert("RGB")
    finally:
        pdf.close()
    draw = ImageDraw.Draw(image)
    width = max(2, round(scale * 1.5))
    for (x0, y0, x1, y1), kind in boxes:
        pad = 2 * scale
        draw.rectangle(
            (x0 * scale - pad, y0 * scale - pad, x1 * scale + pad, y1 * scale + pad),
            outline=COLOURS.get(kind, COLOURS["info"]),
            width=width,
        )
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()
