"""Words -> lines -> cells, and the OCR clean-ups the real corpus called for (each one a case seen there)."""

from __future__ import annotations

from decimal import Decimal

from finop.extract.interest import PAGE_INTEREST
from finop.extract.rows import split_line
from finop.money import parse_amount
from finop.readers.layout import Word, build_lines, group_lines, split_cells
from finop.readers.pdf import PageTriage, is_table_page, select_pages


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


def test_a_word_after_a_sentences_last_amount_is_text_not_noise() -> None:
    # justified prose in a note: "... net capital of $18,279,228, which exceeded its minimum requirement of
    # $172,334 by" with the excess on the next line; the "by" is what ties the excess to its words
    words = [
        "capital",
        "of",
        "$18,279,228,",
        "which",
        "exceeded",
        "its",
        "minimum",
        "requirement",
        "of",
        "$172,334",
        "by",
    ]
    x, placed = 60.0, []
    for w in words:
        placed.append(_w(w, x, x + 6 * len(w)))
        x += 6 * len(w) + 14  # justified: wide gaps, every word its own cell
    lines = build_lines(placed, 1, 1)
    assert lines[0].cells[-1].text == "by"
    assert lines[0].cells[-2].text == "$172,334"


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
    assert is_table_page(PageTriage(4, page, len(page), 0.3, True), PAGE_INTEREST)
    assert not is_table_page(PageTriage(9, prose, len(prose), 0.3, True), PAGE_INTEREST)
    typo = "NA11ONAL ANANCIAL SERVICES\nCONSOLIDATED STATENENT OF ANANCIAL CONDITION\n" + "\n".join(
        f"Line {i} {i}000" for i in range(8)
    )
    assert is_table_page(PageTriage(4, typo, len(typo), 0.3, True, image_coverage=1.0), PAGE_INTEREST)


def test_the_year_of_a_date_in_a_caption_stays_in_the_caption() -> None:
    # "Balance, December 31, 2002   $16,275,000": "31," and "2002" are a date, not two amounts side by side
    words = [_w("Balance,", 72, 110), _w("December", 113, 160), _w("31,", 163, 178), _w("2002", 181, 205)]
    lines = build_lines([*words, _w("$16,275,000", 300, 360)], 1, 1)
    assert [c.text for c in lines[0].cells] == ["Balance, December 31, 2002", "$16,275,000"]
    raw = split_line(lines[0])
    assert raw.label == "Balance, December 31, 2002"
    assert [a.value for g in raw.groups for a in g] == [Decimal(16275000)]
    # two amounts a word apart are still two
    lines = build_lines([_w("Total", 60, 80), _w("31,", 300, 315), _w("2002", 318, 340)], 1, 1)
    assert [c.text for c in lines[0].cells] == ["Total", "31,", "2002"]
    # a small typewriter face (or OCR) leaves a wide space before the year: still the date's year, not a column
    # (generated scan 2010: "Balance, December 31,  2015   418   652   1,070")
    words = [_w("Balance,", 57, 80), _w("December", 82, 120), _w("31,", 122, 130), _w("2015", 150, 170)]
    lines = build_lines([*words, _w("418", 390, 410), _w("1,070", 530, 555)], 1, 1)
    assert [c.text for c in lines[0].cells] == ["Balance, December 31, 2015", "418", "1,070"]
    # a year far from the date is not joined to it
    lines = build_lines([*words[:3], _w("2015", 200, 220), _w("418", 390, 410)], 1, 1)
    assert [c.text for c in lines[0].cells] == ["Balance, December 31,", "2015", "418"]


def test_a_statement_of_loss_or_earnings_is_a_table_page() -> None:
    # a year with a loss titles its income statement "Statement of Loss"; it is read word by word like the others
    for title in ("STATEMENT OF LOSS", "Statement of Earnings", "Statements of Comprehensive Income"):
        page = f"Firm LLC\n{title}\nYear Ended December 31, 2003\n" + "\n".join(f"Line {i}\t{i},000" for i in range(8))
        assert is_table_page(PageTriage(4, page, len(page), 0.3, True), PAGE_INTEREST), title


def test_a_speck_inside_an_amount_cell_is_dropped() -> None:
    # 877559-2002 (scanned): "Total assets  $8,137,085 _" - the underscore sat one space after the total
    lines = build_lines(
        [_w("Total", 113, 135), _w("assets", 137, 165), _w("$8,137,085", 466, 540), _w("_", 545, 553)], 1, 1
    )
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


def test_ocr_glyph_confusions_inside_one_word() -> None:
    from finop.readers.ocr import clean_word

    # 851376-2005: "Consolidated Statement of Financia! Condition"; 877559-2004: "Tota] liabilities"
    assert [clean_word(t) for t in ("Financia!", "Tota]", "stockho]der's", "[note]")] == [
        "Financial",
        "Total",
        "stockholder's",
        "[note]",
    ]
    # 851376-2007: "Payables to customers  §,§54,993" (5,554,993 on the page); a leading "§" may be a "$"
    assert clean_word("§,§54,993") == "5,554,993"
    assert clean_word("§54,993") == "§54,993"
    assert clean_word("2.239") == "2,239"
    # a thousands comma read as a semicolon or a colon (generated scans: "3;316,107"); a time is no amount
    assert [clean_word(t) for t in ("3;316,107", "$1:234", "(12;500)")] == ["3,316,107", "$1,234", "(12,500)"]
    assert clean_word("10:30") == "10:30" and clean_word("Note;") == "Note;"
    # a speck after a total read as a quote mark (generated scan: total assets '$53,271,919".'): no amount ends in
    # one, so it goes; a quoted word, a measure in inches and a sentence's full stop are left as they are
    assert [clean_word(t) for t in ('$53,271,919".', "(1,234)’", "12,500'")] == ["$53,271,919", "(1,234)", "12,500"]
    assert [clean_word(t) for t in ('"1,234"', '12"', "1,234.", "don't")] == ['"1,234"', '12"', "1,234.", "don't"]


def test_a_page_whose_first_line_ends_in_money_may_carry_on_the_statement_before_it() -> None:
    """A statement's last line run over onto the next page ("TOTAL LIABILITIES AND PARTNERS' CAPITAL ...
    $86,623,546 $84,101,012", then the notes): that page is read closely too. A notes page whose first line is a
    title, or a date ending in a year, is not taken for a continuation."""
    from finop.readers.pdf import may_continue

    def scanned(headline: str) -> PageTriage:
        return PageTriage(3, "", 0, 0.0, False, headline=headline)

    run_over = "TOTAL LIABILITIES AND PARTNERS' CAPITAL ......... $86,623,546 $84,101,012\nSee accompanying notes."
    assert may_continue(scanned(run_over))
    assert may_continue(scanned("Total liabilities and member's equity   1,234,567\nNotes to Financial Statements"))
    assert not may_continue(scanned("Notes to Financial Statements\nDecember 31, 2021\n1. Organization"))
    assert not may_continue(scanned("December 31, 2021\nNotes to Financial Statements"))


def test_a_second_reading_keeps_no_lone_parenthesis_and_prefers_a_whole_number() -> None:
    from finop.readers.ocr import _WELL_FORMED, _balanced

    assert _balanced("(1,117") == "1,117" and _balanced("(1,117)") == "(1,117)"
    assert [bool(_WELL_FORMED.fullmatch(t)) for t in ("1,117", "(1,117)", "1117", "1,17", "1,", "-2,500")] == [
        True, True, True, False, False, True,
    ]  # fmt: skip


def test_short_words_in_the_page_margin_are_scanner_noise() -> None:
    from finop.readers.ocr import in_margin

    # 356628-2002: "r)" in the left margin before "CONSOLIDATED STATEMENT OF FINANCIAL CONDITION"
    width = 2550  # letter at 300 dpi
    assert in_margin("r)", 12, 55, width) and in_margin("ad", 2, 60, width) and in_margin("|", 2500, 2510, width)
    assert not in_margin("Cash", 12, 100, width) and not in_margin("5", 300, 320, width)


def _amount_image(rule: bool, speck: bool):  # type: ignore[no-untyped-def]
    from PIL import Image, ImageDraw

    image = Image.new("L", (400, 80), 255)
    draw = ImageDraw.Draw(image)
    for left in (300, 320, 340):  # three "digits" ending at x=355
        draw.rectangle((left, 20, left + 15, 50), fill=0)
    if rule:
        draw.rectangle((100, 60, 390, 63), fill=0)  # the rule under the column, 35 px past the digits
    if speck:
        draw.rectangle((385, 46, 388, 50), fill=0)  # a full stop well right of the digits
    return image


def test_an_amount_box_is_its_glyphs_not_the_rule_or_a_speck_ocr_folded_in() -> None:
    from finop.readers.ocr import glyph_box

    # 877559-2004: "326" over the total's rule was one word from x=473 to 549, off its column (541)
    (x, y, w, h), text = glyph_box(_amount_image(rule=True, speck=False), (100, 15, 291, 50), "826")
    assert (x, x + w, text) == (300, 356, "826") and y + h <= 52
    # 87634-2004: "745  ." read as "745." with the speck's right edge: the amount ends at its last digit
    (x, _, w, _), text = glyph_box(_amount_image(rule=False, speck=True), (300, 20, 89, 31), "745.")
    assert (x + w, text) == (356, "745")
    (x, _, w, _), text = glyph_box(_amount_image(rule=False, speck=False), (300, 20, 56, 31), "745")
    assert (x, x + w, text) == (300, 356, "745")
    assert glyph_box(_amount_image(rule=True, speck=False), (200, 61, 50, 2), "1")[1] == "1"  # a word two pixels high
    # 87634-2007 "66", 920417-2019 "2": a digit's own full-width stroke is no rule, so the box stays
    assert glyph_box(_amount_image(rule=False, speck=False), (300, 20, 16, 31), "2") == ((300, 20, 16, 31), "2")


def test_a_speck_after_an_amount_in_its_own_column_is_not_part_of_it() -> None:
    # 87634-2004 "505." "2,661:", 877559-2003 "680,381]"
    for printed, value in (("505.", 505), ("2,661:", 2661), ("680,381]", 680381), ("(1,234);", -1234)):
        lines = build_lines([_w("Payables", 60, 100), _w(printed, 500, 540)], 1, 1)
        assert [a.value for a in split_line(lines[0]).amounts] == [Decimal(value)]


def test_a_quote_speck_before_a_caption_is_dropped() -> None:
    from finop.model.text import norm

    # 87634-2006 "‘Total liabilities", 87634-2004 "“Total liabilities"
    assert norm("‘Total liabilities") == norm("“Total liabilities") == "total liabilities"
    assert norm("Members' equity") == "members' equity"


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
    lines = build_lines(
        [_w("e@", 3, 13), _w("Total", 72, 95), _w("assets", 97, 119), _w("$8,676,028,952", 437, 520)], 1, 1
    )
    assert [c.text for c in lines[0].cells] == ["Total assets", "$8,676,028,952"]
    lines = build_lines([_w("il", 10, 21), _w("Statement", 227, 270), _w("of", 272, 280)], 1, 1)
    assert [c.text for c in lines[0].cells] == ["Statement of"]  # 890203-2014: "il" before the title
    lines = build_lines([_w("|", 0, 3), _w("bd", 5, 13), _w("Other", 77, 100), _w("payables:", 102, 140)], 1, 1)
    assert [c.text for c in lines[0].cells] == ["Other payables:"]
    lines = build_lines([_w("(a)", 40, 52), _w("Cash", 72, 95), _w("1,000", 480, 520)], 1, 1)
    assert [c.text for c in lines[0].cells] == ["(a)", "Cash", "1,000"]  # a marker inside the margin stays


def test_note_pages_are_found_below_the_headline() -> None:
    from finop.readers.pdf import note_pages_to_read

    def page(n: int, text: str = "", image: float = 1.0, headline: str = "") -> PageTriage:
        return PageTriage(n, text, len(text), 0.5, False, image, headline)

    scanner_text = "At December 31, 2009, the Company had net capital of $l438687000 which was"
    info = [page(1), page(2), page(3), page(4), page(5, scanner_text), page(6)]
    skimmed: list[list[int]] = []

    def skim(numbers: list[int]) -> dict[int, str]:
        skimmed.append(numbers)
        return {6: "(12) Net Capital ... the Company had net capital of $525,375, which was"}

    # page 2 is the facing page (by its headline), page 3 the balance sheet: pages after it are looked at
    info[1] = page(2, headline="FORM X-17A-5 PART III FACING PAGE")
    assert note_pages_to_read(info, {2, 3}, skim, PAGE_INTEREST) == {5}  # by its scanner text: nothing skimmed
    assert skimmed == []
    info[4] = page(5)
    assert note_pages_to_read(info, {2, 3}, skim, PAGE_INTEREST) == {6}  # by the skim
    assert skimmed == [[4, 6]]  # only pages without text are skimmed, none before the statement, both ends first
    assert note_pages_to_read(info, set(), skim, PAGE_INTEREST) == set()


def test_no_skim_when_the_net_capital_note_heads_a_page_read_anyway() -> None:
    from finop.readers.pdf import note_pages_to_read

    info = [PageTriage(n, "", 0, 0.5, False, 1.0, "") for n in range(1, 20)]
    info[15] = PageTriage(16, "", 0, 0.5, False, 1.0, "FIRM LLC\nNotes (Continued)\nI 8. Net Capital Requirements\nThe")
    skimmed: list[int] = []

    def skim(numbers: list[int]) -> dict[int, str]:
        skimmed.extend(numbers)
        return {}

    assert note_pages_to_read(info, {3, 4, 16}, skim, PAGE_INTEREST) == set()
    assert skimmed == []
    assert note_pages_to_read(info, {3, 4}, skim, PAGE_INTEREST) == set()  # not chosen: the skim goes on
    assert sorted(skimmed) == list(range(5, 20))  # every page after the statement: none states it


def test_the_skim_stops_at_the_first_page_stating_net_capital() -> None:
    from finop.readers.pdf import note_pages_to_read

    info = [PageTriage(n, "", 0, 0.5, False, 1.0, "") for n in range(1, 21)]
    skimmed: list[int] = []

    def skim(numbers: list[int]) -> dict[int, str]:
        skimmed.extend(numbers)
        return {18: "the Company had net capital of $5,525,375, which was"}

    assert note_pages_to_read(info, {3, 4}, skim, PAGE_INTEREST) == {18}
    assert skimmed == [5, 20, 6, 19, 7, 18]  # from both ends inwards, two at a time


def test_a_long_reports_skim_takes_the_notes_last_pages_too() -> None:
    """In a long scanned report the regulatory note is often the notes' last: past the skim's budget, the pages
    right after the statements and the last pages are skimmed (68136-2005: net capital on page 24 of 27)."""
    from finop.readers.pdf import MAX_SKIMMED, note_pages_to_read

    info = [PageTriage(n, "", 0, 0.5, False, 1.0, "") for n in range(1, 31)]
    skimmed: list[int] = []

    def skim(numbers: list[int]) -> dict[int, str]:
        skimmed.extend(numbers)
        return {28: "At November 30, 2004, the Company's Net Capital was $3,295,094, which exceeded"}

    assert note_pages_to_read(info, {3, 4}, skim, PAGE_INTEREST) == {28}
    assert skimmed == [5, 30, 6, 29, 7, 28]  # from both ends, stopping at the page that states it
    skimmed.clear()
    assert note_pages_to_read(info, {3, 4}, lambda ns: skimmed.extend(ns) or {}, PAGE_INTEREST) == set()
    half = MAX_SKIMMED // 2
    assert len(skimmed) == MAX_SKIMMED and set(skimmed) == {*range(5, 5 + half), *range(31 - half, 31)}


def test_right_aligned_column_headings_over_amount_columns_name_the_columns() -> None:
    # a PDF's equity statement: the headings are text cells whose right edges are those of the amount columns
    from finop.extract.sections import Section
    from finop.extract.table import TableBuilder
    from finop.model.filing import StatementKind

    def row(top: float, caption: str, amounts: list[tuple[str, float]]) -> list[Word]:
        words = [_w(caption, 72, 72 + 6 * len(caption), top)] if caption else []
        return [*words, *(_w(text, right - 6 * len(text), right, top) for text, right in amounts)]

    words = [
        *row(100, "", [("Contributed", 340), ("Retained", 440), ("Total", 540)]),
        *row(120, "Balance, beginning", [("$500,000", 338), ("$(20,000)", 440), ("$480,000", 538)]),
        *row(140, "Net income", [("35,000", 440), ("35,000", 538)]),
        *row(160, "Balance, ending", [("$500,000", 338), ("$15,000", 438), ("$515,000", 538)]),
    ]
    lines = build_lines(words, 1, 1)
    heading = build_lines([_w("Statement", 72, 120, 80)], 1, 0)[0]
    table = TableBuilder(Section(StatementKind.CHANGES_IN_EQUITY, heading, lines, 3), "f.pdf", "pdf").build()
    assert table.columns == ["Contributed", "Retained", "Total"]
    assert [r.values for r in table.rows][1] == [None, Decimal(35000), Decimal(35000)]
    assert not table.findings


def test_a_title_begins_its_line_and_prose_holding_the_words_is_no_title() -> None:
    """Notes run "... reported in the / consolidated statement of financial condition." over a line break, and
    mention "off-balance sheet risk": on a scanned page's headline those are prose, not a statement's title."""
    from finop.readers.pdf import _fuzzy_title

    def blind(n: int, headline: str) -> PageTriage:
        return PageTriage(n, "", 0, 0.0, False, 1.0, headline)

    head = "FIRM LLC AND SUBSIDIARIES\nNotes to Consolidated Statement of Financial Condition (Continued)\n"
    prose = [
        head + "| consolidated statement of financial condition primarily relates to the merger",
        head + "11. Financial Instruments With Off-Balance Sheet Risks (Continued)",
        head + "financial condition.",
        head + "| consolidated statement of financial condition as of december 31, 2003:",
    ]
    titles = [
        "FIRM LLC AND SUBSIDIARIES\nConsolidated Statement of Financial Condition, as Restated\nDecember 31, 2003",
        "(b) Consolidated Statement of Financial Condition a",
        "FIRM LLC\nCONSOLIDATED STATENENT OF ANANCIAL CONDITION\n(In millions)",
    ]
    for text in prose:
        assert not PAGE_INTEREST.table_page.search(text) and not _fuzzy_title(text, PAGE_INTEREST), text
        assert select_pages([blind(1, text)], None, PAGE_INTEREST) == set(), text
    for text in titles:
        assert PAGE_INTEREST.table_page.search(text) or _fuzzy_title(text, PAGE_INTEREST), text


def test_the_page_after_a_scanned_statement_is_read_only_when_it_may_carry_it_on() -> None:
    """A statement continued on the next page is a table there too: amounts in its first lines. The notes'
    first page, whose first lines are prose, is not OCR'd for it; a text-layer page is always taken (free)."""
    title = "FIRM LLC\nStatement of Financial Condition\nDecember 31, 2020\n(In millions)\nASSETS\nCash  $ 212"
    notes = "FIRM LLC\nNotes to Statement of Financial Condition\nDecember 31, 2020\n1. Organization\nThe Company is"
    more = "FIRM LLC\nDecember 31, 2020\nPayables to customers  1,234\nShort-term borrowings  5,678\nAccrued  90"

    def blind(n: int, headline: str) -> PageTriage:
        return PageTriage(n, "", 0, 0.0, False, 1.0, headline)

    assert select_pages([blind(1, title), blind(2, notes)], None, PAGE_INTEREST) == {1}
    assert select_pages([blind(1, title), blind(2, more)], None, PAGE_INTEREST) == {1, 2}
    assert select_pages([blind(1, title), blind(2, "")], None, PAGE_INTEREST) == {1, 2}  # not read: taken
    text_notes = PageTriage(2, notes + " a broker-dealer.", 90, 0.5, False, 0.0)
    assert select_pages([blind(1, title), text_notes], None, PAGE_INTEREST) == {1, 2}


def test_the_headline_reads_the_first_lines_of_print_whatever_the_margin() -> None:
    from PIL import Image, ImageDraw

    from finop.readers.ocr import HEADLINE_LINES, top_of_page

    for margin in (40, 200):
        image = Image.new("L", (935, 1210), 255)
        draw = ImageDraw.Draw(image)
        draw.line([(30, 0), (30, 1209)], fill=0, width=2)  # a scan's dark edge: no line of print
        for i in range(30):
            draw.text((80, margin + 18 * i), f"Line {i} of the page with words", fill=0)
        bottom = top_of_page(image)
        assert margin + 18 * (HEADLINE_LINES - 1) < bottom < margin + 18 * HEADLINE_LINES + 8, (margin, bottom)
    assert top_of_page(Image.new("L", (935, 1210), 255)) == int(1210 * 0.4)  # a blank page: the usual share


def test_the_skim_goes_on_past_a_page_that_only_mentions_a_figure_near_net_capital() -> None:
    """A subsequent-events note ("net capital is estimated to exceed $1 billion") or a credit line beside the
    words is read, but the skim goes on to the page that states the firm's net capital ("net capital of $...")."""
    from finop.readers.pdf import note_pages_to_read

    info = [PageTriage(n, "", 0, 0.5, False, 1.0, "") for n in range(1, 17)]
    texts = {
        16: "(13) Subsequent Events ... the Company's net capital is estimated to exceed $1.2 billion",
        15: "At December 31, 2007, the Company had net capital of $1,555,781, which was",
    }
    skimmed: list[int] = []

    def skim(numbers: list[int]) -> dict[int, str]:
        skimmed.extend(numbers)
        return {n: texts.get(n, "") for n in numbers}

    assert note_pages_to_read(info, {4}, skim, PAGE_INTEREST) == {15, 16}
    assert skimmed == [5, 16, 6, 15]


def test_a_thousands_comma_ocr_sets_apart_joins_its_amount() -> None:
    """OCR reads '(415,381)' as three words, '(415' ',' '381)': they are one amount, not a caption's words."""
    words = [_w("Provision", 60, 100), _w("for", 103, 115), _w("taxes", 118, 140)]
    words += [_w("(415", 470, 490), _w(",", 492, 494), _w("381)", 496, 520)]
    lines = build_lines(words, 1, 1)
    assert [c.text for c in lines[0].cells] == ["Provision for taxes", "(415,381)"]
    assert [a.value for a in split_line(lines[0]).amounts] == [Decimal(-415381)]
    # a comma between words of a caption stays as it is
    lines = build_lines([_w("Cash", 60, 80), _w(",", 82, 84), _w("and", 86, 100), _w("1,000", 480, 520)], 1, 1)
    assert lines[0].cells[-1].text == "1,000"
