"""The verdict: PASS only when what finop promises was read and ties; INCOMPLETE when it could not be read."""

from __future__ import annotations

from conftest import EXAMPLE, check_text
from finop.model.result import EXIT_CODES, status_of

TEXT = EXAMPLE.read_text(encoding="utf-8")


def _codes(result) -> set[str]:  # type: ignore[no-untyped-def]
    return {f.code for f in result.findings}


def test_the_example_passes() -> None:
    result = check_text(TEXT)
    assert result.status == "pass" and result.exit_code == 0
    assert result.to_dict()["summary"]["status"] == "pass"


def test_unread_total_assets_is_incomplete_not_pass() -> None:
    result = check_text(TEXT.replace("TOTAL ASSETS\t$ 1,822,195\n", ""))
    assert "INCOMPLETE-TOTAL-ASSETS" in _codes(result)
    assert result.status == "incomplete" and result.exit_code == 3
    finding = next(f for f in result.findings if f.code == "INCOMPLETE-TOTAL-ASSETS")
    assert finding.statement == "financial_condition" and "page" in finding.message


def test_no_grand_total_but_both_sides_read_still_passes() -> None:
    result = check_text(TEXT.replace("TOTAL LIABILITIES AND MEMBERS' EQUITY\t$ 1,822,195\n", ""))
    assert not {c for c in _codes(result) if c.startswith("INCOMPLETE")}
    assert result.status == "pass"


def test_a_report_without_its_balance_sheet_is_incomplete() -> None:
    start = TEXT.index("STATEMENT OF FINANCIAL CONDITION DECEMBER 31, 2003")
    end = TEXT.index("See notes to financial statements.", start)
    result = check_text(TEXT[:start] + TEXT[end:])
    assert "INCOMPLETE-SFC" in _codes(result) and result.status == "incomplete"


def test_an_unreadable_net_capital_line_is_incomplete() -> None:
    note = "Net capital at December 31, 2003 was $1,268,650, or $1,018,650 more than the required amount."
    assert note in TEXT
    text = TEXT.replace("NET CAPITAL\t1,268,650\n", "NET CAPITAL\t(illegible)\n")
    from_notes = check_text(text)  # the note states it: read from there
    assert from_notes.status == "pass" and from_notes.filing.facts["net_capital"].origin == "notes"
    result = check_text(text.replace(note, ""))
    assert result.filing.amount("net_capital") is None
    assert "INCOMPLETE-NET-CAPITAL" in _codes(result) and result.status == "incomplete"


def test_an_error_on_a_complete_reading_fails() -> None:
    result = check_text(TEXT.replace("TOTAL ASSETS\t$ 1,822,195", "TOTAL ASSETS\t$ 1,832,195"))
    assert result.status == "fail" and result.exit_code == 1


def test_incomplete_wins_over_errors_and_exit_codes_are_distinct() -> None:
    result = check_text(
        TEXT.replace("TOTAL ASSETS\t$ 1,822,195\n", "").replace(
            "Total members' equity\t1,489,306", "Total members' equity\t1,589,306"
        )
    )
    assert result.status == "incomplete"
    assert status_of([]) == "pass"
    assert sorted(EXIT_CODES.values()) == [0, 1, 3]


def test_a_statement_read_without_the_figure_it_ends_at_is_incomplete() -> None:
    """A statement of income whose net income line OCR glued to its caption as letters ("Net income SR Ae") was
    read, but not the figure it ends at: its ties are not all judged, so the report is INCOMPLETE, not PASS (a
    scan of a generated layout once passed so)."""
    from conftest import REPORTS, check_text

    text = REPORTS["harbor"].read_text(encoding="utf-8")
    clean = check_text(text)
    assert clean.filing.amount("net_income") is not None
    assert not [f for f in clean.findings if f.code == "INCOMPLETE-STATEMENT-END"]
    line = next(x for x in text.splitlines() if x.startswith("NET INCOME\t"))
    result = check_text(text.replace(line, "NET INCOME SR Ae"))
    found = [f for f in result.findings if f.code == "INCOMPLETE-STATEMENT-END"]
    assert found and found[0].statement == "income" and "net income" in found[0].message
    assert result.status == "incomplete"
