"""Caption normalisation: OCR's stray glyphs inside caption words."""

from __future__ import annotations

import pytest

from finop.model.text import norm


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("Tota! assets", "total assets"),
        ("Tota] liabilities", "total liabilities"),  # a closing bracket for the l
        ("Tota[ liabilities", "total liabilities"),
        ("Ba]ance due", "balance due"),
        ("Total Habilities and members' capital", "total liabilities and members' capital"),  # "li" read as "H"
        ("Securities sold [note 3]", "securities sold [note 3]"),  # real brackets stay
    ],
)
def test_ocr_glyphs_inside_words_are_letters(printed: str, expected: str) -> None:
    assert norm(printed) == expected


def test_specks_after_a_caption_are_not_part_of_it() -> None:
    # OCR reads a mark after a caption as "~", "_" or "•" ("NET CAPITAL ~", 922792-2002): no caption ends in one
    from finop.model.text import norm

    for speck in (" ~", " _", "•", " |", " ~ ."):
        assert norm("NET CAPITAL" + speck) == "net capital"
    assert norm("Total members' ") == "total members'"  # an owners' apostrophe stays
