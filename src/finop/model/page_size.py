"""How large a page finop will render: the PDF specification's largest page, and a budget of pixels.

A crafted PDF can declare a page of 200,000 points a side (beyond the specification's 14,400, 200 inches),
or a page within it that, rendered at OCR's 300 dpi, would be 60,000 pixels a side: billions of pixels,
gigabytes of memory. Both are refused by their size, before anything is rendered.
"""

from __future__ import annotations

from pathlib import Path

from finop.errors import InputError

MAX_PAGE_POINTS = 14_400  # ISO 32000-1, Annex C: the largest page a PDF may have, 200 inches
MAX_RENDER_PIXELS = 200_000_000  # a letter page at 600 dpi is 34 million; a large-format scan at 300 dpi 150


def render_pixels(width: float, height: float, dpi: float) -> float:
    """Pixels of a page of ``width`` x ``height`` points rendered at ``dpi``."""
    return (width * dpi / 72) * (height * dpi / 72)


def fitting_dpi(width: float, height: float, dpi: float) -> float:
    """``dpi``, or less, so that the page stays within the pixel budget."""
    pixels = render_pixels(width, height, dpi)
    return dpi if pixels <= MAX_RENDER_PIXELS else dpi * (MAX_RENDER_PIXELS / pixels) ** 0.5


def check_page_size(path: str | Path, number: int, width: float, height: float, dpi: float | None = None) -> None:
    """Raise ``InputError`` for a page larger than a PDF may have, or too large to render at ``dpi``."""
    if width > MAX_PAGE_POINTS or height > MAX_PAGE_POINTS or width <= 0 or height <= 0:
        raise InputError(path, f"page {number} is {width:,.0f} x {height:,.0f} points, outside what a PDF page can "
                         f"be (at most {MAX_PAGE_POINTS:,} points, 200 inches, a side)")  # fmt: skip
    if dpi is not None and render_pixels(width, height, dpi) > MAX_RENDER_PIXELS:
        raise InputError(path, f"page {number} is {width / 72:,.0f} x {height / 72:,.0f} inches: rendered at {dpi:g} "
                         f"dpi it would be {render_pixels(width, height, dpi) / 1e6:,.0f} million pixels, more than "
                         "any scan of a report page; finop does not render it")  # fmt: skip
