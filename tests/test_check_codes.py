"""Every check fires: one targeted edit of a clean report per finding code."""

from __future__ import annotations

import pytest

from conftest import REPORTS, check_text, needs_shared
from finop.model.findings import Severity

# (report, text to find, replacement, expected code, expected severity)
EDITS = [
    (
        "harbor",
        "NAME OF BROKER-DEALER: Harbor Point Securities, Inc.",
        "NAME OF BROKER-DEALER: Quayside Trading Corp.",
        "FACING-NAME-MISMATCH",
        Severity.WARNING,
    ),
    ("harbor", "AND ENDING 12/31/19", "AND ENDING 12/30/19", "FACING-PERIOD-MISMATCH", Severity.WARNING),
    ("harbor", "BEGINNING 01/01/19", "BEGINNING 01/01/20", "FACING-PERIOD-ORDER", Severity.WARNING),
    ("harbor", "SEC FILE NUMBER\n8-66871\n", "\n", "FACING-INCOMPLETE", Severity.WARNING),
    (
        "harbor",
        "Net capital requirement (greater of above two amounts)\t157,341",
        "Net capital requirement (greater of above two amounts)\t100,000",
        "TIE-NC-REQUIREMENT",
        Severity.ERROR,
    ),
    (
        "harbor",
        "INCOME BEFORE INCOME TAXES\t1,309,930",
        "INCOME BEFORE INCOME TAXES\t1,319,930",
        "TIE-IS-PRETAX",
        Severity.ERROR,
    ),
    (
        "harbor",
        "Net income\t\t\t955,850\t955,850",
        "Net income\t\t\t955,000\t955,000",
        "TIE-EQ-NET-INCOME",
        Severity.ERROR,
    ),
    ("harbor", "Net income\t$ 955,850", "Net income\t$ 955,000", "TIE-CF-NET-INCOME", Severity.ERROR),
    (
        "harbor",
        "BALANCE—December 31, 2019\t$ 10,000",
        "BALANCE—December 31, 2019\t$ 20,000",
        "TIE-EQ-SFC-COMPONENT",
        Severity.ERROR,
    ),
    (
        "harbor",
        "BALANCE—December 31, 2019\t$ 1,500,000",
        "BALANCE—December 31, 2019\t$ 1,550,000",
        "TIE-SUB-SFC",
        Severity.ERROR,
    ),
    ("harbor", "CASH—End of year\t$ 1,612,406", "CASH—End of year\t$ 1,712,406", "TIE-CF-SFC-CASH", Severity.ERROR),
    (
        "harbor",
        "386,904 97,518 142,600 64,281",
        "386,904 97,518 152,600 64,281",
        "TIE-NC-SFC-DEDUCTION",
        Severity.WARNING,
    ),
    ("harbor", "0.42 to 1", "0.52 to 1", "TIE-NOTE-AI-RATIO", Severity.WARNING),
    (
        "harbor",
        "TOTAL AGGREGATE INDEBTEDNESS\t$ 2,360,112",
        "TOTAL AGGREGATE INDEBTEDNESS\t$ 80,360,112",
        "RULE-AI-EARLY-WARNING",
        Severity.WARNING,
    ),
    (
        "harbor",
        "Net capital requirement (greater of above two amounts)\t157,341",
        "Net capital requirement (greater of above two amounts)\t6,000,000",
        "RULE-NC-BELOW-MINIMUM",
        Severity.ERROR,
    ),
    (
        "harbor",
        "Minimum net capital required (6-2/3% of total aggregate indebtedness)\t$ 157,341",
        "Minimum net capital required (6-2/3% of total aggregate indebtedness)\t$ 167,341",
        "RULE-NC-MINIMUM",
        Severity.ERROR,
    ),
    ("cedar", "Net capital per above\t$ 9,662", "Net capital per above\t$ 9,672", "TIE-REC-NETCAP", Severity.ERROR),
    ("cedar", "Net capital per above\t$ 9,662", "Net capital per above\t$ 9,672", "TIE-REC-FOOT", Severity.ERROR),
    (
        "seed",
        "MINIMUM NET CAPITAL REQUIRED TO BE MAINTAINED\t250,000",
        "MINIMUM NET CAPITAL REQUIRED TO BE MAINTAINED\t200,000",
        "RULE-NC-MINIMUM",
        Severity.ERROR,
    ),
    ("seed", "NET LOSS\t\\$ (171,097)", "NET LOSS\t\\$ 171,097", "EXTRACT-SIGN-FROM-CAPTION", Severity.INFO),
    (
        "seed",
        "DUE FROM AFFILIATES\t103,050",
        "DUE FROM AFFILIATES\t103,050 1,000",
        "EXTRACT-MERGED-ROW",
        Severity.WARNING,
    ),
    (
        "seed",
        "The Company is exempt from Rule 15c3-3 of the Securities Exchange Act of 1934, pursuant to paragraph (k)(1).",
        "",
        "MISSING-15C3-3",
        Severity.INFO,
    ),
    (
        "seed",
        "RECONCILIATION OF NET CAPITAL PURSUANT TO PARAGRAPH (d)(4) OF RULE 17a-5— There are no material differences"
        " between the computation of net capital as stated above and the corresponding computation prepared by, and"
        " included in, the Company's unaudited Part IIA Focus Report as filed.",
        "",
        "MISSING-RECONCILIATION",
        Severity.INFO,
    ),
    ("seed", "STATEMENT OF CASH FLOWS YEAR ENDED DECEMBER 31, 2003", "", "MISSING-PART", Severity.INFO),
]


@pytest.mark.parametrize(
    ("report", "find", "replace", "code", "severity"),
    [pytest.param(*e, marks=[needs_shared] if e[0] == "seed" else []) for e in EDITS],
    ids=[f"{e[3]}-{e[0]}" for e in EDITS],
)
def test_edit_raises_its_code(report: str, find: str, replace: str, code: str, severity: Severity) -> None:
    text = REPORTS[report].read_text(encoding="utf-8")
    assert text.count(find) == 1, f"edit anchor not unique in {report}: {find!r}"
    clean = {f.code for f in check_text(text).findings}
    assert code not in clean
    found = [f for f in check_text(text.replace(find, replace)).findings if f.code == code]
    assert found, f"{code} did not fire"
    assert {f.severity for f in found} == {severity}


@needs_shared
def test_sign_from_caption_keeps_the_report_clean() -> None:
    text = REPORTS["seed"].read_text(encoding="utf-8").replace("NET LOSS\t\\$ (171,097)", "NET LOSS\t\\$ 171,097")
    result = check_text(text)
    assert result.ok
    assert result.filing.fact("net_income") == -171097


# (report, text to find, replacement, code, statement, expected, actual): codes no test had made fire, each
# asserted whole: severity error, its statement, the line it points at (the edited line, or the total it
# checks), expected / actual / difference worked by hand from the edit
TARGETED = [
    ("harbor", "NET INCOME\t$ 955,850", "NET INCOME\t$ 965,850", "TIE-IS-NET-INCOME", "income",
     "NET INCOME", 955_850, 965_850),
    ("harbor", "Dividends paid\t\t\t(600,000)\t(600,000)", "Dividends paid\t\t\t(600,000)\t(650,000)",
     "TIE-EQ-CROSSFOOT", "changes_in_equity", "Dividends paid", -600_000, -650_000),
    ("harbor", "Issuance of subordinated notes\t750,000", "Issuance of subordinated notes\t760,000",
     "TIE-SUB-FOOT", "changes_in_subordinated", "BALANCE—December 31, 2019\t$ 1,500,000", 1_510_000, 1_500_000),
    ("harbor", "Excess net capital\t$ 5,473,719", "Excess net capital\t$ 5,483,719", "TIE-NC-EXCESS",
     "net_capital", "Excess net capital", 5_473_719, 5_483_719),
    ("harbor", "Net cash used in financing activities\t(350,000)", "Net cash used in financing activities\t(360,000)",
     "TIE-CF-FOOT", "cash_flows", "Net cash used in financing activities", -350_000, -360_000),
    ("northgate", "Excess of total credits over total debits\t$ 6,891,935",
     "Excess of total credits over total debits\t$ 6,991,935", "TIE-RES-EXCESS", "reserve",
     "Excess of total credits over total debits", 6_891_935, 6_991_935),
    ("northgate", "Excess of total credits over total debits\t$ 6,891,935",
     "Excess of total credits over total debits\t$ 6,991,935", "RULE-RES-DEPOSIT", "reserve",
     "New amount in Reserve Bank Account(s)", 6_991_935, 6_900_000),  # the new balance falls short of it
    ("northgate", "CASH—Beginning of year\t2,915,384", "CASH—Beginning of year\t2,951,384", "TIE-CF-SFC-PRIOR",
     "cash_flows", "CASH—Beginning of year", 2_915_384, 2_951_384),  # the prior year's balance sheet cash
    ("northgate", "BALANCE—January 1, 2015\t$ 100,000\t$ 4,900,000\t$ 6,431,875\t$ 11,431,875",
     "BALANCE—January 1, 2015\t$ 100,000\t$ 4,900,000\t$ 6,413,875\t$ 11,413,875", "TIE-EQ-SFC-PRIOR",
     "changes_in_equity", "BALANCE—January 1, 2015\t$ 100,000", 11_431_875, 11_413_875),
    ("harbor", "Total nonallowable assets\t691,303", "Total nonallowable assets\t691,403", "TIE-NC-FOOT",
     "net_capital", "Total nonallowable assets", 691_303, 691_403),  # the four nonallowable assets add to 691,303
    ("harbor", "Net capital before haircuts on securities positions\t6,069,811",
     "Net capital before haircuts on securities positions\t6,079,811", "TIE-NC-ARITHMETIC", "net_capital",
     "Net capital before haircuts", 6_069_811, 6_079_811),  # 6,773,614 − 703,803
    ("harbor", "BALANCE—December 31, 2019\t$ 10,000\t$ 2,490,000\t$ 2,773,614\t$ 5,273,614",
     "BALANCE—December 31, 2019\t$ 10,000\t$ 2,500,000\t$ 2,773,614\t$ 5,283,614", "TIE-EQ-SFC",
     "changes_in_equity", "BALANCE—December 31, 2019\t$ 10,000", 5_273_614, 5_283_614),  # the balance sheet's equity
]  # fmt: skip


@pytest.mark.parametrize(("report", "find", "replace", "code", "statement", "at", "expected", "actual"), TARGETED,
                         ids=[t[3] for t in TARGETED])  # fmt: skip
def test_a_targeted_edit_raises_its_code_at_its_line_with_its_figures(
    report: str, find: str, replace: str, code: str, statement: str, at: str, expected: int, actual: int
) -> None:
    from decimal import Decimal

    text = REPORTS[report].read_text(encoding="utf-8")
    assert text.count(find) == 1
    assert code not in {f.code for f in check_text(text).findings}
    edited = text.replace(find, replace)
    line = next(n for n, ln in enumerate(edited.splitlines(), 1) if ln.startswith(at))  # the line it points at
    found = [f for f in check_text(edited).findings if f.code == code and f.source and f.source.line == line]
    assert found, f"{code} did not fire at line {line}"
    (finding,) = found
    assert (finding.severity, finding.statement) == (Severity.ERROR, statement)
    assert (finding.expected, finding.actual) == (Decimal(expected), Decimal(actual))
    assert finding.difference == Decimal(actual - expected)


def test_a_correction_naming_no_amount_is_said_to_be_unused() -> None:
    """REVIEW-CORRECTION-UNUSED: a reviewer's correction of a line the reading no longer has is kept, and said."""
    from decimal import Decimal

    from finop.api import check_document
    from finop.model.corrections import Correction
    from finop.readers.text import parse_text

    text = REPORTS["example"].read_text(encoding="utf-8")
    missing = Correction("financial_condition", "sfc.999", 0, Decimal(5), "A. Reviewer")
    result = check_document(parse_text(text, "report.txt"), corrections=(missing,))
    (finding,) = [f for f in result.findings if f.code == "REVIEW-CORRECTION-UNUSED"]
    assert finding.severity is Severity.WARNING and "sfc.999" in finding.message and "A. Reviewer" in finding.message
    assert result.status == check_text(text).status  # the reading itself is unchanged


# the subordinated statement as a matrix, one column per note (as the notes describe them) and a total column
_SUB_MATRIX = (
    "STATEMENT OF CHANGES IN SUBORDINATED LIABILITIES YEAR ENDED DECEMBER 31, 2019\n\n"
    "\tNote due 2022\tNote due 2024\tNote repaid 2019\tTotal\n"
    "BALANCE—January 1, 2019\t$ 750,000\t\t$ 500,000\t$ 1,250,000\n"
    "Issuance of subordinated notes\t\t750,000\t\t750,000\n"
    "Repayment of subordinated notes\t\t\t(500,000)\t(500,000)\n"
    "BALANCE—December 31, 2019\t$ 750,000\t$ 750,000\t$ —\t$ 1,500,000\n\n"
)


def _harbor_with_sub_matrix(issuance_total: str) -> str:
    text = REPORTS["harbor"].read_text(encoding="utf-8")
    start = text.index("STATEMENT OF CHANGES IN SUBORDINATED LIABILITIES YEAR")
    end = text.index("See notes to financial statements.", start)
    return text[:start] + _SUB_MATRIX.replace("\t\t750,000\t\t750,000", f"\t\t750,000\t\t{issuance_total}") + text[end:]


def test_a_subordinated_matrix_row_that_does_not_add_across_is_an_error() -> None:
    """TIE-SUB-CROSSFOOT: a row of the subordinated statement's matrix whose total column is not its columns' sum."""
    from decimal import Decimal

    clean = check_text(_harbor_with_sub_matrix("750,000"))
    assert clean.ok and not [f for f in clean.findings if f.code.startswith("TIE-SUB")]  # the matrix reads and ties
    edited = _harbor_with_sub_matrix("760,000")
    line = next(n for n, ln in enumerate(edited.splitlines(), 1) if ln.startswith("Issuance of subordinated notes"))
    (finding,) = [f for f in check_text(edited).findings if f.code == "TIE-SUB-CROSSFOOT"]
    assert (finding.severity, finding.statement, finding.source and finding.source.line) == (
        Severity.ERROR, "changes_in_subordinated", line)  # fmt: skip
    assert (finding.expected, finding.actual, finding.difference) == (
        Decimal(750_000),
        Decimal(760_000),
        Decimal(10_000),
    )


def test_a_balance_sheet_without_its_liabilities_side_is_incomplete() -> None:
    """INCOMPLETE-TOTAL-LIABILITIES-AND-EQUITY: the page with liabilities and equity is missing (a two-page statement
    filed with one page): total assets is read, the other side is not, so the report is neither passed nor failed."""
    text = REPORTS["harbor"].read_text(encoding="utf-8")
    start = text.index("LIABILITIES AND STOCKHOLDERS' EQUITY\n")
    result = check_text(text[:start] + text[text.index("See notes to financial statements.", start) :])
    assert result.status == "incomplete"
    assert result.filing.fact("total_assets") == 9_212_026
    (finding,) = [f for f in result.findings if f.code == "INCOMPLETE-TOTAL-LIABILITIES-AND-EQUITY"]
    assert (finding.severity, finding.statement) == (Severity.WARNING, "financial_condition")
    title = next(n for n, ln in enumerate(text.splitlines(), 1) if ln.startswith("STATEMENT OF FINANCIAL CONDITION"))
    assert finding.source is not None and finding.source.line == title  # it points at the statement it could not finish
    assert not [f for f in result.findings if f.severity is Severity.ERROR]


def test_statements_that_state_no_unit_take_the_unit_the_notes_imply() -> None:
    """EXTRACT-SCALE-INFERRED: generated reports in thousands with their unit line removed, whose notes state net
    capital in words ("$29.3 billion") larger than total assets as printed: read in thousands, every fact right."""
    import re

    from layoutgen import generate, score, to_text, truth

    seen = 0
    for seed in range(200):
        report, style = generate(seed)
        if style.scale != 1000 or style.note_units != "words" or style.schedule:
            continue
        text = re.sub(r"\(In thousands\)", "", to_text(report, style))
        assert "thousands" not in text.lower()
        facts = truth(report, style)
        result = check_text(text)
        inferred = [f for f in result.findings if f.code == "EXTRACT-SCALE-INFERRED"]
        if facts["net_capital"] <= facts["total_assets"] / 1000:  # type: ignore[operator]
            assert not inferred  # the notes leave room for dollars: nothing to infer from
            continue
        assert score(result, report, style).ok, seed
        (finding,) = inferred
        assert finding.severity is Severity.INFO and "thousands" in finding.message
        assert finding.source is not None and "net capital" in text.splitlines()[finding.source.line - 1].lower()
        seen += 1
        if seen == 3:
            break
    assert seen == 3


def test_every_documented_code_is_expected_by_some_test() -> None:
    """A code in docs/checks.md that no test names as the code it expects is a code nothing makes fire."""
    import re
    from pathlib import Path

    tests = Path(__file__).parent
    docs = (tests.parent / "docs" / "checks.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+)`", docs))
    assert len(documented) > 50
    sources = [p.read_text(encoding="utf-8") for p in sorted(tests.rglob("*.py"))]  # this test names no code
    named = set()
    for source in sources:
        named |= set(re.findall(r"""["']([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+)["']""", source))
    assert sorted(documented - named) == []
