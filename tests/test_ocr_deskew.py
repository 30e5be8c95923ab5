"""A skewed scan is turned level before OCR, so a caption and its amount stay on one line."""

from __future__ import annotations

from PIL import Image, ImageDraw

from finop.readers.ocr import _deskewed, skew_angle


def _page_of_lines(angle: float) -> Image.Image:
    page = Image.new("L", (2550, 3300), 255)  # letter size at 300 dpi
    draw = ImageDraw.Draw(page)
    for top in range(300, 3000, 90):
        draw.rectangle((300, top, 1500, top + 30), fill=0)  # a caption
        draw.rectangle((2000, top, 2300, top + 30), fill=0)  # its amount
    return page.rotate(angle, resample=Image.BILINEAR, fillcolor=255)


def test_skew_is_measured_and_removed() -> None:
    for angle in (0.7, -1.2):
        page = _page_of_lines(angle)
        measured = skew_angle(page, 300)
        assert abs(abs(measured) - abs(angle)) <= 0.1
        level, turned = _deskewed(page, 300)
        assert turned == measured
        assert abs(skew_angle(level, 300)) <= 0.1


def test_a_level_page_is_left_alone() -> None:
    page = _page_of_lines(0.0)
    level, turned = _deskewed(page, 300)
    assert turned == 0.0 and level is page


def test_scanner_edge_letters_are_noise() -> None:
    from finop.readers.ocr import in_margin

    width = 614.0
    assert in_margin("Ne", 7.4, 19.2, width, 0.23)  # a dark scan edge read as letters
    assert in_margin("\u201c7", 3.4, 14.4, width, 0.24)
    assert not in_margin("Cash", 69.0, 92.0, width, 0.96)  # the text body
    assert not in_margin("12", 600.0, 610.0, width, 0.95)  # a sure number stays
    assert not in_margin("Total", 5.0, 22.0, width, 0.40)  # a longer word is not a speck


def test_glyph_band_keeps_the_middle_line_without_rules() -> None:
    from finop.readers.ocr import glyph_band

    box = Image.new("L", (400, 120), 255)
    draw = ImageDraw.Draw(box)
    draw.rectangle((300, 0, 390, 12), fill=0)  # the foot of the figure above
    draw.rectangle((320, 40, 390, 75), fill=0)  # the figure
    draw.rectangle((10, 90, 395, 93), fill=0)  # a double rule under it
    draw.rectangle((10, 97, 395, 100), fill=0)
    band = glyph_band(box)
    assert band is not None and band.size[0] == 400 and 35 <= band.size[1] <= 60
    import numpy as np

    dark_rows = (np.asarray(band) < 128).any(axis=1).nonzero()[0]
    assert dark_rows[-1] - dark_rows[0] + 1 == 36  # the figure alone, no rule, no neighbour


def test_a_box_is_also_read_small_where_tesseract_reads_degraded_digits_best() -> None:
    """A figure cut from a page at 600 dpi is some 75 pixels high; tesseract misreads a degraded one there in every
    smoothing and thresholding ("5,557" as "5,007", "9,957") and reads it rightly a few tens of pixels high. The
    last two of the nine versions are a third of the size and the box scaled to ``SMALL_HEIGHT`` pixels high."""
    from finop.readers.ocr import SMALL_HEIGHT, VERSIONS, _version

    crop = Image.new("L", (330, 120), 255)
    sizes = [_version(crop, k).size for k in range(VERSIONS)]
    assert VERSIONS == 9 and sizes[:5] == [(330, 120)] * 5 and sizes[5] == (165, 60)
    assert sizes[7] == (110, 40) and sizes[8][1] == SMALL_HEIGHT and sizes[8][0] == round(330 * SMALL_HEIGHT / 120)
