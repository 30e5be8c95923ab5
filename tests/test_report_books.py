"""produce() on the example books folders: every report passes finop's checks and gives the figures worked
out by hand (the MML annual report; the READMEs of our own two
fictional firms). Bad books get a BooksError that names the file and the problem."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import ROOT
from finop.books import BooksError
from finop.checks import run_checks
from finop.checks.captions import expected_sign
from finop.model.filing import Statement, StatementKind
from finop.model.findings import Severity
from finop.model.produced import ProducedReport
from finop.produce.report import produce

K = StatementKind
EXAMPLES = ROOT / "examples"
MML = EXAMPLES / "mml-distributors-2003"
HARBOR = EXAMPLES / "harbor-point-corp"
CEDAR = EXAMPLES / "cedar-ridge-partners"
FOLDERS = [MML, HARBOR, CEDAR]
EVERY = sorted(p for p in EXAMPLES.iterdir() if (p / "firm.yaml").exists())


@pytest.fixture(scope="module", params=EVERY, ids=lambda p: p.name)
def report(request: pytest.FixtureRequest) -> ProducedReport:
    return produce(request.param)


@pytest.fixture(scope="module")
def reports() -> dict[str, ProducedReport]:
    return {p.name: produce(p) for p in FOLDERS}


def _statement(r: ProducedReport, kind: StatementKind) -> Statement:
    st = r.statement(kind)
    assert st is not None, f"{kind} missing"
    return st


def _amount(st: Statement, concept: str) -> Decimal:
    value = st.amount(concept)
    assert value is not None, f"{st.title}: no {concept}"
    return value


def _rows(st: Statement, column: int = 0) -> dict[str, Decimal | None]:
    """Label -> amount of every row that has one (labels are unique in our examples)."""
    return {i.label: i.value(column) for i in st.items if i.value(column) is not None}


def _n(*values: int) -> list[Decimal]:
    return [Decimal(v) for v in values]


# ---------------------------------------------------------------------------------------------------
# every folder: the net capital schedule against figures worked by hand (the statements' ties are
# finop's own checks, below; each firm's statements against its hand-worked figures, further below)


# the schedule's figures worked out by hand, not by the engine: MML's from its filed report (the example's
# annual-report.txt, page of the computation: nonallowable 103,050 + 85,100, haircuts 32,506); the other
# firms' from their READMEs, written before produce() was run (an excess not written there is net capital
# less the minimum)
HAND_WORKED = {  # net capital, haircuts, nonallowable assets, minimum, excess
    "mml-distributors-2003": (1_268_650, 32_506, 188_150, 250_000, 1_018_650),
    "harbor-point-corp": (2_319_052, 9_248, 145_700, 50_810, 2_268_242),
    "harbor-point-corp-2023": (1_627_250, 5_250, 132_800, 50_000, 1_577_250),
    "cedar-ridge-partners": (5_420_110, 148_490, 69_900, 250_000, 5_170_110),
    "lakeshore-clearing": (2_575_000, 0, 500_000, 660_000, 1_915_000),
    "granite-harbor-securities": (35_000_000, 0, 10_000_000, 10_000_000, 25_000_000),
    "bayfield-securities": (2_300_000, 0, 300_000, 1_196_667, 1_103_333),  # 6-2/3% of 17,950,000, rounded up
}


def test_the_net_capital_schedule_gives_the_hand_worked_figures(report: ProducedReport) -> None:
    nc = _statement(report, K.NET_CAPITAL)
    concepts = ("net_capital", "haircuts", "nonallowable_assets", "minimum_net_capital", "excess_net_capital")
    assert [_amount(nc, c) for c in concepts] == _n(*HAND_WORKED[Path(report.books.path).name])
    assert _amount(nc, "total_ownership_equity") == _amount(_statement(report, K.FINANCIAL_CONDITION), "total_equity")
    assert report.filing.amount("net_capital") == Decimal(HAND_WORKED[Path(report.books.path).name][0])


# ---------------------------------------------------------------------------------------------------
# MML Distributors 2003: every figure of the example annual report


def test_mml_reproduces_the_annual_report(reports: dict[str, ProducedReport]) -> None:
    r = reports["mml-distributors-2003"]
    sfc = _statement(r, K.FINANCIAL_CONDITION)
    assert [i.value() for i in sfc.items if i.value() is not None] == _n(
        1625324, 8721, 85100, 103050, 1822195, 332889, 332889, 16275000, -14785694, 1489306, 1822195
    )
    assert [_amount(sfc, c) for c in ("total_assets", "total_liabilities", "total_equity")] == _n(
        1822195, 332889, 1489306
    )
    inc = _statement(r, K.INCOME)
    assert inc.title == "Statement of Loss"
    assert [i.value() for i in inc.items if i.value() is not None] == _n(
        91575848, 150050, 8425, 91734323, 91575848, 329572, 91905420, -171097
    )
    ce = _statement(r, K.CHANGES_IN_EQUITY)
    assert ce.title == "Statement of Changes in Members' Equity"
    assert [i.values for i in ce.items] == [
        tuple(_n(16275000, -14614597, 1660403)),
        tuple(_n(0, -171097, -171097)),
        tuple(_n(16275000, -14785694, 1489306)),
    ]
    cf = _statement(r, K.CASH_FLOWS)
    assert [i.value() for i in cf.items if i.value() is not None] == _n(
        -171097, -3670, -28025, 7105, -24590, -195687, -195687, 1821011, 1625324
    )
    nc = _statement(r, K.NET_CAPITAL)
    assert [
        _amount(nc, c)
        for c in (
            "total_ownership_equity",
            "net_capital_before_haircuts",
            "haircuts",
            "net_capital",
            "minimum_net_capital",
            "excess_net_capital",
        )
    ] == _n(1489306, 1301156, 32506, 1268650, 250000, 1018650)
    assert _rows(nc)["Due from affiliates"] == 103050
    assert _rows(nc)["Investments not readily marketable, at estimated fair value (cost, $85,100)"] == 85100
    assert r.statement(K.CHANGES_IN_SUBORDINATED) is None
    assert r.differences == ()  # focus_filed.yaml agrees: no material differences
    assert r.filing.reconciliation is not None and r.filing.reconciliation.no_material_differences


# ---------------------------------------------------------------------------------------------------
# Harbor Point Securities, Inc.: the figures of examples/harbor-point-corp/README.md


def test_harbor_point_statements(reports: dict[str, ProducedReport]) -> None:
    r = reports["harbor-point-corp"]
    sfc = _statement(r, K.FINANCIAL_CONDITION)
    assert _amount(sfc, "total_assets") == 3236150
    assert _amount(sfc, "cash") == 2135550
    assert _amount(sfc, "total_liabilities") == 762150
    assert _amount(sfc, "subordinated_liabilities") == 500000
    assert _amount(sfc, "total_equity") == 1974000
    rows = _rows(sfc)
    assert [rows["Common stock"], rows["Additional paid-in capital"], rows["Retained earnings"]] == _n(
        10000, 940000, 1024000
    )
    inc = _statement(r, K.INCOME)
    assert inc.title == "Statement of Income"
    assert [_amount(inc, c) for c in ("total_revenue", "total_expenses", "pretax_income", "income_taxes")] == _n(
        4934500, 4219800, 714700, 186000
    )
    assert _amount(inc, "net_income") == 528700


def test_harbor_point_changes_in_equity_and_subordinated(reports: dict[str, ProducedReport]) -> None:
    r = reports["harbor-point-corp"]
    ce = _statement(r, K.CHANGES_IN_EQUITY)
    assert ce.title == "Statement of Changes in Stockholder's Equity"
    assert ce.columns == (
        "Common stock",
        "Additional paid-in capital",
        "Retained earnings",
        "Total stockholder's equity",
    )
    assert [i.values for i in ce.items] == [
        tuple(_n(10000, 740000, 615300, 1365300)),
        tuple(_n(0, 0, 528700, 528700)),
        tuple(_n(0, 200000, 0, 200000)),  # the contribution goes to paid-in capital (account 3100)
        tuple(_n(0, 0, -120000, -120000)),
        tuple(_n(10000, 940000, 1024000, 1974000)),
    ]
    sub = _statement(r, K.CHANGES_IN_SUBORDINATED)
    assert [i.value() for i in sub.items] == _n(400000, 250000, -150000, 500000)
    assert _amount(sub, "rollforward_end") == _amount(_statement(r, K.FINANCIAL_CONDITION), "subordinated_liabilities")


def test_harbor_point_cash_flows(reports: dict[str, ProducedReport]) -> None:
    cf = _statement(reports["harbor-point-corp"], K.CASH_FLOWS)
    rows = _rows(cf)
    assert rows["Depreciation and other non-cash expenses"] == 29500
    assert rows["Purchases of furniture and equipment"] == -38000  # 104,500 − 96,000 + 29,500
    assert rows["Proceeds from subordinated borrowings"] == 250000  # gross, not the net 100,000
    assert rows["Repayment of subordinated borrowings"] == -150000
    assert rows["Capital contributed by the stockholder"] == 200000
    assert rows["Dividend paid to the stockholder"] == -120000
    assert [_amount(cf, f"net_cash_{k}") for k in ("operating", "investing", "financing")] == _n(472750, -38000, 180000)
    assert [_amount(cf, c) for c in ("cash_beginning", "net_change_in_cash", "cash_end")] == _n(
        1520800, 614750, 2135550
    )


def test_harbor_point_net_capital_basic_method(reports: dict[str, ProducedReport]) -> None:
    r = reports["harbor-point-corp"]
    nc = _statement(r, K.NET_CAPITAL)
    assert [
        _amount(nc, c)
        for c in (
            "total_ownership_equity",
            "allowable_subordinated_liabilities",
            "total_capital",
            "nonallowable_assets",
            "net_capital_before_haircuts",
            "haircuts",
            "net_capital",
            "aggregate_indebtedness",
            "minimum_ratio_requirement",
            "minimum_dollar_requirement",
            "minimum_net_capital",
            "excess_net_capital",
        )
    ] == _n(1974000, 500000, 2474000, 145700, 2328300, 9248, 2319052, 762150, 50810, 50000, 50810, 2268242)
    rows = _rows(nc)
    assert rows["Exempted securities"] == 248  # Treasury bill, 4 months: 0.5% of 49,600
    assert rows["Other securities"] == 9000  # stock: 15% of 60,000
    assert r.computation.facts["ai_ratio_percent"] == Decimal("32.86")
    assert "paragraph (k)(2)(ii)" in " ".join(r.notes[0].paragraphs)
    assert "Lanternfish Clearing Services LLC" in " ".join(r.notes[0].paragraphs)


def test_harbor_point_reconciliation_lists_the_audit_adjustment(reports: dict[str, ProducedReport]) -> None:
    r = reports["harbor-point-corp"]
    assert r.differences is not None
    got = {d.box: (d.filed, d.audited) for d in r.differences}
    assert got == {
        "1685": (Decimal(738150), Decimal(762150)),
        "1760": (Decimal(1238150), Decimal(1262150)),
        "1800": (Decimal(1998000), Decimal(1974000)),
        "3750": (Decimal(2343052), Decimal(2319052)),
        "3760": (Decimal(50000), Decimal(50810)),
        "3770": (Decimal(2293052), Decimal(2268242)),
    }
    rec = r.filing.reconciliation
    assert rec is not None and not rec.no_material_differences
    assert rec.statement is not None
    # net capital as filed, the audit adjustment that moved it, net capital as audited
    rows = [(i.label, i.value()) for i in rec.statement.items if i.value() is not None]
    assert rows == [
        ("Net capital, as reported in the Company's Part IIA (unaudited) FOCUS report", Decimal(2343052)),
        ("Decrease in ownership equity from audit adjustments", Decimal(-24000)),
        ("Net capital per the computation above", Decimal(2319052)),
    ]
    assert len(r.extra["other_differences"]) == 4  # 1685, 1760, 3760, 3770: listed in words under it


# ---------------------------------------------------------------------------------------------------
# Cedar Ridge Partners, L.P.: the figures of examples/cedar-ridge-partners/README.md


def test_cedar_ridge_statements(reports: dict[str, ProducedReport]) -> None:
    r = reports["cedar-ridge-partners"]
    assert (r.filing.facing_page.period_start.isoformat(), r.filing.facing_page.period_end.isoformat()) == (
        "2023-07-01",
        "2024-06-30",
    )
    sfc = _statement(r, K.FINANCIAL_CONDITION)
    assert [_amount(sfc, c) for c in ("total_assets", "cash", "total_liabilities", "total_equity")] == _n(
        8883750, 1743350, 3245250, 5638500
    )
    assert sfc.find("subordinated_liabilities") is None
    assert _rows(sfc)["Total partners' capital"] == 5638500
    inc = _statement(r, K.INCOME)
    assert inc.title == "Statement of Loss"
    assert [_amount(inc, c) for c in ("total_revenue", "total_expenses", "net_income")] == _n(1480750, 1784150, -303400)
    assert inc.find("income_taxes") is None
    assert r.statement(K.CHANGES_IN_SUBORDINATED) is None


def test_cedar_ridge_partners_capital(reports: dict[str, ProducedReport]) -> None:
    ce = _statement(reports["cedar-ridge-partners"], K.CHANGES_IN_EQUITY)
    assert ce.title == "Statement of Changes in Partners' Capital"
    assert [i.values for i in ce.items] == [
        tuple(_n(4850000, 1126900, 5976900)),
        tuple(_n(0, -303400, -303400)),
        tuple(_n(400000, 0, 400000)),
        tuple(_n(0, -185000, -185000)),
        tuple(_n(-250000, 0, -250000)),  # component: contributed
        tuple(_n(5000000, 638500, 5638500)),
    ]


def test_cedar_ridge_cash_flows(reports: dict[str, ProducedReport]) -> None:
    cf = _statement(reports["cedar-ridge-partners"], K.CASH_FLOWS)
    rows = _rows(cf)
    assert rows["Decrease in securities owned, at fair value"] == 692900
    assert rows["Increase in securities sold, not yet purchased, at fair value"] == 228400
    assert rows["Repayment of bank loans payable"] == -650000
    assert rows["Purchases of furniture and equipment"] == -8800
    assert rows["Total adjustments"] == 630600
    assert [_amount(cf, f"net_cash_{k}") for k in ("operating", "investing", "financing")] == _n(327200, -8800, -685000)
    assert [_amount(cf, c) for c in ("cash_beginning", "net_change_in_cash", "cash_end")] == _n(
        2109950, -366600, 1743350
    )


def test_cedar_ridge_haircuts_by_schedule(reports: dict[str, ProducedReport]) -> None:
    r = reports["cedar-ridge-partners"]
    nc = _statement(r, K.NET_CAPITAL)
    rows = _rows(nc)
    # (A): category 2 1.5% x 2,040,000; category 3 (39,400 - 14,760) + 50% x 14,760
    assert rows["Exempted securities"] == 30600 + 32020
    assert rows["Debt securities"] == 20500 + 21600  # (F): 5% x 410,000 and 7.5% x 288,000
    assert rows["Other securities"] == 43770  # (J): 15% x 291,800; the 54,800 short is under 25% of it
    assert "Undue concentration" not in rows
    by_bracket = {(g.asset_class, g.bracket): g.amount for g in r.computation.haircut_groups}
    assert by_bracket[("us_government", "category 1 (0 to < 3 months)")] == 0
    assert by_bracket[("us_government", "category 2 (12 to < 24 months)")] == 30600
    assert by_bracket[("corporate_debt", "2 to < 3 years")] == 20500
    assert by_bracket[("corporate_debt", "10 to < 15 years")] == 21600


def test_cedar_ridge_net_capital_alternative_method(reports: dict[str, ProducedReport]) -> None:
    r = reports["cedar-ridge-partners"]
    nc = _statement(r, K.NET_CAPITAL)
    assert [
        _amount(nc, c)
        for c in (
            "total_ownership_equity",
            "nonallowable_assets",
            "net_capital_before_haircuts",
            "haircuts",
            "net_capital",
            "minimum_ratio_requirement",
            "minimum_dollar_requirement",
            "minimum_net_capital",
            "excess_net_capital",
        )
    ] == _n(5638500, 69900, 5568600, 148490, 5420110, 0, 250000, 250000, 5170110)
    assert nc.find("aggregate_indebtedness") is None  # no AI test on the alternative method
    assert r.differences == ()
    assert r.filing.reconciliation is not None and r.filing.reconciliation.no_material_differences


# ---------------------------------------------------------------------------------------------------
# bad books: a BooksError naming the file and the problem


def _copy(tmp_path: Path, source: Path = HARBOR) -> Path:
    d = tmp_path / source.name
    shutil.copytree(source, d)
    return d


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _produce_fails(d: Path, file: str, *words: str) -> BooksError:
    with pytest.raises(BooksError) as info:
        produce(d)
    err = info.value
    assert Path(err.path).name == file, str(err)
    for w in words:
        assert w in err.problem, f"{w!r} not in {err.problem!r}"
    return err


def test_a_trial_balance_that_does_not_balance(tmp_path: Path) -> None:
    d = _copy(tmp_path)
    _replace(d / "trial_balance.csv", "1000,Operating cash,2135550.00", "1000,Operating cash,2135500.00")
    _produce_fails(d, "trial_balance.csv", "does not balance", "difference -50.00")


def test_an_opening_balance_that_is_not_last_years_closing(tmp_path: Path) -> None:
    d = _copy(tmp_path)
    # last year's retained earnings 10,000 lower (and cash with it, so the opening still balances)
    _replace(d / "opening_balance.csv", "1000,Operating cash,1520800.00", "1000,Operating cash,1510800.00")
    _replace(d / "opening_balance.csv", "3200,Retained earnings,615300.00", "3200,Retained earnings,605300.00")
    err = _produce_fails(d, "equity_changes.csv", "Retained earnings", "difference 10,000.00", "opening_balance.csv")
    assert "1,014,000.00" in err.problem and "1,024,000.00" in err.problem


def test_an_opening_balance_that_does_not_roll_forward_without_changes_files(tmp_path: Path) -> None:
    d = _copy(tmp_path, MML)
    _replace(d / "opening_balance.csv", "1000,Cash in bank,1.00", "1000,Cash in bank,501.00")
    _replace(d / "opening_balance.csv", "-14614597.00", "-14614097.00")
    _produce_fails(d, "opening_balance.csv", "Accumulated deficit", "difference -500.00")


def test_an_equity_change_without_a_date(tmp_path: Path) -> None:
    d = _copy(tmp_path)
    _replace(d / "equity_changes.csv", "2024-12-16,distribution", ",distribution")
    err = _produce_fails(d, "equity_changes.csv", "no date")
    assert (err.row, err.column) == (3, "date")


def test_an_equity_change_outside_the_period(tmp_path: Path) -> None:
    d = _copy(tmp_path, CEDAR)
    _replace(d / "equity_changes.csv", "2023-10-02,contribution", "2023-06-30,contribution")
    err = _produce_fails(d, "equity_changes.csv", "outside the period 2023-07-01 to 2024-06-30")
    assert err.row == 2


def test_a_subordinated_change_that_does_not_roll_forward(tmp_path: Path) -> None:
    d = _copy(tmp_path)
    _replace(d / "subordinated_changes.csv", "decrease,150000.00", "decrease,100000.00")
    _produce_fails(d, "subordinated_changes.csv", "subordinated liabilities", "difference -50,000.00")


def test_an_equity_change_naming_an_account_that_is_not_equity(tmp_path: Path) -> None:
    d = _copy(tmp_path)
    _replace(d / "equity_changes.csv", "contributed,3100", "contributed,2500")
    err = _produce_fails(d, "equity_changes.csv", "account 2500", "not an equity account")
    assert err.column == "account"


# ---------------------------------------------------------------------------------------------------
# the produced report passes finop's own checks (the ones `finop check` runs on a read report)


def test_the_produced_filing_passes_the_checks(report: ProducedReport) -> None:
    findings = [f for f in run_checks(report.filing) if f.severity in (Severity.ERROR, Severity.WARNING)]
    assert findings == []
    # the roll-forwards are read as such: the facts a checked report would carry
    assert report.filing.amount("equity_end") == report.filing.amount("total_equity")
    assert report.filing.amount("cash_end") == report.filing.amount("cash")


def test_a_receivable_named_accrued_is_still_an_asset() -> None:
    assert expected_sign("Decrease in accrued interest receivable") == 1
    assert expected_sign("Increase in accrued interest receivable") == -1
    assert expected_sign("Increase in accounts payable and accrued expenses") == 1


def test_the_bundled_two_year_run_produces_with_both_years(tmp_path: Path) -> None:
    """examples/harbor-point-corp-2023 then -2024: the 2023 figures worked by hand in its README, and a
    report whose net capital chart has both years."""
    from finop.api import compute_net_capital, produce_report

    earlier = EXAMPLES / "harbor-point-corp-2023"
    comp = compute_net_capital(earlier)
    assert (comp.facts["net_capital"], comp.facts["aggregate_indebtedness"], comp.facts["minimum_net_capital"]) == (
        Decimal(1_627_250), Decimal(636_200), Decimal(50_000))  # fmt: skip
    produced = produce_report([HARBOR, earlier], tmp_path, ["html"])
    assert produced.as_of.year == 2024
    html = (tmp_path / "annual-report.html").read_text()
    assert "2023" in html.split('id="chart"', 1)[1] and "2024" in html.split('id="chart"', 1)[1]
