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
    from finop.readers.layout import Word
    from finop.readers.ocr import is_edge_noise

    width = 614.0
    assert is_edge_noise(Word("Ne", 7.4, 585.8, 19.2, 594.7, 0.23), width)  # a dark scan edge read as letters
    assert is_edge_noise(Word("\u201c7", 3.4, 238.1, 14.4, 241.9, 0.24), width)
    assert not is_edge_noise(Word("Cash", 69.0, 200.0, 92.0, 208.0, 0.96), width)  # the text body
    assert not is_edge_noise(Word("12", 600.0, 200.0, 610.0, 208.0, 0.95), width)  # a sure number stays
    assert not is_edge_noise(Word("Total", 5.0, 200.0, 22.0, 208.0, 0.40), width)  # a longer word is not a speck
