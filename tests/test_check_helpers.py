"""The small judgements the checks rest on, each pinned: where a cover-page finding points, when two names are
one, when a deduction names a whole balance-sheet line, and when a footing that OCR left a cell out of is not
claimed. (Mutation testing, benchmarks/mutation.py, found these reachable only through their callers' wording.)"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from conftest import EXAMPLE
from edgar_site import cover_xml
from finop.api import check_document
from finop.checks.cover import _name_key, same_name
from finop.checks.footing import foot_statement
from finop.checks.net_capital import _same_asset
from finop.model.filing import LineItem, Role, Statement, StatementKind
from finop.model.findings import Severity
from finop.model.source import SourceRef
from finop.readers.cover import read_cover
from finop.readers.text import parse_text


def test_a_cover_finding_points_at_the_element_in_the_xml(tmp_path: Path) -> None:
    xml = tmp_path / "primary_doc.xml"
    xml.write_text(cover_xml(name="MML Distributors, LLC", begin="01-01-2003", end="12-30-2003",
                             accountant="Deloitte & Touche LLP", weakness="Y"), encoding="utf-8")  # fmt: skip
    cover = read_cover(xml)
    result = check_document(parse_text(EXAMPLE.read_text(encoding="utf-8"), str(EXAMPLE)), cover=cover)
    found = {f.code: f for f in result.findings}
    period = found["COVER-PERIOD-MISMATCH"]
    assert period.sources[0] == SourceRef(file=str(xml), page=0, line=cover.lines["period_end"], text="",
                                          reader="cover-xml")  # fmt: skip
    assert cover.lines["period_end"] > 1 and period.sources[1].file == str(EXAMPLE)  # then the report's own place
    weakness = found["COVER-MATERIAL-WEAKNESS"].sources[0]
    assert (weakness.file, weakness.page, weakness.line, weakness.text) == (
        str(xml), 0, cover.lines["material_weakness"], "Y")  # fmt: skip


def test_two_spellings_of_one_name() -> None:
    assert _name_key("Smith & Jones Securities, L.L.C.") == "smith and jones securities"
    assert _name_key("THE SMITH AND JONES SECURITIES LLC") == "smith and jones securities"
    assert _name_key("Ort Capital Markets, Inc.") == "ort capital markets"  # a name's own words stay
    assert same_name("Smith & Jones Securities, L.L.C.", "SMITH AND JONES SECURITIES LLC")
    assert not same_name("Harbor Point Securities, Inc.", "Quayside Trading Corp.")
    assert same_name("Abcdefghij", "Abcdefghik")  # a token-set ratio of exactly 90 is the same name
    assert not same_name("Abcdefghij", "Abcdefgxyk")


def test_a_deduction_that_names_the_whole_balance_sheet_line() -> None:
    assert _same_asset("RECEIVABLE FROM AFFILIATE", "Receivable from affiliate.")  # case and punctuation aside
    assert _same_asset("abcdefghij", "abcdefghik")  # a token-sort ratio of exactly 90 names the same line
    assert not _same_asset("abcdefghij", "abcdefgxyk")
    assert not _same_asset("Portion of other assets", "Other assets")  # a part of the line, not the line


def _statement(confidence: float, row_cells: tuple[Decimal | None, Decimal | None], placed: bool = True) -> Statement:
    def src(line: int) -> SourceRef:
        return SourceRef("scan.pdf", 1, line, reader="ocr", confidence=confidence)

    rows = (
        LineItem.of("eq.1", "Balance, beginning", (Decimal(10), Decimal(20)), (src(1), src(1))),
        LineItem.of("eq.2", "Net income", row_cells, (src(2), src(2)) if placed else (None, None)),
        LineItem.of("eq.3", "Balance, ending", (Decimal(15), Decimal(26)), (src(3), src(3)), role=Role.TOTAL,
                    components=("eq.1", "eq.2")),
    )  # fmt: skip
    return Statement(StatementKind.CHANGES_IN_EQUITY, "Changes in equity", rows, columns=("Retained", "Total"))


def test_a_footing_with_a_cell_ocr_did_not_read_is_not_claimed() -> None:
    """OCR read the net income row's total (6) but not its first column: the first column's footing (10 + ? = 15)
    is INCOMPLETE-AMBIGUOUS and a warning, not an error; so is a row whose amounts OCR saw on its line but read
    none of (since session 10: the row keeps its place on the page with no value). A text layer's empty cell, or
    a row with no amount and no place, keeps the error."""
    ocr = list(foot_statement(_statement(0.8, (None, Decimal(6))), "TIE-EQ-FOOT"))
    assert [(f.code, f.severity) for f in ocr] == [("INCOMPLETE-AMBIGUOUS", Severity.WARNING),
                                                   ("TIE-EQ-FOOT", Severity.WARNING)]  # fmt: skip
    assert ocr[0].sources[-1].line == 2  # it points at the row whose cell was not read
    text = list(foot_statement(_statement(1.0, (None, Decimal(6))), "TIE-EQ-FOOT"))
    assert [(f.code, f.severity) for f in text] == [("TIE-EQ-FOOT", Severity.ERROR)]
    empty = list(foot_statement(_statement(0.8, (None, None), placed=False), "TIE-EQ-FOOT"))
    assert {f.severity for f in empty} == {Severity.ERROR}
    unread = list(foot_statement(_statement(0.8, (None, None)), "TIE-EQ-FOOT"))
    assert {f.severity for f in unread} == {Severity.WARNING} and unread[0].code == "INCOMPLETE-AMBIGUOUS"


def test_name_keys_drop_a_words_full_stop_and_cover_places_default_to_line_zero() -> None:
    from finop.checks.cover import _at
    from finop.model.cover import CoverPage

    assert _name_key("Smith Securities. Inc.") == "smith securities"  # "Securities." is the word "securities"
    place = _at(CoverPage(path="primary_doc.xml"), "cik")  # a field the XML gave no line for
    assert (place.file, place.page, place.line, place.reader) == ("primary_doc.xml", 0, 0, "cover-xml")
