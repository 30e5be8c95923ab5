"""Our own report fixtures: a corporation (basic method, subordinated loans) and a partnership in thousands."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLE, FIXTURES, REPORTS, check_text
from finop.api import CheckResult

D = Decimal
EXPECTED = {
    "harbor": {
        "registrant_name": "Harbor Point Securities, Inc.",
        "sec_file_number": "8-66871",
        "firm_id": "152847",
        "period_start": "2019-01-01",
        "period_end": "2019-12-31",
        "accountant_name": "Keller & Rowe LLP",
        "total_assets": D(9212026),
        "total_liabilities": D(2438412),
        "subordinated_liabilities": D(1500000),
        "total_equity": D(5273614),
        "total_liabilities_and_equity": D(9212026),
        "total_revenue": D(9674744),
        "total_expenses": D(8364814),
        "income_before_taxes": D(1309930),
        "income_taxes": D(354080),
        "net_income": D(955850),
        "cash": D(1612406),
        "cash_beginning": D(1476655),
        "net_change_in_cash": D(135751),
        "cash_end": D(1612406),
        "equity_end": D(5273614),
        "total_ownership_equity": D(5273614),
        "allowable_subordinated_liabilities": D(1500000),
        "nonallowable_assets": D(691303),
        "haircuts": D(438751),
        "undue_concentration": D(41650),
        "net_capital": D(5631060),
        "aggregate_indebtedness": D(2360112),
        "minimum_net_capital": D(157341),
        "excess_net_capital": D(5473719),
        "ai_ratio_percent": D(42),
        "note_ai_ratio": D("0.42"),
    },
    "cedar": {
        "registrant_name": "Cedar Ridge Capital Partners, L.P.",
        "sec_file_number": "8-70219",
        "firm_id": "291534",
        "total_assets": D(18311000),
        "total_liabilities": D(7204000),
        "total_equity": D(11107000),
        "total_revenue": D(8850000),
        "total_expenses": D(10336000),
        "net_income": D(-1486000),
        "cash_beginning": D(4131000),
        "net_change_in_cash": D(-1713000),
        "cash_end": D(2418000),
        "net_capital": D(9662000),
        "aggregate_debit_items": D(1284000),
        "minimum_net_capital": D(250000),
        "excess_net_capital": D(9412000),
        "note_net_capital": D(9662000),
    },
    "northgate": {
        "registrant_name": "Northgate Clearing Corp.",
        "total_assets": D(81332329),
        "total_liabilities": D(62313060),
        "subordinated_liabilities": D(6000000),
        "total_equity": D(13019269),
        "cash": D(3482617),
        "net_income": D(3087394),
        "net_change_in_cash": D(567233),
        "net_capital": D(16532342),
        "aggregate_debit_items": D(49014085),
        "minimum_net_capital": D(980282),
        "excess_net_capital": D(15552060),
        "excess_net_capital_5pct": D(14081638),
        "reserve_total_credits": D(54435597),
        "reserve_total_debits": D(47543662),
        "reserve_excess": D(6891935),
        "reserve_new_balance": D(6900000),
    },
    "example": {
        "registrant_name": "MML Distributors, LLC",
        "total_assets": D(1822195),
        "net_income": D(-171097),
        "net_capital": D(1268650),
        "excess_net_capital": D(1018650),
        "note_net_capital": D(1268650),
        "note_minimum_net_capital": D(250000),
        "note_excess_net_capital": D(1018650),
    },
}


def _check(name: str) -> CheckResult:
    path = REPORTS[name]
    return check_text(path.read_text(encoding="utf-8"), str(path))


@pytest.mark.parametrize("name", ["harbor", "cedar", "northgate", "example"])
def test_fixture_checks_clean_with_its_facts(name: str) -> None:
    result = _check(name)
    assert [f.message for f in result.errors] == []
    got = {k: result.filing.fact(k) for k in EXPECTED[name]}
    assert got == EXPECTED[name]


def test_harbor_paths() -> None:
    f = _check("harbor").filing
    assert f.method == "basic"
    assert f.exemption is not None and f.exemption.paragraph == "(k)(2)(ii)"
    assert f.reconciliation is not None and f.reconciliation.no_material_differences
    assert "changes_in_subordinated" in {k.value for k in f.statements}
    assert not [x for x in _check("harbor").findings if x.severity.value != "info"]


def test_cedar_thousands_and_listed_reconciliation() -> None:
    result = _check("cedar")
    f = result.filing
    assert {st.scale for st in f.statements.values()} == {1000}
    assert f.method == "alternative"
    assert f.reconciliation is not None and not f.reconciliation.no_material_differences
    rec = f.reconciliation.statement
    assert rec is not None
    assert rec.amount("focus_net_capital") == D(9799000)
    assert rec.amount("reconciled_net_capital") == D(9662000)


def test_example_warns_like_the_real_report() -> None:
    codes = sorted(f.code for f in _check("example").findings)
    assert codes == ["CAPTION-SIGN", "FACING-SEC-FILE-MISMATCH"]
    assert EXAMPLE.exists()


PLANTED = yaml.safe_load((FIXTURES / "planted-errors.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("plant", PLANTED, ids=lambda p: f"{p['file']}:{p['find'][:40]}")
def test_planted_error_is_found_at_its_line(plant: dict[str, str]) -> None:
    path: Path = FIXTURES / plant["file"]
    text = path.read_text(encoding="utf-8")
    assert text.count(plant["find"]) == 1
    line_no = text[: text.index(plant["find"])].count("\n") + 1
    result = check_text(text.replace(plant["find"], plant["replace"]), str(path))
    assert not result.ok, plant["breaks"]
    assert any(any(s.line == line_no for s in f.sources) for f in result.errors), [f.message for f in result.errors]


def test_northgate_two_year_balance_sheet_and_reserve() -> None:
    f = _check("northgate").filing
    sfc = f.statements["financial_condition"]  # type: ignore[index]
    assert sfc.columns == ("2015", "2014")
    assert sfc.find("total_assets").values == (D(81332329), D(74950474))  # type: ignore[union-attr]
    assert f.exemption is not None and not f.exemption.exempt
    assert "reserve" in {k.value for k in f.statements}


_BROKEN = {  # the part a planted error's `breaks:` names -> the statement its error finding is about
    "statement of financial condition": "financial_condition",
    "statement of income": "income",
    "statement of operations": "income",
    "statement of changes in stockholders' equity": "changes_in_equity",
    "statement of changes in partners' capital": "changes_in_equity",
    "statement of changes in subordinated liabilities": "changes_in_subordinated",
    "statement of cash flows": "cash_flows",
    "net capital schedule": "net_capital",
    "reserve computation (schedule ii)": "reserve",
}


@pytest.mark.parametrize("plant", PLANTED, ids=lambda p: f"{p['file']}:{p['find'][:30]}")
def test_planted_error_breaks_what_it_says(plant: dict[str, str]) -> None:
    """The error is about the statement the plant's `breaks:` names, and, where it names a printed total in
    parentheses, that total is the expected or actual figure of an error (in the statement's unit or in
    dollars)."""
    import re
    from decimal import Decimal

    text = (FIXTURES / plant["file"]).read_text(encoding="utf-8")
    errors = check_text(text.replace(plant["find"], plant["replace"])).errors
    named = plant["breaks"].split(":")[0].split(",")[0].strip().lower()
    if named in _BROKEN:
        assert _BROKEN[named] in {f.statement for f in errors}, ([f.statement for f in errors], plant["breaks"])
    figures = {Decimal(x.replace(",", "")) for x in re.findall(r"\(([\d,]+)\)", plant["breaks"])}
    if figures:
        seen = {abs(v) for f in errors for v in (f.expected, f.actual) if isinstance(v, Decimal)}
        assert any(x in seen or x * 1000 in seen for x in figures), (sorted(seen), plant["breaks"])
