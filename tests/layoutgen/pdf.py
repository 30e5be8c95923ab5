"""A generated report as a PDF with a text layer (WeasyPrint), and as page images degraded like a scan.

The tab and leader styles print as tables (amounts right-aligned in their columns, leaders as dots after the
caption); the spaces style prints the text layout in a typewriter font, as a typed report printed to PDF.
"""

from __future__ import annotations

import html
import io
import random
from pathlib import Path

from layoutgen.books import Report
from layoutgen.render import Layout, Row, _text_rows
from layoutgen.style import Style

CSS = """
@page { size: letter; margin: 0.8in 0.7in; }
body { font-family: 'DejaVu Serif', serif; font-size: 9.5pt; }
h2 { text-align: center; font-size: 10.5pt; margin: 0.1em 0; font-weight: bold; }
p { margin: 0.5em 0; text-align: justify; }
table { width: 100%; border-collapse: collapse; margin: 0.4em 0; }
td { padding: 1.5pt 2pt; vertical-align: bottom; }
td.a { text-align: right; width: 15%; white-space: nowrap; }
td.h { text-align: right; width: 15%; padding-left: 14pt; }  /* headings wrap, stacked, clear of their neighbours */
pre { font-family: 'DejaVu Sans Mono', monospace; font-size: 7.4pt; line-height: 1.35; }
section { page-break-after: always; }
"""


CONTENT_WIDTH = 612 - 2 * 0.7 * 72 - 4  # points between the page margins, less a little
MONO_ADVANCE = 0.602  # DejaVu Sans Mono's advance, in ems


def _cell(text: str) -> str:
    return html.escape(text)


def _table(rows: list[Row], leaders: bool) -> str:
    width = max(len(r.cells) for r in rows)
    out = ["<table>"]
    for r in rows:
        caption = _cell(r.caption)
        if leaders and r.caption and r.cells:
            caption += " " + "." * max(4, 70 - len(r.caption) - 2 * r.indent)
        pad = f' style="padding-left:{r.indent * 12 + 2}pt"' if r.indent else ""
        cells = [""] * (width - len(r.cells)) + list(r.cells)
        kind = "a" if any(ch.isdigit() for ch in "".join(cells)) else "h"  # column headings wrap, stacked
        out.append(
            f"<tr><td{pad}>{caption}</td>" + "".join(f'<td class="{kind}">{_cell(c)}</td>' for c in cells) + "</tr>"
        )
    out.append("</table>")
    return "\n".join(out)


def _block(rows: list[Row], style: Style) -> str:
    """A run of statement rows: a typewriter block in the spaces style, else a table."""
    if style.separator == "spaces":
        lines = [x for r in rows for x in _text_rows(r, "spaces")]
        # a typed report fits its page: a block too wide for the 7.4pt type is set smaller, never clipped
        size = min(7.4, CONTENT_WIDTH / (MONO_ADVANCE * max(len(x) for x in lines)))
        return f'<pre style="font-size:{size:.2f}pt">{html.escape(chr(10).join(lines))}</pre>'
    return _table(rows, style.separator == "leaders")


def to_html(report: Report, style: Style) -> str:
    """The report as HTML, one section per page."""
    sections = []
    for page in Layout(report, style).pages():
        parts: list[str] = []
        run: list[Row] = []
        for row in page:
            if row.kind == "row":
                run.append(row)
                continue
            if run:
                parts.append(_block(run, style))
                run = []
            parts.append(f"<h2>{_cell(row.caption)}</h2>" if row.kind == "heading" else f"<p>{_cell(row.caption)}</p>")
        if run:
            parts.append(_block(run, style))
        sections.append("<section>" + "\n".join(parts) + "</section>")
    return f"<html><head><style>{CSS}</style></head><body>{''.join(sections)}</body></html>"


def to_pdf(report: Report, style: Style, path: Path) -> Path:
    """Write the report as a PDF with a text layer."""
    from weasyprint import HTML

    HTML(string=to_html(report, style)).write_pdf(str(path))
    return path


def to_scan(pdf: Path, path: Path, rng: random.Random, dpi: int = 200) -> Path:
    """The PDF's pages as images degraded like an office scan at ``dpi`` (up to a degree and a half of rotation,
    speckle noise, blur, JPEG), in an image-only PDF: no text layer, so finop must OCR it."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    noise = np.random.default_rng(rng.randrange(2**32))
    doc = pdfium.PdfDocument(str(pdf))
    images = []
    try:
        for page in doc:
            img = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            img = img.rotate(rng.uniform(-1.5, 1.5), resample=Image.BICUBIC, expand=False, fillcolor=255)
            # speckle from the seeded generator (PIL's effect_noise draws on C's rand(): not reproducible)
            noisy = np.asarray(img, dtype=np.float32) + noise.normal(0, rng.uniform(6, 16), (img.height, img.width))
            img = Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8))
            img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.2, 0.6)))
            buf = io.BytesIO()
            img.save(buf, "JPEG", quality=rng.randint(50, 85))
            images.append(Image.open(io.BytesIO(buf.getvalue())).convert("L"))
    finally:
        doc.close()
    images[0].save(str(path), "PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return path
