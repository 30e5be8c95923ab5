"""finop netcap and finop rules show, as a person runs them."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT
from schemas import validated

MML = ROOT / "examples" / "mml-distributors-2003"
FINOP = [sys.executable, "-m", "finop.cli"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*FINOP, *args], capture_output=True, text=True, timeout=120)


def test_mml_books_reproduce_the_report() -> None:
    proc = run("netcap", str(MML), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = validated(json.loads(proc.stdout))
    facts = data["facts"]
    assert (facts["net_capital"], facts["minimum_net_capital"], facts["excess_net_capital"]) == (
        "1268650",
        "250000",
        "1018650",
    )
    assert facts["haircuts"] == "32506" and facts["nonallowable_assets"] == "188150"
    assert facts["below_minimum"] is False and facts["below_early_warning"] is False
    # worked by hand from the filed report: members' equity 1,489,306, no subordinated loans; less nonallowable
    # 188,150 = 1,301,156 before haircuts; AI is the accounts payable 332,889; the alternative method has no AI
    # ratio and no ratio leg (no customer debits), so the minimum is the (a)(2)(v) 250,000 and the early-warning
    # level 120% of it (17a-11(c)(3)) = 300,000
    assert {k: facts[k] for k in ("total_ownership_equity", "allowable_subordinated_liabilities", "total_capital",
                                  "other_deductions", "net_capital_before_haircuts", "undue_concentration",
                                  "aggregate_indebtedness", "ai_ratio_percent", "minimum_ratio_requirement",
                                  "minimum_dollar_requirement", "early_warning_level")} == {
        "total_ownership_equity": "1489306", "allowable_subordinated_liabilities": "0", "total_capital": "1489306",
        "other_deductions": "0", "net_capital_before_haircuts": "1301156", "undue_concentration": "0",
        "aggregate_indebtedness": "332889", "ai_ratio_percent": None, "minimum_ratio_requirement": "0",
        "minimum_dollar_requirement": "250000", "early_warning_level": "300000"}  # fmt: skip
    (group,) = data["haircuts"]  # the money market fund, 2% of 1,625,323
    assert (group["asset_class"], group["base"], group["rate"], group["amount"]) == (
        "money_market_fund", "1625323.00", "0.02", "32506.4600")  # fmt: skip
    assert data["haircuts"][0]["rate"] == "0.02"


def test_every_text_line_names_its_rule() -> None:
    proc = run("netcap", str(MML), "--format", "json")
    for line in validated(json.loads(proc.stdout))["lines"]:
        assert line["citations"], f"{line['key']} has no citation"
        assert all(c.startswith("17 CFR 240.") for c in line["citations"])
    text = run("netcap", str(MML))
    assert text.returncode == 0 and "1,268,650" in text.stdout and "(c)(2)(vi)(D)(1)" in text.stdout


def test_bad_books_exit_2(tmp_path) -> None:  # type: ignore[no-untyped-def]
    proc = run("netcap", str(tmp_path / "missing"))
    assert proc.returncode == 2 and "no such books folder" in proc.stderr and "Traceback" not in proc.stderr


def test_rules_show_at_a_date() -> None:
    proc = run("rules", "show", "--at", "2003-12-31")
    assert proc.returncode == 0
    assert "alternative_min_dollar" in proc.stdout and "250000" in proc.stdout
    assert "haircut_us_government" in proc.stdout
    bad = run("rules", "show", "--at", "yesterday")
    assert bad.returncode == 2
