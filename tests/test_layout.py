"""Words -> lines -> cells, and the OCR clean-ups the real corpus called for (each one a case seen there)."""

from __future__ import annotations

from decimal import Decimal

from finop.extract.rows import split_line
from finop.money import parse_amount
from finop.readers.layout import Word, build_lines, group_lines, split_cells
from finop.readers.pdf import PageTriage, is_table_page


def _w(text: str, x0: float, x1: float, top: float = 100.0) -> Word:
    return Word(text, x0, top, x1, top + 10)


def test_label_and_amount_columns_become_cells() -> None:
    cells = split_cells(
        [_w("Cash", 60, 80), _w("and", 82, 95), _w("equivalents", 97, 150), _w("$", 480, 485), _w("3,337", 530, 559)]
    )
    assert [" ".join(w.text for w in c) for c in cells] == ["Cash and equivalents", "$ 3,337"]


def test_a_number_split_by_ocr_is_joined() -> None:
    # "525,901" read as "5" + "25,901", and "48,743" read as "48" + "743"
    assert [w.text for c in split_cells([_w("5", 500, 505), _w("25,901", 508, 540)]) for w in c] == ["525,901"]
    assert [w.text for c in split_cells([_w("48", 500, 510), _w("743", 513, 530)]) for w in c] == ["48,743"]
    assert [w.text for c in split_cells([_w("31", 484, 493), _w("277,527", 495, 534)]) for w in c] == ["31,277,527"]


def test_two_amounts_side_by_side_stay_two_columns() -> None:
    cells = split_cells([_w("1,234", 400, 430), _w("5,678", 500, 530)])
    assert len(cells) == 2


def test_edge_specks_and_trailing_noise_are_dropped() -> None:
    lines = build_lines(
        [
            _w("|", 10, 12),
            _w("Payable", 60, 90),
            _w("to", 92, 100),
            _w("customers", 102, 150),
            _w("7,279,930", 500, 540),
            _w("uw", 560, 570),
        ],
        1,
        1,
    )
    assert [c.text for c in lines[0].cells] == ["Payable to customers", "7,279,930"]


def test_ocr_marks_around_amounts() -> None:
    assert parse_amount("$_29,895") == Decimal(29895)
    assert parse_amount("___1,787") == Decimal(1787)
    assert parse_amount("$ ~—:1,008".replace(" ", "")) == Decimal(1008)


def test_a_full_stop_after_an_amount_is_not_part_of_it() -> None:
    lines = build_lines([_w("less", 60, 80), _w("depreciation", 82, 140), _w("48,743.", 500, 540)], 1, 1)
    raw = split_line(lines[0])
    assert [a.value for a in raw.amounts] == [Decimal(48743)]


def test_table_pages_need_a_title_and_amounts() -> None:
    page = "Barclays Capital Inc.\nStatement of Financial Condition\n" + "\n".join(
        f"Line {i}\t{i},000" for i in range(8)
    )
    prose = "Notes\nThe consolidated statement of financial condition includes\n" + "\n".join(
        f"Line {i}\t{i},000" for i in range(8)
    )
    assert is_table_page(PageTriage(4, page, len(page), 0.3, True))
    assert not is_table_page(PageTriage(9, prose, len(prose), 0.3, True))
    typo = "NA11ONAL ANANCIAL SERVICES\nCONSOLIDATED STATENENT OF ANANCIAL CONDITION\n" + "\n".join(
        f"Line {i} {i}000" for i in range(8)
    )
    assert is_table_page(PageTriage(4, typo, len(typo), 0.3, True, image_coverage=1.0))


def test_a_speck_inside_an_amount_cell_is_dropped() -> None:
    # 877559-2002 (scanned): "Total assets  $8,137,085 _" - the underscore sat one space after the total
    lines = build_lines([_w("Total", 113, 135), _w("assets", 137, 165), _w("$8,137,085", 466, 540), _w("_", 545, 553)], 1, 1)
    assert [c.text for c in lines[0].cells] == ["Total assets", "$8,137,085"]
    lines = build_lines([_w("Other", 60, 80), _w("|", 490, 492), _w("4,116", 495, 541)], 1, 1)
    assert [c.text for c in lines[0].cells] == ["Other", "4,116"]


def test_a_dash_inside_a_caption_does_not_split_its_line() -> None:
    # OCR of "Not readily marketable, at estimated fair value - Corporate debt securities 5,195,751":
    # the flat dash sits a little low, and words with descenders lower still; all are one line
    words = [
        Word("Not", 76.8, 307.4, 91.9, 315.4),
        Word("readily", 94.6, 307.2, 122.9, 317.8),
        Word("value", 243.6, 307.2, 265.2, 315.1),
        Word("-", 268.1, 311.8, 271.4, 313.0),
        Word("Corporate", 273.8, 307.2, 314.6, 317.8),
        Word("securities", 337.4, 306.7, 375.8, 315.1),
        Word("5,195,751", 489.1, 306.5, 528.0, 316.1),
        Word("Total", 76.8, 322.6, 98.2, 330.7),
        Word("10,830,472", 485.0, 321.6, 529.2, 331.4),
    ]
    assert [[w.text for w in line] for line in group_lines(words)] == [
        ["Not", "readily", "value", "-", "Corporate", "securities", "5,195,751"],
        ["Total", "10,830,472"],
    ]


def test_specks_at_the_page_edge_are_not_part_of_the_caption() -> None:
    # 922792-2008 (scanned): OCR reads the scanner's shadow at the left edge as "e@" before "Total assets"
    lines = build_lines([_w("e@", 3, 13), _w("Total", 72, 95), _w("assets", 97, 119), _w("$8,676,028,952", 437, 520)], 1, 1)
    assert [c.text for c in lines[0].cells] == ["Total assets", "$8,676,028,952"]
    lines = build_lines([_w("il", 10, 21), _w("Statement", 227, 270), _w("of", 272, 280)], 1, 1)
    assert [c.text for c in lines[0].cells] == ["Statement of"]  # 890203-2014: "il" before the title
    lines = build_lines([_w("|", 0, 3), _w("bd", 5, 13), _w("Other", 77, 100), _w("payables:", 102, 140)], 1, 1)
    assert [c.text for c in lines[0].cells] == ["Other payables:"]
    lines = build_lines([_w("(a)", 40, 52), _w("Cash", 72, 95), _w("1,000", 480, 520)], 1, 1)
    assert [c.text for c in lines[0].cells] == ["(a)", "Cash", "1,000"]  # a marker inside the margin stays
