"""The Rule 15c3-3 reserve computations from the books (`finop reserve`): each line of the three examples
worked by hand with its citation, the rules by date, bad reserve.csv, and net capital taking aggregate
debit items from the computation."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

import finop
from finop.books import BooksError, load_books
from finop.cli import app
from finop.engine.reserve import compute_reserve
from finop.model.filing import StatementKind

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
LAKESHORE, GRANITE, BAYFIELD = (EXAMPLES / n for n in ("lakeshore-clearing", "granite-harbor-securities",
                                                      "bayfield-securities"))  # fmt: skip
D = Decimal


def _lines(res: finop.ReserveComputation) -> dict[str, tuple[Decimal | None, tuple[str, ...]]]:
    return {x.key: (x.amount, x.citations) for x in res.lines}


def test_weekly_alternative_method_carrying_firm() -> None:
    """Lakeshore Clearing, 2025-12-31, alternative method, weekly."""
    res = finop.compute_reserve(LAKESHORE)
    got = _lines(res)
    # credits, Items 1-9: 31,250,000 + 4,800,000 + 2,150,000 + 1,340,000 + 85,000 + 0 + 12,500 + 27,500 + 0
    credits = [D(31_250_000), D(4_800_000), D(2_150_000), D(1_340_000), D(85_000), D(0), D(12_500), D(27_500), D(0)]
    for n, amount in enumerate(credits, start=1):
        assert got[f"reserve_item_{n}"][0] == amount
        assert got[f"reserve_item_{n}"][1][0].startswith(f"17 CFR 240.15c3-3a, Item {n}")
    assert got["reserve_total_credits"] == (D(39_665_000), ("17 CFR 240.15c3-3a, Items 1-9",))
    # debits, Items 10-15: 26,400,000 + 3,150,000 + 1,180,000 + 2,270,000 + 0 + 0 = 33,000,000
    debits = [D(26_400_000), D(3_150_000), D(1_180_000), D(2_270_000), D(0), D(0)]
    for n, amount in enumerate(debits, start=10):
        assert got[f"reserve_item_{n}"][0] == amount
    assert got["reserve_item_10"][1] == ("17 CFR 240.15c3-3a, Item 10, Note E",)
    assert got["reserve_aggregate_debits"][0] == D(33_000_000)
    # alternative method: 3% of aggregate debit items, 15c3-1(a)(1)(ii)(A), instead of Note E(3)'s 1%
    assert got["reserve_debit_reduction"] == (D(990_000), ("17 CFR 240.15c3-1(a)(1)(ii)(A)",))
    assert res.line("reserve_debit_reduction").rule_values == {
        "reserve_debit_reduction_alternative": "0.03 from 1992-12-02"
    }
    assert got["reserve_total_debits"][0] == D(32_010_000)  # 33,000,000 - 990,000
    assert got["reserve_excess"] == (D(7_655_000), ("17 CFR 240.15c3-3a, Item 16",))  # 39,665,000 - 32,010,000
    assert got["reserve_required"] == (D(7_655_000), ("17 CFR 240.15c3-3(e)(1)", "17 CFR 240.15c3-3(e)(2)"))
    assert got["reserve_deposit"][0] == D(8_000_000)
    assert got["reserve_deficiency"][0] == D(0)  # 8,000,000 on deposit covers 7,655,000
    f = res.facts
    assert f["aggregate_debit_items"] == D(33_000_000)  # before the Note E(3) reduction
    assert f["daily_computation_required"] is False  # the 2024 amendment's compliance date is 2026-06-30
    assert "pab_item_1" not in got and f["pab_reserve_required"] is None
    assert res.warnings == ()


def test_daily_filer_above_the_threshold_after_the_compliance_date() -> None:
    """Granite Harbor, 2026-09-30, alternative method, daily, average total credits 612,400,000."""
    res = finop.compute_reserve(GRANITE)
    got, f = _lines(res), res.facts
    items = {1: 520_000_000, 2: 38_000_000, 3: 21_500_000, 4: 9_800_000, 5: 1_200_000, 6: 150_000, 7: 0, 8: 350_000,
             9: 0, 10: 410_000_000, 11: 42_000_000, 12: 8_000_000, 13: 15_000_000, 14: 0, 15: 25_000_000}  # fmt: skip
    for n, amount in items.items():
        assert got[f"reserve_item_{n}"][0] == D(amount), n
        assert got[f"reserve_item_{n}"][1][0].startswith(f"17 CFR 240.15c3-3a, Item {n}")
    # credits 520,000,000 + 38,000,000 + 21,500,000 + 9,800,000 + 1,200,000 + 150,000 + 350,000 = 591,000,000
    assert got["reserve_total_credits"][0] == D(591_000_000)
    # debits 410,000,000 + 42,000,000 + 8,000,000 + 15,000,000 + 0 + 25,000,000 (Item 15, Treasury clearing)
    assert got["reserve_item_15"] == (D(25_000_000), ("17 CFR 240.15c3-3a, Item 15, Note H",))
    assert got["reserve_aggregate_debits"][0] == D(500_000_000)
    # computed daily after June 30, 2026: 2% of 500,000,000 = 10,000,000
    reduction = res.line("reserve_debit_reduction")
    assert reduction.amount == D(10_000_000) and "34-102022" in reduction.citations[0]
    assert "computed daily" in reduction.caption
    assert got["reserve_total_debits"][0] == D(490_000_000)
    assert f["reserve_required"] == D(101_000_000)  # 591,000,000 - 490,000,000
    assert f["reserve_deposit"] == D(104_000_000) and f["reserve_deficiency"] == D(0)
    # 612,400,000 >= 500,000,000 on a date the threshold is in force
    assert f["daily_computation_required"] is True
    assert got["daily_computation_threshold"][0] == D(500_000_000)
    assert got["average_total_credits"][0] == D(612_400_000)
    assert res.warnings == ()


def test_the_same_books_before_and_after_the_compliance_date() -> None:
    """2025-12-31: the daily rule is not yet in force: 3%, no daily requirement, and the deposit falls short.
    2026-09-30: 2%. The difference is exactly 1% of aggregate debit items, in the reduction and in the
    requirement."""
    books = load_books(GRANITE)
    before = compute_reserve(books, dt.date(2025, 12, 31)).facts
    after = compute_reserve(books, dt.date(2026, 9, 30)).facts
    assert before["reserve_debit_reduction"] == D(15_000_000)  # 3% of 500,000,000
    assert after["reserve_debit_reduction"] == D(10_000_000)  # 2%
    assert before["reserve_total_debits"] == D(485_000_000) and after["reserve_total_debits"] == D(490_000_000)
    assert before["reserve_required"] - after["reserve_required"] == D(5_000_000)  # 1% of 500,000,000
    assert (before["daily_computation_required"], after["daily_computation_required"]) == (False, True)
    assert before["reserve_deficiency"] == D(2_000_000)  # 106,000,000 required, 104,000,000 on deposit
    assert after["reserve_deficiency"] == D(0)
    changed = {k for k in before if before[k] != after[k]}
    assert changed == {"reserve_debit_reduction", "reserve_total_debits", "reserve_required", "reserve_deficiency",
                       "daily_computation_required"}  # fmt: skip


def test_customer_and_pab_computations_and_the_e4_cover() -> None:
    """Bayfield Securities, 2025-06-30, basic method, weekly, with PAB accounts."""
    res = finop.compute_reserve(BAYFIELD)
    got, f = _lines(res), res.facts
    for prefix, items in (("reserve", {1: 12_400_000, 3: 600_000, 4: 350_000, 5: 50_000, 10: 14_500_000,
                                       11: 800_000, 12: 420_000}),
                          ("pab", {1: 3_900_000, 4: 250_000, 10: 1_300_000, 12: 180_000})):  # fmt: skip
        for n in range(1, 16):  # every item of the rule in force, zero where the books have none
            assert got[f"{prefix}_item_{n}"][0] == D(items.get(n, 0)), (prefix, n)
            assert got[f"{prefix}_item_{n}"][1][0].startswith(f"17 CFR 240.15c3-3a, Item {n}")
    # customer: credits 12,400,000 + 600,000 + 350,000 + 50,000 = 13,400,000
    assert f["reserve_total_credits"] == D(13_400_000)
    # debits 14,500,000 + 800,000 + 420,000 = 15,720,000; basic method: 1% of Item 10 (Note E(3)) = 145,000
    assert got["reserve_aggregate_debits"][0] == D(15_720_000)
    assert got["reserve_debit_reduction"] == (D(145_000), ("17 CFR 240.15c3-3a, Note E(3)",))
    assert "Item 10" in res.line("reserve_debit_reduction").caption
    assert f["reserve_total_debits"] == D(15_575_000)
    # 13,400,000 - 15,575,000: excess debits of 2,175,000, nothing required on deposit
    assert got["reserve_excess_debits"][0] == D(2_175_000) and "reserve_excess" not in got
    assert f["reserve_required"] == D(0) and f["reserve_deficiency"] == D(0)
    # PAB: credits 3,900,000 + 250,000; debits 1,300,000 + 180,000, with no Note E(3) reduction (PAB Note 4)
    assert f["pab_total_credits"] == D(4_150_000) and f["pab_total_debits"] == D(1_480_000)
    assert "Notes 3 and 4" in got["pab_total_debits"][1][1]
    assert "reserve_debit_reduction" not in {x.key for x in res.section("pab")}
    assert got["pab_excess"][0] == D(2_670_000) and f["pab_reserve_required"] == D(2_670_000)
    # 1,000,000 on deposit leaves 1,670,000; the customer computation's 2,175,000 excess debits meet it, (e)(4)
    assert got["pab_customer_excess_debits_applied"] == (D(1_670_000), ("17 CFR 240.15c3-3(e)(4)",))
    assert f["pab_deposit"] == D(1_000_000) and f["pab_deficiency"] == D(0)
    assert f["aggregate_debit_items"] == D(15_720_000)  # the customer computation's, never the PAB's


def test_a_monthly_computation_deposits_105_percent(tmp_path: Path) -> None:
    d = shutil.copytree(BAYFIELD, tmp_path / "b")
    (d / "reserve.csv").write_text("account,item,amount\ncustomer,1,1000000\ncustomer,10,500000\n")
    firm = (d / "firm.yaml").read_text().replace("reserve_frequency: weekly", "reserve_frequency: monthly")
    (d / "firm.yaml").write_text(firm)
    res = finop.compute_reserve(d)
    # 1,000,000 - (500,000 - 1% x 500,000 = 495,000) = 505,000; monthly: 105% = 530,250
    assert res.line("reserve_excess").amount == D(505_000)
    assert res.facts["reserve_required"] == D(530_250)
    assert "15c3-3(e)(3)" in res.line("reserve_required").citations[0]
    # 250,000 on deposit: short by 280,250
    assert res.facts["reserve_deficiency"] == D(280_250) and any("short by 280,250" in w for w in res.warnings)


def test_daily_required_but_computed_weekly_is_a_warning(tmp_path: Path) -> None:
    d = shutil.copytree(GRANITE, tmp_path / "g")
    (d / "firm.yaml").write_text((d / "firm.yaml").read_text().replace("reserve_frequency: daily",
                                                                       "reserve_frequency: weekly"))  # fmt: skip
    res = finop.compute_reserve(d)
    assert res.facts["daily_computation_required"] is True
    assert res.facts["reserve_debit_reduction"] == D(15_000_000)  # weekly: 3%, not the daily 2%
    assert any("must be computed daily" in w and "weekly" in w for w in res.warnings)


def test_daily_requirement_unknown_without_average_total_credits(tmp_path: Path) -> None:
    d = shutil.copytree(GRANITE, tmp_path / "g")
    (d / "firm.yaml").write_text((d / "firm.yaml").read_text().replace('average_total_credits: "612400000"\n', ""))
    res = finop.compute_reserve(d)
    assert res.facts["daily_computation_required"] is None
    assert any("average_total_credits" in w for w in res.warnings)


@pytest.mark.parametrize(
    ("row", "words"),
    [
        ("customer,16,1000,\n", "line 3, column 'item': unknown item number 16: Exhibit A numbers its items 1 to 15"),
        ("customer,10,-1000,\n", "line 3, column 'amount': negative amount '-1000'"),
        ("customer,10,(1000),\n", "line 3, column 'amount': negative amount '(1000)'"),
        ("customers,10,1000,\n", "line 3, column 'account': unknown account 'customers': give customer or pab"),
        ("customer,ten,1000,\n", "line 3, column 'item': item 'ten' is not an Exhibit A item number"),
        ("customer,10,lots,\n", "line 3, column 'amount': amount 'lots' is not a number"),
    ],
)
def test_bad_reserve_csv_exits_2_naming_file_line_and_problem(tmp_path: Path, row: str, words: str) -> None:
    d = shutil.copytree(LAKESHORE, tmp_path / "l")
    (d / "reserve.csv").write_text("account,item,amount,description\ncustomer,1,5000,x\n" + row)
    result = CliRunner().invoke(app, ["reserve", str(d)])
    assert result.exit_code == 2
    assert str(d / "reserve.csv") in result.output and words in result.output


def test_an_item_not_defined_on_the_date_exits_2(tmp_path: Path) -> None:
    """Item 15 (Treasury clearing margin) is in Exhibit A from 2024-03-18: a 2023 computation has no Item 15."""
    result = CliRunner().invoke(app, ["reserve", str(GRANITE), "--as-of", "2023-12-31"])
    assert result.exit_code == 2
    assert str(GRANITE / "reserve.csv") in result.output
    assert "line 13, column 'item': item 15 is not defined on 2023-12-31" in result.output
    assert "from 2024-03-18" in result.output


def test_reserve_json_is_the_public_form() -> None:
    result = CliRunner().invoke(app, ["reserve", str(BAYFIELD), "-f", "json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert set(data) == {"schema_version", "firm", "as_of", "method", "frequency", "facts", "lines", "warnings"}
    assert data["facts"]["pab_reserve_required"] == "2670000"
    assert data["facts"]["daily_computation_required"] is False
    assert all(line["citations"] for line in data["lines"])


def test_books_without_reserve_csv(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["reserve", str(EXAMPLES / "harbor-point-corp")])
    assert result.exit_code == 2 and "reserve.csv" in result.output and "missing" in result.output


def test_net_capital_takes_aggregate_debit_items_from_the_reserve_computation() -> None:
    comp = finop.compute_net_capital(LAKESHORE)
    f = comp.facts
    # 2% of 33,000,000 (before the 3% reduction: FOCUS Part II line 18 'Aggregate debit items')
    assert comp.line("aggregate_debit_items").amount == D(33_000_000)
    assert "reserve.csv" in comp.line("aggregate_debit_items").inputs["from"]
    assert f["minimum_ratio_requirement"] == D(660_000) and f["minimum_net_capital"] == D(660_000)
    # net capital 3,075,000 equity - 500,000 nonallowable = 2,575,000; excess 1,915,000
    assert f["net_capital"] == D(2_575_000) and f["excess_net_capital"] == D(1_915_000)
    # early warning: the greater of 5% x 33,000,000 = 1,650,000 and 120% x 660,000 = 792,000
    assert f["early_warning_level"] == D(1_650_000)
    assert comp.line("excess_net_capital_5pct").amount == D(925_000)  # 2,575,000 - 1,650,000
    # the reserve facts ride along, and the JSON carries the reserve computation
    assert f["reserve_required"] == D(7_655_000)
    assert comp.to_dict()["reserve"]["facts"]["reserve_total_credits"] == "39665000"


def test_aggregate_debit_items_given_twice_and_different_is_a_conflict(tmp_path: Path) -> None:
    d = shutil.copytree(LAKESHORE, tmp_path / "l")
    (d / "firm.yaml").write_text((d / "firm.yaml").read_text() + 'aggregate_debit_items: "30000000"\n')
    with pytest.raises(BooksError, match="aggregate_debit_items 30,000,000 differs from the 33,000,000"):
        finop.compute_net_capital(d)
    (d / "firm.yaml").write_text((d / "firm.yaml").read_text().replace('"30000000"', '"33000000"'))
    assert finop.compute_net_capital(d).facts["minimum_net_capital"] == D(660_000)  # the same figure: no conflict


# ---- reading a printed reserve computation (finop check) ---------------------------------------------------

NORTHGATE = ROOT / "tests" / "fixtures" / "reports" / "northgate-clearing-2015.txt"
PAB_SCHEDULE = """COMPUTATION FOR DETERMINATION OF PAB RESERVE REQUIREMENTS PURSUANT TO RULE 15c3-3 DECEMBER 31, 2015

CREDIT BALANCES
Free credit balances and other credit balances in PAB accounts\t$ 2,400,000
Total credits\t$ 2,400,000

DEBIT BALANCES
Debit balances in PAB accounts\t$ 900,000
Total debits\t$ 900,000

RESERVE COMPUTATION
Excess of total credits over total debits\t$ 1,500,000
Amount held on deposit in PAB Reserve Bank Account\t$ 1,600,000

"""


def _check(text: str) -> finop.CheckResult:
    from conftest import check_text

    return check_text(text)


def _with_pab(deposit: str = "1,600,000") -> str:
    text = NORTHGATE.read_text(encoding="utf-8")
    anchor = "Date of deposit: January 5, 2016\n"
    assert text.count(anchor) == 1
    return text.replace(anchor, anchor + "\n" + PAB_SCHEDULE.replace("$ 1,600,000", f"$ {deposit}"))


def test_a_printed_pab_computation_is_read_under_its_own_title() -> None:
    result = _check(_with_pab())
    f = result.filing
    assert f.statement(StatementKind.PAB_RESERVE) is not None
    assert (f.fact("pab_total_credits"), f.fact("pab_total_debits"), f.fact("pab_excess")) == (
        D(2_400_000), D(900_000), D(1_500_000))  # fmt: skip
    assert f.fact("reserve_total_credits") == D(54_435_597)  # the customer computation is still the customer's
    assert not [x for x in result.findings if x.code.startswith(("TIE-PAB", "RULE-PAB", "TIE-RES"))]


def test_a_pab_deposit_short_of_the_requirement_is_an_error() -> None:
    found = [x for x in _check(_with_pab("1,200,000")).findings if x.code == "RULE-PAB-DEPOSIT"]
    assert found and found[0].severity.value == "error"
    assert (found[0].expected, found[0].actual) == (D(1_500_000), D(1_200_000))


def test_a_pab_excess_that_is_not_credits_less_debits_is_an_error() -> None:
    """TIE-PAB-EXCESS: 2,400,000 − 900,000 is 1,500,000; printed 1,600,000 (the deposit then just covers it)."""
    text = _with_pab().replace(
        "over total debits\t$ 1,500,000\nAmount held on deposit in PAB",
        "over total debits\t$ 1,600,000\nAmount held on deposit in PAB",
    )
    line = next(
        n for n, ln in enumerate(text.splitlines(), 1) if ln == "Excess of total credits over total debits\t$ 1,600,000"
    )
    (found,) = [x for x in _check(text).findings if x.code == "TIE-PAB-EXCESS"]
    assert (found.severity.value, found.statement, found.source and found.source.line) == ("error", "pab_reserve", line)
    assert (found.expected, found.actual, found.difference) == (D(1_500_000), D(1_600_000), D(100_000))
    assert found.citations == ("17 CFR 240.15c3-3a, PAB Notes",)


def test_a_reduction_no_rule_allows_is_a_warning() -> None:
    """3% of 49,014,085 is 1,470,423; 4% (1,960,563) is no rate Exhibit A or 15c3-1(a)(1)(ii)(A) allows."""
    text = NORTHGATE.read_text(encoding="utf-8")
    assert not [x for x in _check(text).findings if x.code == "RULE-RES-REDUCTION"]
    edited = text.replace("see Rule 15c3-1(a)(1)(ii)(A))\t(1,470,423)", "see Rule 15c3-1(a)(1)(ii)(A))\t(1,960,563)")
    assert edited != text
    found = [x for x in _check(edited).findings if x.code == "RULE-RES-REDUCTION"]
    assert found and found[0].severity.value == "warning" and found[0].actual == D(1_960_563)


def test_an_exemption_claimed_beside_a_reserve_computation_is_a_warning() -> None:
    text = NORTHGATE.read_text(encoding="utf-8")
    claim = "The Company does not claim exemption from Rule 15c3-3 and is not exempt from it."
    assert claim in text
    assert not [x for x in _check(text).findings if x.code == "RULE-15C3-3-EXEMPTION"]
    edited = text.replace(claim, "The Company claims exemption from Rule 15c3-3 under paragraph (k)(2)(ii).")
    found = [x for x in _check(edited).findings if x.code == "RULE-15C3-3-EXEMPTION"]
    assert found and found[0].severity.value == "warning" and "(k)(2)(ii)" in found[0].message


def test_the_focus_file_holds_the_reserve_and_possession_boxes(tmp_path: Path) -> None:
    """FOCUS Part II's customer reserve section and possession-or-control boxes, verified only where the box
    code was seen on the form (Items 1-9: 4340-4420; 4586-4587)."""
    import csv

    finop.produce_report(LAKESHORE, tmp_path / "out", ["focus"])
    rows = {r["box"]: r for r in csv.DictReader((tmp_path / "out" / "focus-part-iia.csv").open())}
    assert rows["4340"]["amount"] == "31250000" and rows["4340"]["verified"] == "true"
    assert rows["4410"]["amount"] == "27500" and rows["4410"]["verified"] == "true"
    assert rows["4440"]["amount"] == "26400000" and rows["4440"]["verified"] == "false"
    assert (rows["4430"]["amount"], rows["4470"]["amount"], rows["4471"]["amount"], rows["4472"]["amount"]) == (
        "39665000", "33000000", "990000", "32010000")  # fmt: skip
    assert rows["4490"]["amount"] == "7655000" and rows["4510"]["amount"] == "8000000"
    assert "4500" not in rows  # 105% is for a monthly computation only
    assert "4390" not in rows  # Item 6 is zero: no box written
    assert (rows["4586"]["amount"], rows["4586"]["verified"]) == ("0", "true")
    assert (rows["4588"]["amount"], rows["4589"]["amount"], rows["4589"]["verified"]) == ("18400", "2", "false")


def test_the_report_states_possession_or_control() -> None:
    from finop.produce.report import produce
    from finop.render.report_html import render_html

    html = render_html(produce(LAKESHORE))
    assert "INFORMATION RELATING TO POSSESSION OR CONTROL REQUIREMENTS UNDER RULE 15c3-3" in html
    assert "market value $18,400; number of items 2." in html


def test_bad_possession_or_control_is_refused(tmp_path: Path) -> None:
    d = shutil.copytree(LAKESHORE, tmp_path / "l")
    firm = (d / "firm.yaml").read_text().replace('{market_value: "18400", items: 2}', '{market_value: "18400"}')
    (d / "firm.yaml").write_text(firm)
    with pytest.raises(BooksError, match=r"possession_or_control\.instructions_not_issued: give market_value"):
        load_books(d)


def test_the_deposit_ties_to_the_reserve_bank_account_on_the_balance_sheet() -> None:
    """Northgate carries 'Cash and securities segregated for the exclusive benefit of customers' at 6,750,000, the
    deposit its reserve computation holds at the period end: no finding. A different figure is a warning."""
    text = NORTHGATE.read_text(encoding="utf-8")
    assert not [x for x in _check(text).findings if x.code == "TIE-RES-SFC"]
    held = "at end of reporting period\t$ 6,750,000"
    assert text.count(held) == 1
    found = [x for x in _check(text.replace(held, 'at end of reporting period\t$ 6,705,000')).findings
             if x.code == "TIE-RES-SFC"]  # fmt: skip
    assert found and found[0].severity.value == "warning"
    assert (found[0].expected, found[0].actual) == (D(6_750_000), D(6_705_000))


def test_fractions_of_a_cent_round_so_the_requirement_never_falls_short(tmp_path: Path) -> None:
    """1% of 1,234.57 is 12.3457: the reduction is 12.34 (down); 105% of an excess of 1,000.01 is 1,050.0105:
    the deposit required is 1,050.02 (up)."""
    d = shutil.copytree(BAYFIELD, tmp_path / "b")
    (d / "reserve.csv").write_text("account,item,amount\ncustomer,1,2222.24\ncustomer,10,1234.57\n")
    res = finop.compute_reserve(d)
    assert res.facts["reserve_debit_reduction"] == D("12.34")
    assert res.facts["reserve_total_debits"] == D("1222.23") and res.facts["reserve_required"] == D("1000.01")
    firm = (d / "firm.yaml").read_text().replace("reserve_frequency: weekly", "reserve_frequency: monthly")
    (d / "firm.yaml").write_text(firm)
    assert finop.compute_reserve(d).facts["reserve_required"] == D("1050.02")


def test_a_pab_shortfall_is_met_only_by_the_customer_computations_excess_debits() -> None:
    """Bayfield (README, by hand): PAB requires 2,670,000, the PAB account holds 1,000,000, and the customer
    computation's excess debits of 2,175,000 meet the rest (Rule 15c3-3(e)(4)). Without that customer
    computation, or without its excess line, nothing meets it: the deposit is short, and said so."""
    from dataclasses import replace

    from finop.checks.reserve import check_pab
    from finop.produce.report import produce

    filing = produce(BAYFIELD).filing
    pab = filing.statement(StatementKind.PAB_RESERVE)
    assert pab is not None and filing.fact("reserve_excess") == D(-2_175_000)
    assert [f.code for f in check_pab(filing, pab)] == []
    customer = filing.statement(StatementKind.RESERVE)
    assert customer is not None
    no_excess = replace(customer, items=tuple(i for i in customer.items if i.concept != "reserve_excess"))
    for statements in ({k: s for k, s in filing.statements.items() if k is not StatementKind.RESERVE},
                       {**filing.statements, StatementKind.RESERVE: no_excess}):  # fmt: skip
        (short,) = check_pab(replace(filing, statements=statements), pab)
        assert (short.code, short.expected, short.actual) == ("RULE-PAB-DEPOSIT", D(2_670_000), D(1_000_000))
        assert "the PAB Reserve Bank Account holds 1,000,000" in short.message
        assert short.citations == ("17 CFR 240.15c3-3(e)(1)",)
