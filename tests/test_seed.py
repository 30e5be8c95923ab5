"""The real example report (OCR text with real OCR damage) from shared/seed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import SEED, check_text, needs_shared
from finop.api import CheckResult
from finop.model.findings import Severity

EXPECTED = {
    "registrant_name": "MML Distributors, LLC",
    "sec_file_number": "8-48203",
    "period_start": "2003-01-01",
    "period_end": "2003-12-31",
    "accountant_name": "Deloitte & Touche LLP",
    "cash": Decimal(1625324),
    "total_assets": Decimal(1822195),
    "total_liabilities": Decimal(332889),
    "total_equity": Decimal(1489306),
    "total_liabilities_and_equity": Decimal(1822195),
    "total_revenue": Decimal(91734323),
    "total_expenses": Decimal(91905420),
    "net_income": Decimal(-171097),
    "equity_beginning": Decimal(1660403),
    "equity_end": Decimal(1489306),
    "net_change_in_cash": Decimal(-195687),
    "cash_beginning": Decimal(1821011),
    "cash_end": Decimal(1625324),
    "total_ownership_equity": Decimal(1489306),
    "nonallowable_assets": Decimal(188150),
    "haircuts": Decimal(32506),
    "net_capital": Decimal(1268650),
    "minimum_net_capital": Decimal(250000),
    "excess_net_capital": Decimal(1018650),
    "note_net_capital": Decimal(1268650),
    "note_minimum_net_capital": Decimal(250000),
    "note_excess_net_capital": Decimal(1018650),
}
# not stated anywhere in the report: must be absent, never zero
ABSENT = ["subordinated_liabilities", "aggregate_indebtedness", "firm_id", "aggregate_debit_items"]


@pytest.fixture(scope="module")
def result(seed_text: str) -> CheckResult:
    return check_text(seed_text, str(SEED))


pytestmark = needs_shared


def test_every_stated_fact_is_extracted_exactly(result: CheckResult) -> None:
    got = {k: result.filing.fact(k) for k in EXPECTED}
    assert got == EXPECTED


@pytest.mark.parametrize("name", ABSENT)
def test_unstated_facts_are_absent(result: CheckResult, name: str) -> None:
    assert name not in result.filing.facts


def test_no_error_finding(result: CheckResult) -> None:
    assert [f.message for f in result.errors] == []


def test_sec_file_number_warning_points_at_both_places(result: CheckResult) -> None:
    found = [f for f in result.findings if f.code == "FACING-SEC-FILE-MISMATCH"]
    assert len(found) == 1
    assert found[0].severity is Severity.WARNING
    assert (found[0].expected, found[0].actual) == ("8-48203", "8-038030")
    assert {s.line for s in found[0].sources} == {13, 38}


def test_caption_sign_warning_on_accounts_payable(result: CheckResult) -> None:
    found = [f for f in result.findings if f.code == "CAPTION-SIGN"]
    assert [(f.severity, f.source.line) for f in found] == [(Severity.WARNING, 124)]  # type: ignore[union-attr]
    assert "Decrease in accounts payable" in found[0].message


def test_garbled_period_dates_are_repaired_with_info(result: CheckResult) -> None:
    repaired = [f for f in result.findings if f.code == "FACING-DATE-REPAIRED"]
    assert [f.severity for f in repaired] == [Severity.INFO, Severity.INFO]
    assert {f.expected for f in repaired} == {"2003-01-01", "2003-12-31"}
    assert {f.actual for f in repaired} == {"01/01/0308", "] ; 2/31/03○3"}


def test_facing_page_fields(result: CheckResult) -> None:
    fp = result.filing.facing_page
    assert fp.contact_name == "Michele G. Lattanzio"
    assert fp.contact_phone == "(413)737-8400"
    assert str(fp.accountant_address) == "200 Berkeley Street, Boston, MA 02116"
    assert fp.firm_id is None


def test_statements_and_schedules_found(result: CheckResult) -> None:
    kinds = {k.value for k in result.filing.statements}
    assert kinds == {"financial_condition", "income", "changes_in_equity", "cash_flows", "net_capital"}
    eq = result.filing.statements["changes_in_equity"]  # type: ignore[index]
    assert eq.columns == ("Members' Equity", "Accumulated Deficit", "Total Members' Equity")
    net_loss = next(i for i in eq.items if i.label == "Net loss")
    assert net_loss.values == (None, Decimal(-171097), Decimal(-171097))


def test_merged_revenue_row_is_three_items(result: CheckResult) -> None:
    inc = result.filing.statements["income"]  # type: ignore[index]
    revenue = [(i.label, i.value()) for i in inc.items if i.section == "revenue" and i.role.value == "item"]
    assert revenue == [
        ("Commissions", Decimal(91575848)),
        ("Underwriting fees", Decimal(150050)),
        ("Investment income", Decimal(8425)),
    ]
    assert {i.source().line for i in inc.items if i.section == "revenue" and i.role.value == "item"} == {102}


def test_notes_exemption_method_and_reconciliation(result: CheckResult) -> None:
    f = result.filing
    assert f.method == "alternative"
    assert f.exemption is not None and f.exemption.paragraph == "(k)(1)"
    assert f.reconciliation is not None and f.reconciliation.no_material_differences
    related = sorted(n.value for n in f.notes if n.concept == "related_party_amount")
    assert related == [Decimal(8425), Decimal(150050), Decimal(180000), Decimal(1625323), Decimal(91575848)]


def test_every_amount_keeps_its_source(result: CheckResult) -> None:
    for st in result.filing.statements.values():
        for item in st.items:
            for value, src in zip(item.values, item.sources, strict=True):
                if value is not None:
                    assert src is not None and src.line > 0 and src.file == str(SEED)
                    assert 0 < src.confidence <= 1
