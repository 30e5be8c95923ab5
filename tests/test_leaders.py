"""Dotted leaders are erased before OCR; periods, decimal points and letters are not."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from finop.readers.leaders import erase_leaders


def _page() -> Image.Image:
    img = Image.new("L", (1500, 200), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.load_default(size=36)
    draw.text((20, 40), "Total assets", fill=0, font=font)
    for x in range(300, 1100, 20):  # a leader: a dot every 20 px (300 dpi: about 5 points)
        draw.ellipse((x, 70, x + 5, 75), fill=0)
    draw.text((1150, 40), "$ 1,234.5", fill=0, font=font)
    draw.text((20, 120), "U.S. government obligations...", fill=0, font=font)
    return img


def test_leader_dots_are_whitened_and_the_words_kept() -> None:
    page = _page()
    cleaned, found = erase_leaders(page, 300)
    before, after = np.asarray(page) < 140, np.asarray(cleaned) < 140
    assert found > 0
    assert not after[60:85, 295:1110].any()  # the leader is gone
    assert (after[:, :290] == before[:, :290]).all()  # the caption untouched
    assert (after[:, 1140:] == before[:, 1140:]).all()  # the amount and its decimal point untouched
    assert (after[110:, :] == before[110:, :]).all()  # "U.S." and an ellipsis are not a leader


def test_a_page_without_leaders_is_returned_as_it_was() -> None:
    img = Image.new("L", (600, 100), 255)
    ImageDraw.Draw(img).text((10, 30), "Net capital 1,268,650", fill=0, font=ImageFont.load_default(size=30))
    cleaned, found = erase_leaders(img, 300)
    assert found == 0 and cleaned is img
