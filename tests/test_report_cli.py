"""`finop report`: the files it writes, all or nothing, and period folders that must follow each other."""

from __future__ import annotations

import csv
import json
import shutil
from decimal import Decimal
from pathlib import Path

from typer.testing import CliRunner

from finop.books.errors import BooksError
from finop.cli import app
from finop.produce.periods import produce_periods
from schemas import validated

ROOT = Path(__file__).resolve().parents[1]
MML = ROOT / "examples" / "mml-distributors-2003"
runner = CliRunner()


def test_json_and_focus_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["report", str(MML), "--out", str(out), "--format", "json,focus"])
    assert result.exit_code == 0, result.output
    data = validated(json.loads((out / "annual-report.json").read_text()))
    assert data["kind"] == "report" and data["facts"]["net_capital"] == "1268650"
    assert data["facts"]["net_income"] == "-171097" and data["facts"]["cash_end"] == "1625324"
    assert data["reconciliation"]["no_material_differences"] is True
    assert data["statements"]["cash_flows"]["items"][-1]["values"] == ["1625324"]
    boxes = {row["box"]: row for row in csv.DictReader((out / "focus-part-iia.csv").open())}
    assert boxes["3750"]["amount"] == "1268650" and boxes["3750"]["verified"] == "false"  # recalled, not seen
    assert boxes["4030"]["amount"] == "91734323" and boxes["4030"]["verified"] == "true"  # seen in FINRA's SSOI FAQ
    assert boxes["4550"]["amount"] == "1"  # exemption (k)(1) checked
    assert sorted(p.name for p in out.iterdir()) == ["annual-report.json", "focus-part-iia.csv"]  # no staging left


def _copy(tmp_path: Path, name: str = "books") -> Path:
    target = tmp_path / name
    shutil.copytree(MML, target)
    return target


def test_books_that_do_not_roll_forward_write_nothing(tmp_path: Path) -> None:
    books = _copy(tmp_path)
    opening = books / "opening_balance.csv"
    # last year's accumulated deficit changed, the cash with it, so the opening balance still balances
    text = opening.read_text().replace("-14614597.00", "-14604597.00").replace("1821010.00", "1831010.00")
    opening.write_text(text)
    out = tmp_path / "out"
    out.mkdir()
    (out / "annual-report.json").write_text("{}")  # an older report stays as it was
    result = runner.invoke(app, ["report", str(books), "--out", str(out), "--format", "json,focus"])
    assert result.exit_code == 2
    assert "equity_changes.csv" in result.output and "Accumulated deficit" in result.output
    assert "10,000" in result.output.replace("\n", "")
    assert sorted(p.name for p in out.iterdir()) == ["annual-report.json"]
    assert (out / "annual-report.json").read_text() == "{}"


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", str(MML), "--out", str(tmp_path), "--format", "docx"])
    assert result.exit_code == 2 and "docx" in result.output


def _next_year(tmp_path: Path) -> tuple[Path, Path]:
    """A 2004 folder whose opening balance is 2003's closing and which has no activity."""
    first = _copy(tmp_path, "2003")
    second = tmp_path / "2004"
    second.mkdir()
    shutil.copy(first / "positions.csv", second / "positions.csv")
    firm = (first / "firm.yaml").read_text().replace("as_of: 2003-12-31", "as_of: 2004-12-31")
    (second / "firm.yaml").write_text(firm.replace("period_start: 2003-01-01", "period_start: 2004-01-01"))
    rows = list(csv.DictReader((first / "trial_balance.csv").open()))
    kept = [
        r for r in rows if r["line"] not in ("commissions", "underwriting", "revenue", "commissions_paid", "expense")
    ]
    for r in kept:
        if r["account"] == "3100":
            r["amount"] = str(Decimal(r["amount"]) - Decimal(171097))  # 2003's loss closed into the deficit
    for name in ("opening_balance.csv", "trial_balance.csv"):
        with (second / name).open("w", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(kept)
    return first, second


def test_period_folders_follow_each_other(tmp_path: Path) -> None:
    first, second = _next_year(tmp_path)
    reports = produce_periods([second, first])  # any order: sorted by date
    assert [r.books.firm.as_of.year for r in reports] == [2003, 2004]
    assert reports[1].filing.fact("net_capital") == reports[0].filing.fact("net_capital")
    opening = second / "opening_balance.csv"
    opening.write_text(opening.read_text().replace("8721.00", "8722.00").replace("332889.00", "332890.00"))
    try:
        produce_periods([first, second])
    except BooksError as exc:
        assert "opening_balance.csv" in str(exc) and "account 1050" in str(exc)
    else:
        raise AssertionError("an opening balance that is not last year's closing must be refused")
