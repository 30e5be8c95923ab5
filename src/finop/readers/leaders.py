"""Dotted leaders erased from a page image before OCR.

A caption joined to its amount by a row of dots ("Total assets ............ $ 1,234") is read by
tesseract as junk letters ("Total TON ie secs clcses"), which hides the caption. A leader dot is a
small isolated blob in a horizontal row of such blobs; a period, a decimal point, the dot of an "i"
or an ellipsis is not (fewer than four within a short stretch). Dots are found on the page at half
resolution with box sums (summed-area tables), then whitened at full resolution.
"""

from __future__ import annotations

from typing import Any

import numpy as np

DARK = 140  # grey level below which a pixel is ink
STRETCH_PT = 24  # a row of leader dots: at least four dots within this many points either side
MIN_DOTS = 4
MIN_PIXELS = 60  # dot centres on a page below which it is left as it was (a few specks are not a leader)


def box_sum(a: np.ndarray, ry: int, rx: int) -> np.ndarray:
    """The sum of ``a`` over the (2ry+1) x (2rx+1) box around each pixel (zero outside the image)."""
    p = np.pad(a.astype(np.int32), ((ry + 1, ry), (rx + 1, rx)))
    c = p.cumsum(0).cumsum(1)
    return (
        c[2 * ry + 1 :, 2 * rx + 1 :]
        - c[: -2 * ry - 1, 2 * rx + 1 :]
        - c[2 * ry + 1 :, : -2 * rx - 1]
        + c[: -2 * ry - 1, : -2 * rx - 1]
    )


def leader_dots(dark: np.ndarray, dpi: float) -> np.ndarray:
    """The centres of leader dots: ink with nothing around it but its own small blob, in a row of such blobs."""
    s = max(1, round(dpi / 100))  # a dot's half-size (a dot is about a point across)
    ring = s + max(2, round(dpi / 100))
    inner = box_sum(dark, s, s)
    dots = dark & (box_sum(dark, ring, ring) == inner) & (inner <= (2 * s + 1) ** 2)
    along = box_sum(dots, s, round(dpi / 72 * STRETCH_PT))
    return dots & (along >= MIN_DOTS * max(1, (s + 1) ** 2 // 2))


def erase_leaders(image: Any, dpi: int) -> tuple[Any, int]:
    """The page with its leader dots whitened, and how many dot pixels were found (0: the page is unchanged)."""
    from PIL import Image

    factor = 2 if dpi >= 250 else 1
    small = image.reduce(factor) if factor > 1 else image
    found = leader_dots(np.asarray(small) < DARK, dpi / factor)
    count = int(found.sum())
    if count < MIN_PIXELS:
        return image, 0
    near = box_sum(found, max(1, round(dpi / factor / 100)) + 1, max(1, round(dpi / factor / 100)) + 1) > 0
    if factor > 1:
        near = np.repeat(np.repeat(near, factor, 0), factor, 1)
        height, width = image.size[1], image.size[0]
        near = np.pad(near, ((0, max(0, height - near.shape[0])), (0, max(0, width - near.shape[1]))))[:height, :width]
    pixels = np.asarray(image).copy()
    pixels[near & (pixels < 200)] = 255
    return Image.fromarray(pixels), count
