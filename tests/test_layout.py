"""Words -> lines -> cells, and the OCR clean-ups the real corpus called for (each one a case seen there)."""

from __future__ import annotations

from decimal import Decimal

from finop.extract.rows import split_line
from finop.money import parse_amount
from finop.readers.layout import Word, build_lines, split_cells
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


def test_a_thin_dash_inside_a_caption_does_not_split_its_line() -> None:
    # OCR boxes an em dash ("clients — net") less than a point high and a little off the text's middle:
    # it must not break the caption and its amount into three lines
    words = [
        Word("Receivables", 50, 217.0, 100, 224.6),
        Word("brokerage", 103, 217.2, 140, 226.6),
        Word("\u2014", 143, 221.5, 153, 222.2),
        Word("net", 156, 218.2, 168, 224.6),
        Word("13,378", 512, 218.2, 538, 226.8),
        Word("Securities", 51, 229.0, 90, 236.6),
        Word("561", 524, 230.2, 538, 237.6),
    ]
    lines = build_lines(words, 1, 1)
    assert [[c.text for c in line.cells] for line in lines] == [
        ["Receivables brokerage \u2014 net", "13,378"],
        ["Securities", "561"],
    ]


def test_a_colon_after_an_amount_is_not_part_of_it() -> None:
    # OCR reads a speck after "2,456,528" as a colon
    lines = build_lines([_w("MEMBER'S", 60, 100), _w("EQUITY", 102, 140), _w("2,456,528:", 500, 548)], 1, 1)
    assert [a.value for a in split_line(lines[0]).amounts] == [Decimal(2456528)]
