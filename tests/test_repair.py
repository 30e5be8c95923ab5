"""Constraint repair: a single confusable digit that explains a failed tie is suggested, never silently applied."""

from __future__ import annotations

import pytest

from conftest import SEED, check_text, needs_shared
from finop.model.filing import StatementKind
from finop.model.findings import Finding, Severity
from finop.repair import swaps


def test_swaps_cover_the_confusable_digits() -> None:
    assert set(swaps("3,721")) >= {"8,721", "3,121"}
    assert "1,625,324" not in swaps("1,625,324")
    assert {"7,512", "7,412"} <= set(swaps("7,912")) and "9,512" in swaps("5,512")  # 5 and 9 are confused too


@needs_shared
def test_a_misread_digit_is_suggested_and_the_error_kept() -> None:
    text = SEED.read_text(encoding="utf-8").replace(
        "CASH SEGREGATED UNDER FEDERAL REGULATIONS\t8,721", "CASH SEGREGATED UNDER FEDERAL REGULATIONS\t3,721"
    )
    result = check_text(text)
    assert not result.ok  # the tie still fails: a text file cannot be read again
    suggestions = [f for f in result.findings if f.code == "OCR-SUGGESTED-CORRECTION"]
    assert suggestions and suggestions[0].severity is Severity.WARNING
    assert (suggestions[0].actual, suggestions[0].expected) == ("3,721", "8,721")
    assert suggestions[0].source is not None and suggestions[0].source.line == 90
    assert result.filing.fact("total_assets") == 1822195


@needs_shared
def test_no_suggestion_when_no_single_digit_explains_it() -> None:
    text = SEED.read_text(encoding="utf-8").replace(
        "CASH SEGREGATED UNDER FEDERAL REGULATIONS\t8,721", "CASH SEGREGATED UNDER FEDERAL REGULATIONS\t8,722"
    )
    result = check_text(text)
    assert not [f for f in result.findings if f.code == "OCR-SUGGESTED-CORRECTION"]


def test_a_seven_on_an_underline_may_be_a_three() -> None:
    # an underline under the last amount of a column closes a 7 into a 3 ("75" read "35")
    assert "75" in swaps("35")
    assert "35" in swaps("75")


def test_a_one_may_be_read_as_a_four() -> None:
    # "10,314,722" read as "40,314,722" in a sans-serif statement
    assert "10,314,722" in swaps("40,314,722")
    assert "40,314,722" in swaps("10,314,722")


# ---- the second reading of a failed OCR tie (issue 12: no FAIL on a misread scan) ----

OCR_SFC = [
    ("Statement of Financial Condition", []),
    ("December 31, 2020", []),
    ("Cash", ["1,200"]),
    ("Receivable from customers", ["$21,175"]),  # OCR read "$1,175" with the $'s stroke as a 2
    ("Total assets", ["2,375"]),
    ("Accounts payable", ["375"]),
    ("Total liabilities", ["375"]),
    ("Member's equity", ["2,000"]),
    ("Total liabilities and member's equity", ["2,375"]),
]


def _ocr_document():  # type: ignore[no-untyped-def]
    from finop.model.document import Cell, Document, Line, Page
    from finop.model.source import Box

    lines = []
    for n, (caption, amounts) in enumerate(OCR_SFC, start=1):
        cells = [Cell(caption, 0, Box(50, n * 12, 250, n * 12 + 9), 0.9)]
        cells += [
            Cell(a, 1 + i, Box(400 + 70 * i, n * 12, 440 + 70 * i, n * 12 + 9), 0.9) for i, a in enumerate(amounts)
        ]
        lines.append(Line(n, 1, "\t".join(c.text for c in cells), tuple(cells), confidence=0.9))
    return Document(path="scan.pdf", reader="ocr", pages=(Page(1, tuple(lines)),))


def _check_with(second: dict[str, str]):  # type: ignore[no-untyped-def]
    """Check the OCR'd statement with a second reader that gives ``second`` for a line's amount (else the same)."""
    from finop.pipeline import _extract_and_check
    from finop.repair import repair

    doc = _ocr_document()
    by_box = {c.box: c.text for ln in doc.lines() for c in ln.cells[1:]}

    def read_box(path: str, page: int, box):  # type: ignore[no-untyped-def]
        # the amount whose cell the box covers (a garbled cell is read over its column's width)
        printed = next(t for b, t in by_box.items() if box.x0 <= b.x0 and b.x1 <= box.x1 and box.y0 <= b.y0 <= box.y1)
        return second.get(printed, printed).replace("$", "")

    filing, found = _extract_and_check(doc)
    # as first read, the assets do not foot, or a line's amount in their column was not read
    assert any(f.code in ("TIE-SFC-FOOT", "INCOMPLETE-AMBIGUOUS") for f in found)
    return repair(doc, filing, found, _extract_and_check, read_box)


def test_a_second_reading_that_makes_the_tie_hold_is_used() -> None:
    filing, findings = _check_with({"$21,175": "1,175"})
    assert filing.fact("total_assets") == 2375
    assert not [f for f in findings if f.severity is Severity.ERROR]
    note = next(f for f in findings if f.code == "OCR-AMOUNT-REREAD")
    assert "'$21,175' as '$1,175'" in note.message


def test_a_second_reading_that_differs_but_does_not_tie_is_ambiguous() -> None:
    from finop.model.result import status_of

    _, findings = _check_with({"$21,175": "1,185"})
    assert status_of(findings) == "incomplete"
    assert any(f.code == "INCOMPLETE-AMBIGUOUS" and "read again as '1,185'" in f.message for f in findings)
    # the failed footing stays listed for the reviewer, but it is no claim that the report is wrong
    assert not [f for f in findings if f.severity is Severity.ERROR]
    foot = next(f for f in findings if f.code == "TIE-SFC-FOOT")
    assert foot.severity is Severity.WARNING and "not claimed" in foot.message and foot.actual is not None


def test_a_second_reading_that_agrees_keeps_the_error() -> None:
    from finop.model.result import status_of

    _, findings = _check_with({})
    assert status_of(findings) == "fail"  # read twice the same: the page prints figures that do not foot
    assert not [f for f in findings if f.code == "INCOMPLETE-AMBIGUOUS"]


def test_a_garbled_amount_left_out_of_a_sum_is_read_again() -> None:
    """OCR's '$55251,317' is not an amount, so the footing cannot count it (the line is one whose amount was not
    read, and the footing is not judged); read again it is one, and the footing holds."""
    from finop.repair.places import _MALFORMED

    OCR_SFC[3] = ("Receivable from customers", ["$1:175"])  # a number OCR garbled, not among the sources
    try:
        filing, findings = _check_with({"$1:175": "1,175"})
    finally:
        OCR_SFC[3] = ("Receivable from customers", ["$21,175"])
    assert filing.fact("total_assets") == 2375
    assert any(f.code == "OCR-AMOUNT-REREAD" for f in findings)
    assert not [f for f in findings if f.severity is Severity.ERROR]
    assert _MALFORMED.match("1537:7,538") and not _MALFORMED.match("Total assets")


def test_a_tie_that_holds_only_under_an_unconfirmed_digit_is_no_claim() -> None:
    """OCR read '1,775' where a 1 would make the assets foot; the second reading does not confirm the 1, so the
    footing is listed as a warning (not claimed) beside the suggestion, and the verdict is incomplete."""
    from finop.model.result import status_of

    OCR_SFC[3] = ("Receivable from customers", ["1,775"])
    try:
        _, findings = _check_with({})
    finally:
        OCR_SFC[3] = ("Receivable from customers", ["$21,175"])
    assert status_of(findings) == "incomplete"
    assert any(f.code == "OCR-SUGGESTED-CORRECTION" and f.expected == "1,175" for f in findings)
    assert not [f for f in findings if f.severity is Severity.ERROR]
    assert any(f.code == "TIE-SFC-FOOT" and "not claimed" in f.message for f in findings)


def test_a_failed_tie_sharing_a_line_with_an_ambiguous_one_is_no_claim_either() -> None:
    """A group's subtotal whose own footing is ambiguous leaves the total over it failing too: that total's error
    rests on the same reading in doubt, so it is not claimed either; a failed tie elsewhere still is."""
    from finop.model.findings import Finding
    from finop.model.source import SourceRef
    from finop.repair import _not_claimed

    def at(line: int) -> SourceRef:
        return SourceRef(file="scan.pdf", page=5, line=line, text="", reader="pdf+ocr", confidence=0.9)

    inner = Finding("TIE-SFC-FOOT", Severity.ERROR, "inner", sources=(at(114), at(112)))
    outer = Finding("TIE-SFC-FOOT", Severity.ERROR, "outer", sources=(at(122), at(114), at(101)))
    elsewhere = Finding("TIE-SFC-FOOT", Severity.ERROR, "other", sources=(at(140), at(139)))
    note = Finding("INCOMPLETE-AMBIGUOUS", Severity.WARNING, "ambiguous", sources=inner.sources)
    kept = _not_claimed([inner, outer, elsewhere], [(inner, note)])
    assert [f.severity for f in kept[:3]] == [Severity.WARNING, Severity.WARNING, Severity.ERROR]
    assert kept[3] is note


def test_two_misread_digits_in_two_ties_are_corrected_together_when_each_is_read_again_so() -> None:
    """'1,775' for 1,175 breaks the assets' footing and '315' for 375 the liabilities' total: each correction,
    confirmed by the second reading, settles its own tie (the other still failing), so both are used in turn."""
    saved = list(OCR_SFC)
    OCR_SFC[3] = ("Receivable from customers", ["1,775"])
    OCR_SFC[5] = ("Accounts payable", ["315"])
    try:
        filing, findings = _check_with({"1,775": "1,175", "315": "375"})
    finally:
        OCR_SFC[:] = saved
    assert filing.fact("total_assets") == 2375
    assert not [f for f in findings if f.severity is Severity.ERROR]
    repaired = [f for f in findings if f.code == "OCR-DIGIT-REPAIRED"]
    assert {(f.actual, f.expected) for f in repaired} == {("1,775", "1,175"), ("315", "375")}
    # a second reading that confirms only one of them: that one is used (its tie then holds and nothing that
    # held fails), the other stays as read, its tie not claimed (it would hold under an unconfirmed digit)
    from finop.model.result import status_of

    OCR_SFC[3] = ("Receivable from customers", ["1,775"])
    OCR_SFC[5] = ("Accounts payable", ["315"])
    try:
        filing, findings = _check_with({"1,775": "1,175"})
    finally:
        OCR_SFC[:] = saved
    assert [(f.actual, f.expected) for f in findings if f.code == "OCR-DIGIT-REPAIRED"] == [("1,775", "1,175")]
    assert filing.fact("total_assets") == 2375
    assert any(f.code == "OCR-SUGGESTED-CORRECTION" and f.expected == "375" for f in findings)
    assert status_of(findings) == "incomplete" and not [f for f in findings if f.severity is Severity.ERROR]


# ---- a footing's amount OCR garbled or did not read, and ties of their own (issue 12: scans of generated layouts) ----

TWO_YEARS = [
    ("Statement of Financial Condition", []),
    ("December 31, 2020 and 2019", []),
    ("", ["2020", "2019"]),
    ("Cash", ["1,200", "900"]),
    ("Receivable from customers", ["1,175", "1,100"]),
    ("Total assets", ["2,375", "2,000"]),
    ("Accounts payable", ["375", "400"]),
    ("Total liabilities", ["375", "400"]),
    ("Member's equity", ["2,000", "1,600"]),
    ("Total liabilities and member's equity", ["2,375", "2,000"]),
]


def _check_rows(rows, second, versions=None):  # type: ignore[no-untyped-def]
    """Check an OCR'd statement given as (caption, amounts by column; None: nothing read there) with a second
    reader that gives ``second[(line, column)]`` for the box of that line's column (else what was read there),
    and a versions reader that gives ``versions[(line, column)]`` (else nothing)."""
    from finop.model.document import Cell, Document, Line, Page
    from finop.model.source import Box
    from finop.pipeline import _extract_and_check
    from finop.repair import repair

    lines, width = [], max(len(a) for _, a in rows)
    for n, (caption, amounts) in enumerate(rows, start=1):
        cells = [Cell(caption, 0, Box(50, n * 12, 250, n * 12 + 9), 0.9)] if caption else []
        for i, a in enumerate(amounts):
            x = 400 + 70 * (width - len(amounts) + i)
            if a is not None:
                cells.append(Cell(a, len(cells), Box(x, n * 12, x + 40, n * 12 + 9), 0.9))
        lines.append(Line(n, 1, "\t".join(c.text for c in cells), tuple(cells), confidence=0.9))
    doc = Document(path="scan.pdf", reader="ocr", pages=(Page(1, tuple(lines)),))
    asked: list[tuple[int, int]] = []

    def read_box(path: str, page: int, box):  # type: ignore[no-untyped-def]
        line, column = round(box.y0 / 12), round((box.x1 - 440) / 70)
        asked.append((line, column))
        printed = rows[line - 1][1][column - (width - len(rows[line - 1][1]))]
        return second.get((line, column), printed)

    def read_versions(path: str, page: int, box):  # type: ignore[no-untyped-def]
        line, column = round(box.y0 / 12), round((box.x1 - 440) / 70)
        return list((versions or {}).get((line, column), []))

    filing, found = _extract_and_check(doc)
    filing, findings = repair(doc, filing, found, _extract_and_check, read_box, read_versions)
    return filing, findings, asked


def test_a_garbled_amount_in_a_column_is_read_again_and_used_when_its_footing_then_holds() -> None:
    """OCR read 'S1A75' where 1,175 is printed: the 2020 footing has no amount for the line, so it is not judged;
    the cell is read again, and with the second reading the footing holds."""
    from finop.model.result import status_of

    rows = list(TWO_YEARS)
    rows[4] = ("Receivable from customers", ["S1A75", "1,100"])
    filing, findings, asked = _check_rows(rows, {(5, 0): "1,175"})
    assert (5, 0) in asked
    assert filing.fact("total_assets") == 2375 and status_of(findings) == "pass"
    note = next(f for f in findings if f.code == "OCR-AMOUNT-REREAD")
    assert note.actual == "S1A75" and note.expected == "1,175"


def test_an_amount_not_read_at_all_is_read_at_its_place() -> None:
    """Nothing was read in the 2020 column of a line that has its 2019 amount: its place is read again."""
    from finop.model.result import status_of

    rows = list(TWO_YEARS)
    rows[4] = ("Receivable from customers", [None, "1,100"])
    second = {(5, 0): "1,175"}
    filing, findings, asked = _check_rows(rows, second)
    assert (5, 0) in asked
    assert filing.fact("total_assets") == 2375 and status_of(findings) == "pass"
    # read again as digits that do not tie, it is not used, and the footing stays unjudged
    _, findings, _ = _check_rows(rows, {(5, 0): "1,195"})
    assert status_of(findings) == "incomplete" and not any(f.code == "OCR-AMOUNT-REREAD" for f in findings)
    assert not [f for f in findings if f.severity is Severity.ERROR]


def test_a_tie_failing_for_its_own_reasons_does_not_block_another_ties_second_reading() -> None:
    """The assets fail to foot because OCR read '$21,175' (read again: 1,175); the liabilities fail to foot as
    printed (375 against 385, read twice the same). The second reading of the assets is used; the liabilities'
    error stands, a claim on two agreeing readings."""
    from finop.model.result import status_of

    rows = [
        ("Statement of Financial Condition", []),
        ("December 31, 2020", []),
        ("Cash", ["1,200"]),
        ("Receivable from customers", ["$21,175"]),
        ("Total assets", ["2,375"]),
        ("Accounts payable", ["375"]),
        ("Total liabilities", ["385"]),
        ("Member's equity", ["1,990"]),
        ("Total liabilities and member's equity", ["2,375"]),
    ]
    filing, findings, _ = _check_rows(rows, {(4, 0): "1,175"})
    assert filing.fact("total_assets") == 2375
    assert any(f.code == "OCR-AMOUNT-REREAD" and "'$21,175' as '$1,175'" in f.message for f in findings)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    assert [f.code for f in errors] == ["TIE-SFC-FOOT"] and errors[0].actual == 385
    assert status_of(findings) == "fail"


def test_a_garbled_amount_above_a_group_is_read_again() -> None:
    """The cash line's amount is garbled ('SL2OO'), so it is no part of the total's sum, and stands four lines above
    the total's first part (a group of receivables between): it is still read again, and used."""
    from finop.model.result import status_of

    rows = [
        ("Statement of Financial Condition", []),
        ("December 31, 2020", []),
        ("Cash", ["SL2OO"]),
        ("Receivables:", []),
        ("From customers", ["300"]),
        ("From brokers", ["400"]),
        ("Total receivables", ["700"]),
        ("Other assets", ["475"]),
        ("Total assets", ["2,375"]),
        ("Accounts payable", ["375"]),
        ("Total liabilities", ["375"]),
        ("Member's equity", ["2,000"]),
        ("Total liabilities and member's equity", ["2,375"]),
    ]
    filing, findings, asked = _check_rows(rows, {(3, 0): "1,200"})
    assert (3, 0) in asked
    assert filing.fact("total_assets") == 2375 and status_of(findings) == "pass"


def test_a_failed_tie_with_an_unreadable_amount_in_its_column_is_no_claim() -> None:
    """'Yh' stands where 1,175 is printed; read again it gives digits that do not tie either: the footing may hold
    with the amount printed there, so it is not claimed (incomplete), never a FAIL. (The line is read as a line
    whose amount is unread, and the footing's note names it.)"""
    from finop.model.result import status_of

    rows = [row if row[0] != "Receivable from customers" else (row[0], ["Yh"]) for row in OCR_SFC]
    _, findings, asked = _check_rows(rows, {(4, 0): "12"})
    assert (4, 0) in asked
    assert status_of(findings) == "incomplete" and not [f for f in findings if f.severity is Severity.ERROR]
    note = next(f for f in findings if f.code == "INCOMPLETE-AMBIGUOUS")
    assert "'Receivable from customers' has no amount read" in note.message


@pytest.mark.parametrize(
    ("first", "second", "whole"),
    [
        ("$1", "175", "$1,175"),  # the thousands comma read as a gap
        ("11,", "175", "1,175"),  # OCR split the digits where a comma stands, a digit for the comma
        ("L", "175", "1,175"),  # the first digit read as a letter ("LS" "7" for 157)
    ],
)
def test_an_amount_split_in_two_is_joined_when_read_again_whole(first: str, second: str, whole: str) -> None:
    """OCR read two pieces where 1,175 is printed: joined, read again as one amount, the tie holds."""
    from finop.model.document import Cell, Document, Line, Page
    from finop.model.result import status_of
    from finop.model.source import Box
    from finop.pipeline import _extract_and_check
    from finop.repair import repair

    lines = []
    for n, (caption, amounts) in enumerate(OCR_SFC, start=1):
        cells = [Cell(caption, 0, Box(50, n * 12, 250, n * 12 + 9), 0.9)]
        if caption == "Receivable from customers":
            cells += [
                Cell(first, 1, Box(411, n * 12, 420, n * 12 + 9), 0.9),
                Cell(second, 2, Box(425, n * 12, 440, n * 12 + 9), 0.9),
            ]
        else:
            cells += [Cell(a, 1, Box(400, n * 12, 440, n * 12 + 9), 0.9) for a in amounts]
        lines.append(Line(n, 1, "\t".join(c.text for c in cells), tuple(cells), confidence=0.9))
    doc = Document(path="scan.pdf", reader="ocr", pages=(Page(1, tuple(lines)),))

    def read_box(path: str, page: int, box):  # type: ignore[no-untyped-def]
        return whole.lstrip("$") if box.x0 == 411 and box.x1 == 440 else None

    filing, found = _extract_and_check(doc)
    filing, findings = repair(doc, filing, found, _extract_and_check, read_box)
    assert filing.fact("total_assets") == 2375 and status_of(findings) == "pass"
    note = next(f for f in findings if f.code == "OCR-AMOUNT-REREAD")
    assert note.actual == f"{first} {second}" and note.expected == whole


def test_a_word_ocr_made_of_an_amount_beside_a_caption_is_read_again() -> None:
    """'Lelecpaes' stands where 1,175 is printed, beside its caption: a word, but no column heading (those have no
    caption at the captions' edge), so it is read again, and used."""
    from finop.model.result import status_of

    rows = [row if row[0] != "Receivable from customers" else (row[0], ["Lelecpaes"]) for row in OCR_SFC]
    filing, findings, asked = _check_rows(rows, {(4, 0): "1,175"})
    assert (4, 0) in asked
    assert filing.fact("total_assets") == 2375 and status_of(findings) == "pass"


def test_another_version_of_a_box_is_used_when_it_makes_the_footing_hold() -> None:
    """A degraded glyph reads one way in most versions of the box and rightly in one ('S1A75' read again as
    '9,175' smoothed, '1,175' thresholded): the statement's own footing chooses the reading under which it holds.
    Each candidate is OCR's reading of the cell, never a figure made to fit: with no version that ties, nothing
    is used and the footing stays unjudged."""
    from finop.model.result import status_of

    rows = list(TWO_YEARS)
    rows[4] = ("Receivable from customers", ["S1A75", "1,100"])
    filing, findings, _ = _check_rows(rows, {(5, 0): "9,175"}, {(5, 0): ["9,175", "1,773", "1,175"]})
    assert filing.fact("total_assets") == 2375 and status_of(findings) == "pass"
    note = next(f for f in findings if f.code == "OCR-AMOUNT-REREAD")
    assert note.expected == "1,175" and "one version" in note.message
    _, findings, _ = _check_rows(rows, {(5, 0): "9,175"}, {(5, 0): ["9,175", "1,773"]})
    assert status_of(findings) == "incomplete" and not any(f.code == "OCR-AMOUNT-REREAD" for f in findings)


def test_a_speck_after_an_amount_does_not_keep_it_from_its_second_reading() -> None:
    """A tie between two schedules (the net capital computation's aggregate debit items against the reserve
    formula's) failed on '$451,' (a speck after the figure; 551 printed): that amount is read again like the
    other, not skipped as no amount (a scan of a generated carrying firm once said FAIL on it)."""
    from finop.model.document import Cell, Line
    from finop.model.source import Box, SourceRef
    from finop.repair import _cells_to_read_again

    lines = {}
    for n, (caption, amount) in ((100, ("requirements (Exhibit A - Rule 15c3-3)", "$451,")),
                                 (127, ("Aggregate debit items", "$551"))):  # fmt: skip
        cells = (Cell(caption, 0, Box(50, 10, 250, 19), 0.9), Cell(amount, 1, Box(400, 10, 440, 19), 0.9))
        lines[n] = Line(n, 5 if n == 100 else 6, f"{caption}\t{amount}", cells, confidence=0.9)
    finding = Finding(
        code="TIE-RES-ADI", severity=Severity.ERROR, message="m",
        sources=tuple(SourceRef("scan.pdf", lines[n].page, n, lines[n].text) for n in (100, 127)),
    )  # fmt: skip
    assert [(line.number, i) for line, i, _ in _cells_to_read_again(finding, lines)] == [(100, 1), (127, 1)]


def test_an_amount_ocr_split_into_pieces_in_its_column_is_read_with_the_columns_whole_width() -> None:
    """OCR read 'i' 'Ba' where 1,175 is printed (two pieces, the last one ending at the column's edge): read again
    with the box of the last piece alone it gives '29' (a piece of the figure), but the place to read again is the
    column's whole width over the line, where the whole figure stands; with it the footing holds."""
    from finop.model.document import Cell, Document, Line, Page
    from finop.model.result import status_of
    from finop.model.source import Box
    from finop.pipeline import _extract_and_check
    from finop.repair import repair

    lines = []
    for n, (caption, amounts) in enumerate(TWO_YEARS, start=1):
        cells = [Cell(caption, 0, Box(50, n * 12, 250, n * 12 + 9), 0.9)] if caption else []
        if caption == "Receivable from customers":
            cells += [
                Cell("i", 1, Box(412, n * 12, 416, n * 12 + 9), 0.5),
                Cell("Ba", 2, Box(428, n * 12, 440, n * 12 + 9), 0.5),
            ]
            cells += [Cell("1,100", 3, Box(470, n * 12, 510, n * 12 + 9), 0.9)]
        else:
            cells += [
                Cell(a, len(cells), Box(400 + 70 * i, n * 12, 440 + 70 * i, n * 12 + 9), 0.9)
                for i, a in enumerate(amounts)
            ]
        lines.append(Line(n, 1, "\t".join(c.text for c in cells), tuple(cells), confidence=0.9))
    doc = Document(path="scan.pdf", reader="ocr", pages=(Page(1, tuple(lines)),))

    def read_box(path: str, page: int, box):  # type: ignore[no-untyped-def]
        return "1,175" if box.x0 <= 400 and box.x1 >= 440 else "29"

    filing, found = _extract_and_check(doc)
    filing, findings = repair(doc, filing, found, _extract_and_check, read_box)
    assert filing.fact("total_assets") == 2375 and status_of(findings) == "pass"
    assert any(f.code == "OCR-AMOUNT-REREAD" and f.expected == "1,175" for f in findings)


def test_a_line_inside_a_failed_footing_with_no_amount_at_all_is_read_again_at_its_place() -> None:
    """OCR read the small figure of 'Communications' as a letter and dropped it as a speck: the line reads as a
    caption with no amount, between two lines of the footing. Its place in the total's column is read again and
    the footing then holds; a caption that really wraps reads nothing there, and nothing is added."""
    from finop.model.result import status_of

    rows = [
        ("Statement of Financial Condition", []),
        ("December 31, 2020", []),
        ("Cash", ["1,200"]),
        ("Communications deposits", [None]),
        ("Receivable from customers", ["1,144"]),
        ("Total assets", ["2,375"]),
        ("Accounts payable", ["375"]),
        ("Total liabilities", ["375"]),
        ("Member's equity", ["2,000"]),
        ("Total liabilities and member's equity", ["2,375"]),
    ]
    filing, findings, asked = _check_rows(rows, {(4, 0): "31"})
    assert (4, 0) in asked
    assert filing.fact("total_assets") == 2375 and status_of(findings) == "pass"
    _, findings, asked = _check_rows(rows, {(4, 0): ""})
    assert (4, 0) in asked and status_of(findings) != "pass"
    assert not any(f.code == "OCR-AMOUNT-REREAD" for f in findings)


def test_a_leading_digit_split_off_by_a_comma_read_as_a_parenthesis_is_joined() -> None:
    """'2)' '335,761' where 2,335,761 is printed: the comma read as ')' split the figure in two; read again whole
    it is one amount."""
    from finop.model.document import Cell, Document, Line, Page
    from finop.model.result import status_of
    from finop.model.source import Box
    from finop.pipeline import _extract_and_check
    from finop.repair import repair

    rows = [(c, [a.replace("1,175", "2,335,761").replace("2,375", "2,336,961") for a in amts]) for c, amts in OCR_SFC]
    rows = [(c, [a.replace("2,000", "2,336,586") for a in amts]) for c, amts in rows]
    lines = []
    for n, (caption, amounts) in enumerate(rows, start=1):
        cells = [Cell(caption, 0, Box(50, n * 12, 250, n * 12 + 9), 0.9)]
        if caption == "Receivable from customers":
            cells += [
                Cell("2)", 1, Box(395, n * 12, 402, n * 12 + 9), 0.9),
                Cell("335,761", 2, Box(405, n * 12, 440, n * 12 + 9), 0.9),
            ]
        else:
            cells += [Cell(a, 1, Box(395, n * 12, 440, n * 12 + 9), 0.9) for a in amounts]
        lines.append(Line(n, 1, "\t".join(c.text for c in cells), tuple(cells), confidence=0.9))
    doc = Document(path="scan.pdf", reader="ocr", pages=(Page(1, tuple(lines)),))

    def read_box(path: str, page: int, box):  # type: ignore[no-untyped-def]
        return "2,335,761" if box.x0 == 395 and box.x1 == 440 and round(box.y0 / 12) == 4 else None

    filing, found = _extract_and_check(doc)
    filing, findings = repair(doc, filing, found, _extract_and_check, read_box)
    assert filing.fact("total_assets") == 2336961 and status_of(findings) == "pass"
    assert next(f for f in findings if f.code == "OCR-AMOUNT-REREAD").expected == "2,335,761"


def test_a_digit_that_one_version_of_its_box_reads_is_used_only_when_it_alone_ties() -> None:
    """'1,475' read where 1,175 is printed, its second reading agreeing: the tie holds under '1,175', which one
    other version of the box reads; no other correction that ties is read by any version, so it is used. When no
    version reads it, the reading stays in doubt (incomplete), never a figure made to fit."""
    from finop.model.result import status_of

    rows = list(OCR_SFC)
    rows[3] = ("Receivable from customers", ["1,475"])  # a 1 read as a 4; 1,175 is printed
    filing, findings, _ = _check_rows(rows, {}, {(4, 0): ["1,475", "1,175"]})
    assert filing.fact("total_assets") == 2375 and status_of(findings) == "pass"
    note = next(f for f in findings if f.code == "OCR-DIGIT-REPAIRED")
    assert (note.actual, note.expected) == ("1,475", "1,175") and "one version" in note.message
    _, findings, _ = _check_rows(rows, {}, {(4, 0): ["1,475", "1,775"]})
    assert status_of(findings) == "incomplete" and not any(f.code == "OCR-DIGIT-REPAIRED" for f in findings)
    # two corrections that tie, each read by a version of its box (cash 1,800 as 1,300, or the receivable 1,975
    # as 1,475): the totals cannot choose between them, so neither is used
    rows = [(c, [{"1,200": "1,800", "$21,175": "1,975", "2,375": "3,275", "2,000": "2,900"}.get(a, a) for a in amts])
            for c, amts in OCR_SFC]  # fmt: skip
    _, findings, _ = _check_rows(rows, {}, {(3, 0): ["1,800", "1,300"], (4, 0): ["1,975", "1,475"]})
    assert status_of(findings) == "incomplete" and not any(f.code == "OCR-DIGIT-REPAIRED" for f in findings)
    _, findings, _ = _check_rows(rows, {}, {(3, 0): ["1,800", "1,300"]})  # the cash's alone: used
    assert status_of(findings) == "pass" and any(f.code == "OCR-DIGIT-REPAIRED" for f in findings)


def test_a_deduction_of_the_net_capital_arithmetic_is_a_candidate_too() -> None:
    """The net capital arithmetic fails because the haircuts ('951,172', 551,172 printed) were misread; the
    deducted line is a candidate for the correction as well as the result line, and the one a version of its box
    reads is used."""

    rows = [
        ("Computation of Net Capital", []),
        ("December 31, 2020", []),
        ("Total ownership equity", ["2,280,494"]),
        ("Net capital before haircuts on securities positions", ["2,280,494"]),
        ("Haircuts on securities positions", ["951,172"]),
        ("Net capital", ["$1,729,322"]),
    ]
    filing, findings, _ = _check_rows(rows, {}, {(5, 0): ["951,172", "991,172", "551,172"]})
    assert filing.fact("net_capital") == 1729322
    assert not [f for f in findings if f.code.startswith("TIE-NC") or f.code == "INCOMPLETE-AMBIGUOUS"]
    note = next(f for f in findings if f.code == "OCR-DIGIT-REPAIRED")
    assert (note.actual, note.expected) == ("951,172", "551,172")


FOUR_LINES = [
    ("Statement of Financial Condition", []),
    ("December 31, 2020", []),
    ("Cash", ["3,744,400"]),
    ("Receivable from clearing broker", ["3,316,157"]),
    ("Prepaid expenses", ["251,721"]),
    ("Other assets", ["1,418,698"]),
    ("Total assets", ["8,730,976"]),
    ("Accounts payable", ["730,976"]),
    ("Total liabilities", ["730,976"]),
    ("Member's equity", ["8,000,000"]),
    ("Total liabilities and member's equity", ["8,730,976"]),
]


def test_two_amounts_misread_at_once_are_chosen_among_their_readings_when_one_choice_alone_ties() -> None:
    """OCR read '3,316,107' and '25721' where 3,316,157 and 251,721 are printed; read again they are 3,316,187 and
    254,721, and one other version of each box reads the printed figure: no second reading and no single other
    version settles the footing, alone or with the other second reading.
    One reading per cell is chosen so that the footing holds; it is the only choice that does, so it is used."""
    from finop.model.result import status_of

    rows = list(FOUR_LINES)
    rows[3] = ("Receivable from clearing broker", ["3,316,107"])
    rows[4] = ("Prepaid expenses", ["25721"])
    second = {(4, 0): "3,316,187", (5, 0): "254,721"}
    versions = {(4, 0): ["3,316,187", "3,316,157"], (5, 0): ["254,721", "251,721", "201,721"]}
    filing, findings, _ = _check_rows(rows, second, versions)
    assert filing.fact("total_assets") == 8730976 and status_of(findings) == "pass"
    note = next(f for f in findings if f.code == "OCR-AMOUNT-REREAD")
    assert "'3,316,107' as '3,316,157'; '25721' as '251,721'" in note.message
    assert "no other choice does as well" in note.message
    # two choices that tie (the other assets also read 1,418,698 and 1,421,698 by a version; prepaid 248,721):
    # the totals cannot tell them apart, so neither is used and the footing stays unjudged
    versions[(5, 0)] = ["254,721", "251,721", "248,721"]
    versions[(6, 0)] = ["1,418,698", "1,421,698"]
    _, findings, _ = _check_rows(rows, second, versions)
    assert status_of(findings) == "incomplete" and not [f for f in findings if f.severity is Severity.ERROR]


def test_a_totals_amount_read_as_a_word_is_read_again_when_it_then_foots() -> None:
    """'LOT' stands where a total's 757 is printed: no tie fails (the line is just not read), so the cell is found
    by its place in the amount column; read again as 757, the total foots with its lines, and it is used."""
    from finop.model.result import status_of

    rows = [
        ("Statement of Financial Condition", []),
        ("December 31, 2020", []),
        ("Cash", ["1,200"]),
        ("Receivable from customers", ["1,175"]),
        ("Total assets", ["2,375"]),
        ("Accounts payable", ["375"]),
        ("Total liabilities", ["375"]),
        ("Member's equity:", []),
        ("Contributed capital", ["1,500"]),
        ("Retained earnings", ["500"]),
        ("Total member's equity", ["LOT"]),
        ("Total liabilities and member's equity", ["2,375"]),
    ]

    def equity_total(filing):  # type: ignore[no-untyped-def]
        sfc = filing.statement(StatementKind.FINANCIAL_CONDITION)
        return next(i for i in sfc.items if i.label.startswith("Total member's equity")).value(0)

    filing, findings, asked = _check_rows(rows, {(11, 0): "2,000"})
    assert (11, 0) in asked and equity_total(filing) == 2000 and status_of(findings) == "pass"
    assert any(f.code == "OCR-AMOUNT-REREAD" and f.actual == "LOT" and f.expected == "2,000" for f in findings)
    # read again as a figure its lines do not add to, it is not used
    filing, findings, _ = _check_rows(rows, {(11, 0): "2,900"})
    assert equity_total(filing) is None and not any(f.code == "OCR-AMOUNT-REREAD" for f in findings)


def test_a_totals_amount_ocr_garbled_into_a_long_run_of_digits_and_marks_is_read_again() -> None:
    """'$1,575 7,351=' stands where a total's $1,757,351 is printed (thirteen characters: OCR added marks and a
    space); a cell mostly of digits is one amount however long, and is read again like a short one ('LOT'). A
    caption of that length is letters, and is not."""
    from finop.model.result import status_of

    rows = [
        ("Statement of Financial Condition", []),
        ("December 31, 2020", []),
        ("Cash", ["1,200,000"]),
        ("Receivable from customers", ["557,351"]),
        ("Total assets", ["$1,575 7,351="]),
        ("Accounts payable", ["257,351"]),
        ("Member's equity", ["1,500,000"]),
        ("Total liabilities and member's equity", ["1,757,351"]),
    ]
    filing, findings, asked = _check_rows(rows, {(5, 0): "1,757,351"})
    assert (5, 0) in asked and filing.fact("total_assets") == 1757351 and status_of(findings) == "pass"
    from finop.repair import _stray_sized

    assert _stray_sized("-0$:1,558,575") and not _stray_sized("Due from affiliates")


def test_a_garbled_cell_short_of_its_columns_edge_is_read_again_over_the_column() -> None:
    """'MOS ie' stands where 1,175 is printed, its box ending short of the column's right edge: read over that
    box alone it gives '1,1' (a part of the figure); read over the column's width, as the amounts above and below
    it stand, it is 1,175, and the cell takes that box (its amount then stands in the column)."""
    from finop.model.document import Cell, Document, Line, Page
    from finop.model.result import status_of
    from finop.model.source import Box
    from finop.pipeline import _extract_and_check
    from finop.repair import repair

    lines = []
    for n, (caption, amounts) in enumerate(OCR_SFC, start=1):
        cells = [Cell(caption, 0, Box(50, n * 12, 250, n * 12 + 9), 0.9)]
        if caption == "Receivable from customers":
            cells.append(Cell("MOS ie", 1, Box(408, n * 12, 424, n * 12 + 9), 0.4))
        else:
            cells += [Cell(a, 1, Box(400, n * 12, 440, n * 12 + 9), 0.9) for a in amounts]
        lines.append(Line(n, 1, "\t".join(c.text for c in cells), tuple(cells), confidence=0.9))
    doc = Document(path="scan.pdf", reader="ocr", pages=(Page(1, tuple(lines)),))

    def read_box(path: str, page: int, box):  # type: ignore[no-untyped-def]
        return "1,175" if box.x0 <= 400 and box.x1 >= 440 else "1,1"

    filing, found = _extract_and_check(doc)
    filing, findings = repair(doc, filing, found, _extract_and_check, read_box)
    assert filing.fact("total_assets") == 2375 and status_of(findings) == "pass"
    note = next(f for f in findings if f.code == "OCR-AMOUNT-REREAD")
    assert (note.actual, note.expected) == ("MOS ie", "1,175")


def test_a_roll_forward_whose_lines_ocr_garbled_is_not_passed_unread_and_is_read_again() -> None:
    """The opening balance reads '1 el Ac I' and the net income 'S75' (1,717 and 575 printed): both lines are lines
    of the statement whose amounts were not read (not headings: the ending balance is then the end, not the start),
    the roll-forward is not judged and not passed; read again over their column, both are amounts and it holds."""
    from finop.model.result import status_of

    rows = [
        ("Statement of Changes in Member's Equity", []),
        ("For the year ended December 31, 2016", []),
        ("Balance, December 31, 2015", ["1 el Ac I"]),
        ("Net income", ["S75"]),
        ("Balance, December 31, 2016", ["2,292"]),
    ]
    filing, findings, asked = _check_rows(rows, {(3, 0): "1,717", (4, 0): "575"})
    assert {(3, 0), (4, 0)} <= set(asked)
    eq = filing.statement(StatementKind.CHANGES_IN_EQUITY)
    assert [i.value(0) for i in eq.items if i.concept] == [1717, 575, 2292]
    assert filing.fact("equity_end") == 2292 and not any(f.code == "INCOMPLETE-AMBIGUOUS" for f in findings)
    assert sum(f.code == "OCR-AMOUNT-REREAD" for f in findings) == 2
    # read again as figures that do not tie, nothing is used and the roll-forward stays unjudged, never passed
    filing, findings, _ = _check_rows(rows, {(3, 0): "1,117", (4, 0): "575"})
    assert filing.fact("equity_end") == 2292
    assert any(f.code == "INCOMPLETE-AMBIGUOUS" and "Balance, December 31, 2016" in f.message for f in findings)
    assert not [f for f in findings if f.severity is Severity.ERROR]
    # with no second reading at all (a text layer cannot be read again), the unread roll-forward is incomplete
    filing, findings, _ = _check_rows(rows, {(3, 0): "", (4, 0): ""})
    assert any(f.code == "INCOMPLETE-AMBIGUOUS" for f in findings) and status_of(findings) != "pass"


def test_among_choices_that_read_alike_the_one_under_which_the_footing_is_exact_is_taken() -> None:
    """A statement in millions, two lines misread at once: one version reads 9,325, another 9,322 (9,325 printed);
    both foot within the statement's rounding (a unit a line), but only 9,325 foots exactly, as printed figures
    do, so that choice is the one that reads best."""
    from finop.model.result import status_of

    rows = [
        ("Statement of Financial Condition", []),
        ("December 31, 2020", []),
        ("(In millions)", []),
        ("Cash", ["6,465"]),
        ("Brokers, dealers and clearing organizations", ["05979"]),
        ("U.S. government and agency obligations", ["97325"]),
        ("Other assets", ["1,000"]),
        ("Total assets", ["$22,365"]),
        ("Accounts payable", ["2,365"]),
        ("Total liabilities", ["2,365"]),
        ("Member's equity", ["20,000"]),
        ("Total liabilities and member's equity", ["$22,365"]),
    ]
    second = {(5, 0): "9,975", (6, 0): "9,820"}
    versions = {(5, 0): ["9,975", "5,575"], (6, 0): ["9,820", "9,322", "9,325"]}
    filing, findings, _ = _check_rows(rows, second, versions)
    assert status_of(findings) == "pass" and filing.fact("total_assets") == 22_365_000_000
    note = next(f for f in findings if f.code == "OCR-AMOUNT-REREAD" and "choice" in f.message)
    assert "'05979' as '5,575'" in note.message and "'97325' as '9,325'" in note.message


def test_a_figure_split_just_before_its_last_digit_is_joined() -> None:
    """'1,17' and '5.' where 1,175 is printed, the first piece ending a few points short of the column's edge (so
    close that it could be taken for the column's amount itself, but the second piece ends closer): joined and read
    again whole, the footing holds."""
    from finop.model.document import Cell, Document, Line, Page
    from finop.model.result import status_of
    from finop.model.source import Box
    from finop.pipeline import _extract_and_check
    from finop.repair import repair

    lines = []
    for n, (caption, amounts) in enumerate(OCR_SFC, start=1):
        cells = [Cell(caption, 0, Box(50, n * 12, 250, n * 12 + 9), 0.9)]
        if caption == "Receivable from customers":
            cells += [
                Cell("1,17", 1, Box(410, n * 12, 434, n * 12 + 9), 0.6),
                Cell("5.", 2, Box(436, n * 12, 440, n * 12 + 9), 0.6),
            ]
        else:
            cells += [Cell(a, 1, Box(400, n * 12, 440, n * 12 + 9), 0.9) for a in amounts]
        lines.append(Line(n, 1, "\t".join(c.text for c in cells), tuple(cells), confidence=0.9))
    doc = Document(path="scan.pdf", reader="ocr", pages=(Page(1, tuple(lines)),))

    def read_box(path: str, page: int, box):  # type: ignore[no-untyped-def]
        return "1,175" if box.x0 == 410 and box.x1 == 440 else None

    filing, found = _extract_and_check(doc)
    filing, findings = repair(doc, filing, found, _extract_and_check, read_box)
    assert filing.fact("total_assets") == 2375 and status_of(findings) == "pass"
    assert next(f for f in findings if f.code == "OCR-AMOUNT-REREAD").expected == "1,175"


def test_a_net_income_read_as_letters_is_read_again_through_its_versions_when_a_tie_judges_it() -> None:
    """'SR Ae' where net income 5,225 is printed: no tie fails (the statement's end is just not read). Read again
    it is 9,220 in most versions and 5,225 in one; only 5,225 agrees with the statement's arithmetic (7,053 less
    1,828), and a tie does judge that cell (another figure there fails it), so 5,225 is used."""
    from finop.model.result import status_of

    rows = [
        ("Statement of Income", []),
        ("For the year ended December 31, 2020", []),
        ("Revenues:", []),
        ("Commissions", ["22,131"]),
        ("Total revenues", ["22,131"]),
        ("Expenses:", []),
        ("Clearing and execution fees", ["15,078"]),
        ("Total expenses", ["15,078"]),
        ("Income before income taxes", ["7,053"]),
        ("Provision for income taxes", ["(1,828)"]),
        ("Net income", ["SR Ae"]),
    ]
    filing, findings, _ = _check_rows(rows, {(11, 0): "9,220"}, {(11, 0): ["9,220", "9,229", "5,225"]})
    assert filing.fact("net_income") == 5225
    assert any(f.code == "OCR-AMOUNT-REREAD" and f.actual == "SR Ae" and "one version" in f.message for f in findings)
    assert not any(f.code == "INCOMPLETE-STATEMENT-END" for f in findings)
    # no version agrees with the arithmetic: the end stays unread (incomplete), never a figure made to fit
    filing, findings, _ = _check_rows(rows, {(11, 0): "9,220"}, {(11, 0): ["9,220", "9,229"]})
    assert filing.fact("net_income") is None and status_of(findings) == "incomplete"


def test_a_suggestion_on_one_tie_does_not_leave_another_failed_tie_unread() -> None:
    """Two failed ties on a scan: the assets would foot if '1,475' read '1,175' (a suggestion no reading confirms),
    and the liabilities do not foot with '385' (375 printed), which read again gives '395'. The first is in doubt
    by its suggestion; the second must still be read twice before it is claimed, and its readings differ, so it is
    no claim either: the verdict is incomplete, never FAIL (it once stood as an error, never read again)."""
    from finop.model.result import status_of

    rows = [
        ("Statement of Financial Condition", []),
        ("December 31, 2020", []),
        ("Cash", ["1,200"]),
        ("Receivable from customers", ["1,475"]),
        ("Total assets", ["2,375"]),
        ("Accounts payable", ["385"]),
        ("Total liabilities", ["375"]),
        ("Member's equity", ["2,000"]),
        ("Total liabilities and member's equity", ["2,375"]),
    ]
    _, findings, asked = _check_rows(rows, {(6, 0): "395"})
    assert (6, 0) in asked
    assert any(f.code == "OCR-SUGGESTED-CORRECTION" for f in findings)
    assert not [f for f in findings if f.severity is Severity.ERROR]
    assert status_of(findings) == "incomplete"


def _matrix_with_opening(opening: list[tuple[str, float, float]], read_box):  # type: ignore[no-untyped-def]
    """An OCR'd equity matrix (general partner, limited partners, total; columns ending at 370, 450 and 530) whose
    opening balance row is read as ``opening``'s cells, checked and repaired with ``read_box``."""
    from finop.model.document import Cell, Document, Line, Page
    from finop.model.source import Box
    from finop.pipeline import _extract_and_check
    from finop.repair import repair

    edges = (370, 450, 530)

    def line(n: int, cells: list[tuple[str, float, float]], conf: float = 0.9) -> Line:
        return Line(n, 5, "\t".join(t for t, _, _ in cells),
                    tuple(Cell(t, k, Box(x0, n * 12, x1, n * 12 + 9), conf) for k, (t, x0, x1) in enumerate(cells)),
                    confidence=conf)  # fmt: skip

    def amounts(n: int, caption: str, values: list[str]) -> Line:
        return line(n, [(caption, 50, 180), *((v, x1 - 6 * len(v), x1) for v, x1 in zip(values, edges, strict=True))])

    lines = [
        line(1, [("Statement of Changes in Partners' Capital", 180, 420)]),
        line(2, [("For the year ended December 31, 2015", 190, 410)]),
        line(3, [("General", 330, 370), ("Limited", 410, 450)]),
        line(4, [("partner", 330, 370), ("partners", 405, 450), ("Total", 500, 530)]),
        line(5, [("Balance, December 31, 2014", 50, 180), *opening], conf=0.2),
        amounts(6, "Net income", ["$4,053", "$401,332", "$405,385"]),
        amounts(7, "Distributions", ["(2,602)", "(257,693)", "(260,295)"]),
        amounts(8, "Balance, December 31, 2015", ["$16,688", "$1,652,163", "$1,668,851"]),
    ]
    doc = Document(path="scan.pdf", reader="ocr", pages=(Page(5, tuple(lines)),))
    filing, found = _extract_and_check(doc)
    assert any(f.code == "INCOMPLETE-AMBIGUOUS" for f in found)  # as first read, the opening balance is not read
    return repair(doc, filing, found, _extract_and_check, read_box)


def _settled(findings) -> bool:  # type: ignore[no-untyped-def]
    """Every tie of the matrix judged and holding (the page holds no balance sheet: that is incomplete apart)."""
    return not [f for f in findings if f.code.startswith(("TIE-", "INCOMPLETE-AMBIGUOUS", "INCOMPLETE-STATEMENT"))]


def test_a_garbled_figure_running_a_speck_past_its_columns_edge_is_read_up_to_the_edge() -> None:
    """The opening balance reads '$15,237', then "—-$'17508,524 5)" running past the limited partners' column (a
    speck read after the figure) and '$:1,523;761.': each garbled cell is read again over its column, up to the
    column's edge where the figure ends (read with the speck it is no figure), and the matrix then foots."""

    def read_box(path: str, page: int, box):  # type: ignore[no-untyped-def]
        if box.x1 > 455:  # past the limited partners' edge: the total's figure, or the speck read with a figure
            return "1,523,761" if box.x0 >= 452 else "1,508,5245"
        return "1,508,524" if box.x0 < 400 else None

    opening = [("$15,237", 330, 370), ("—-$'17508,524 5)", 392, 463), ("$:1,523;761.", 472, 530)]
    filing, findings = _matrix_with_opening(opening, read_box)
    eq = filing.statement(StatementKind.CHANGES_IN_EQUITY)
    first = next(i for i in eq.items if i.concept == "rollforward_beginning")
    assert [first.value(k) for k in range(3)] == [15237, 1508524, 1523761]
    assert _settled(findings) and filing.fact("equity_end") == 1668851


def test_a_figure_ocr_split_in_two_garbled_pieces_is_read_whole_and_the_pieces_go() -> None:
    """The total reads 'DLA' '27S5' where 1,523,761 is printed: read again over the column it is the figure, and
    the piece before it ('DLA'), inside the box read, is no cell of its own any more (left, it would stand in the
    column beside the figure)."""

    def read_box(path: str, page: int, box):  # type: ignore[no-untyped-def]
        return "1,523,761" if box.x0 <= 470 and box.x1 >= 530 else "2755"

    opening = [("$15,237", 330, 370), ("1,508,524", 396, 450), ("DLA", 472, 490), ("27S5", 508, 530)]
    filing, findings = _matrix_with_opening(opening, read_box)
    assert _settled(findings) and filing.fact("equity_end") == 1668851
    note = next(f for f in findings if f.code == "OCR-AMOUNT-REREAD")
    assert note.expected == "1,523,761"


def test_a_garbled_line_on_the_page_before_its_total_is_read_again_in_that_pages_column() -> None:
    """A two-year statement run over two pages: the equity lines end a page ('Additional paid-in capital  me  PA
    280' where 321 and 280 are printed) and 'Total stockholder's equity' opens the next, which the scanner set 6
    points further right. The garbled cell is read again in its column as its own page shows it (the amounts about
    it), not as the total's page does, and the equity then foots in both years."""
    from finop.model.document import Cell, Document, Line, Page
    from finop.model.result import status_of
    from finop.model.source import Box
    from finop.pipeline import _extract_and_check
    from finop.repair import repair

    def line(n: int, page: int, caption: str, amounts: list[str], shift: float = 0) -> Line:
        cells = [Cell(caption, 0, Box(50 + shift, n * 12, 250 + shift, n * 12 + 9), 0.9)]
        for k, text in enumerate(amounts):
            x1 = 440 + 70 * k
            if text == "me PA":  # two garbled pieces where the figure stands
                cells += [Cell("me", len(cells), Box(420, n * 12, 426, n * 12 + 9), 0.2),
                          Cell("PA", len(cells) + 1, Box(432, n * 12, 439, n * 12 + 9), 0.2)]  # fmt: skip
            else:
                cells.append(
                    Cell(text, len(cells), Box(x1 - 6 * len(text) + shift, n * 12, x1 + shift, n * 12 + 9), 0.9)
                )
        return Line(
            n, page, "\t".join(c.text for c in cells), tuple(cells), confidence=min(c.confidence for c in cells)
        )

    first = [
        line(1, 2, "Statement of Financial Condition", []),
        line(2, 2, "December 31, 2020 and 2019", []),
        Line(3, 2, "2020\t2019", (Cell("2020", 0, Box(416, 36, 440, 45)), Cell("2019", 1, Box(486, 36, 510, 45)))),
        line(4, 2, "Cash", ["1,200", "1,100"]),
        line(5, 2, "Receivable from customers", ["1,175", "1,175"]),
        line(6, 2, "Total assets", ["2,375", "2,275"]),
        line(7, 2, "Accounts payable", ["1,728", "1,703"]),
        line(8, 2, "Stockholder's equity:", []),
        line(9, 2, "Common stock", ["13", "13"]),
        line(10, 2, "Additional paid-in capital", ["me PA", "280"]),
        line(11, 2, "Retained earnings", ["313", "279"]),
    ]
    second = [
        line(12, 3, "Total stockholder's equity", ["647", "572"], shift=6),
        line(13, 3, "Total liabilities and stockholder's equity", ["2,375", "2,275"], shift=6),
    ]
    doc = Document(path="scan.pdf", reader="ocr", pages=(Page(2, tuple(first)), Page(3, tuple(second))))

    def read_box(path: str, page: int, box):  # type: ignore[no-untyped-def]
        # the figure is read whole only over its own page's column (ending at 440), not the next page's (446)
        return (
            "321" if page == 2 and 10 * 12 - 2 <= box.y0 <= 10 * 12 and box.x0 <= 420 and 439 <= box.x1 <= 443 else None
        )

    filing, found = _extract_and_check(doc)
    assert any(f.code == "INCOMPLETE-AMBIGUOUS" for f in found)
    filing, findings = repair(doc, filing, found, _extract_and_check, read_box)
    assert filing.fact("total_equity") == 647 and status_of(findings) == "pass", [f.message for f in findings]


def test_a_line_whose_amount_ocr_read_as_letters_does_not_take_the_unlabelled_subtotal_below_it() -> None:
    """'Affiliates  LO' (757 printed) over an unlabelled subtotal '2,525', with two more amounts of the liabilities
    in doubt ('525' for 1,523, and '112' printed, read again as '172'): the letters stand where the amounts end, so
    the line has an amount of its own, unread; the subtotal below is not its amount wrapped a line lower (taken so,
    2,525 counted twice, and no choice of the second readings explained the total). Read again, 757 foots."""
    from finop.model.result import status_of

    rows = [
        ("Statement of Financial Condition", []),
        ("December 31, 2020", []),
        ("Cash", ["5,660"]),
        ("Total assets", ["5,660"]),
        ("Payables to:", []),
        ("Customers", ["1,762"]),
        ("Brokers and dealers", ["6"]),
        ("Affiliates", ["LO"]),
        ("", ["2,525"]),
        ("Accounts payable", ["525"]),
        ("Other liabilities", ["112"]),
        ("Total liabilities", ["4,160"]),
        ("Member's equity", ["1,500"]),
        ("Total liabilities and member's equity", ["5,660"]),
    ]
    second = {(8, 0): "757", (10, 0): "1,523", (11, 0): "172"}
    filing, findings, asked = _check_rows(rows, second)
    assert (8, 0) in asked and status_of(findings) == "pass", [
        f.message for f in findings if f.severity.value != "info"
    ]
    sfc = filing.statement(StatementKind.FINANCIAL_CONDITION)
    assert next(i for i in sfc.items if i.label.startswith("Affiliates")).value(0) == 757
    # not read again as a figure that ties, the footing is left unjudged, never failed
    filing, findings, _ = _check_rows(rows, {**second, (8, 0): ""})
    assert status_of(findings) == "incomplete" and not [f for f in findings if f.severity is Severity.ERROR]


def test_a_footing_unjudged_for_a_line_not_read_has_its_read_lines_read_again_too() -> None:
    """'Derivative contracts  TAB' (7,718 printed) leaves the assets' footing unjudged, not failed; read again it is
    7,718, but the footing still fails, for two other lines are misread ('05979' for 5,575, '97325' for 9,325). A
    footing left unjudged only for a line not read is read again like a failed one: every amount of it, and the
    readings that make it hold are used (before, its read lines were never read again, and it stayed INCOMPLETE)."""
    from finop.model.result import status_of

    rows = [
        ("Statement of Financial Condition", []),
        ("December 31, 2015", []),
        ("Cash", ["6,465"]),
        ("Brokers, dealers and clearing organizations", ["05979"]),
        ("Customers", ["42,679"]),
        ("U.S. government and agency obligations", ["97325"]),
        ("Derivative contracts", ["TAB"]),
        ("Total assets", ["71,762"]),
        ("Accounts payable", ["61,762"]),
        ("Partners' capital", ["10,000"]),
        ("Total liabilities and partners' capital", ["71,762"]),
    ]
    second = {(4, 0): "5,575", (6, 0): "9,325", (7, 0): "7,718"}
    versions = {(7, 0): ["7,718"]}  # the versions of a box include its second reading
    filing, findings, asked = _check_rows(rows, second, versions)
    assert {(4, 0), (6, 0), (7, 0)} <= set(asked)
    assert filing.fact("total_assets") == 71762 and status_of(findings) == "pass"
    # read again as figures that do not tie, nothing is claimed: the footing stays unjudged or in doubt, never failed
    filing, findings, _ = _check_rows(rows, {**second, (6, 0): "97,325"}, versions)
    assert status_of(findings) == "incomplete" and not [f for f in findings if f.severity is Severity.ERROR]


def test_a_figure_misread_alike_in_a_groups_total_and_its_line_is_read_again_with_the_total() -> None:
    """'$15227' and '15351' where 1,227 and 1,351 are printed (a thousands comma read as a 5, alike in a line and in
    its group's total): the group foots as read, the liabilities do not. Read again, the total is 1,351 and the
    liabilities hold, but the group then fails; the lines of a tie the second readings break are read again too,
    and with 1,227 everything holds (before, the report stayed INCOMPLETE)."""
    from finop.model.result import status_of

    rows = [
        ("Statement of Financial Condition", []),
        ("December 31, 2022", []),
        ("Cash", ["7,000"]),
        ("Total assets", ["$7,000"]),
        ("Financial instruments sold, not yet purchased:", []),
        ("U.S. government and agency obligations", ["$15227"]),
        ("Corporate debt securities", ["124"]),
        ("Total financial instruments sold, not yet purchased", ["15351"]),
        ("Accounts payable and accrued expenses", ["2,698"]),
        ("Due to affiliates", ["15151"]),
        ("Total liabilities", ["5,200"]),
        ("Partners' capital", ["1,800"]),
        ("Total liabilities and partners' capital", ["$7,000"]),
    ]
    second = {(6, 0): "1,227", (8, 0): "1,351", (10, 0): "1,151"}
    filing, findings, asked = _check_rows(rows, second)
    assert (6, 0) in asked and filing.fact("total_liabilities") == 5200
    assert status_of(findings) == "pass", [f.message for f in findings if f.severity.value != "info"]
    # the line read again alike ('15227'): nothing settles, and nothing is claimed
    filing, findings, _ = _check_rows(rows, {**second, (6, 0): "15227"})
    assert status_of(findings) == "incomplete" and not [f for f in findings if f.severity is Severity.ERROR]
