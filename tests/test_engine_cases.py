"""Net capital engine cases in YAML: each a small book, the expected lines, and the arithmetic by hand.

A case gives `as_of`, `firm` (firm.yaml fields besides name and as_of), `equity`,
optional `liabilities_ai`, `liabilities_non_ai`, `subordinated`, `nonallowable`
and `positions`. The runner builds a balanced books folder: securities owned and
sold short are the positions, cash is what balances. `expect.facts` are compared
as strings (booleans as booleans); `expect.haircuts` match haircut groups by class
(and bracket, when given) on their exact amount.
"""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from finop.books import load_books
from finop.engine.net_capital import _nonallowable_lines, compute
from haircut_reference import reference_haircuts

CASES_DIR = Path(__file__).parent / "engine_cases"
CASE_FILES = sorted(CASES_DIR.glob("*.yaml"))


def _cases() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in CASE_FILES:
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            out.append((f"{path.stem}: {case['name']}", case))
    return out


def build_books(case: dict[str, Any], directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    firm = {"name": case["name"][:60], "as_of": case["as_of"], **case["firm"]}
    (directory / "firm.yaml").write_text(yaml.safe_dump(firm), encoding="utf-8")
    positions = case.get("positions", [])
    longs = sum(
        (
            Decimal(p["mv"])
            for p in positions
            if Decimal(p["mv"]) > 0 and p.get("line", "securities_owned") == "securities_owned"
        ),
        Decimal(0),
    )
    shorts = -sum((Decimal(p["mv"]) for p in positions if Decimal(p["mv"]) < 0), Decimal(0))
    other_lines: dict[str, Decimal] = {}
    for p in positions:
        line = p.get("line")
        if line and line not in ("securities_owned", "securities_sold_short"):
            other_lines[line] = other_lines.get(line, Decimal(0)) + Decimal(p["mv"])
    equity = Decimal(case["equity"])
    ai = Decimal(case.get("liabilities_ai", "0"))
    non_ai = Decimal(case.get("liabilities_non_ai", "0"))
    sub = Decimal(case.get("subordinated", "0"))
    nonallowable = Decimal(case.get("nonallowable", "0"))
    cash = equity + ai + non_ai + sub + shorts - longs - nonallowable - sum(other_lines.values(), Decimal(0))
    rows = [("1000", "Cash", cash, "cash", "allowable")]
    if longs:
        rows.append(("1100", "Securities owned", longs, "securities_owned", "allowable"))
    for i, (line, amount) in enumerate(sorted(other_lines.items())):
        rows.append(
            (f"12{i:02d}", line, amount, line, "allowable" if line != "not_readily_marketable" else "nonallowable")
        )
    if nonallowable:
        rows.append(("1500", "Other assets", nonallowable, "other_assets", "nonallowable"))
    if shorts:
        rows.append(("2100", "Securities sold short", shorts, "securities_sold_short", "non_ai"))
    if ai:
        rows.append(("2000", "Accounts payable", ai, "accounts_payable_accrued", "ai"))
    if non_ai:
        rows.append(("2200", "Bank loans, secured", non_ai, "bank_loans", "non_ai"))
    if sub:
        rows.append(("2500", "Subordinated loans", sub, "subordinated_cash", "non_ai"))
    rows.append(("3000", "Equity", equity, "equity", ""))
    with (directory / "trial_balance.csv").open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["account", "description", "amount", "line", "column"])
        w.writerows(rows)
    with (directory / "positions.csv").open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(
            [
                "id",
                "description",
                "asset_class",
                "market_value",
                "maturity_date",
                "issuer",
                "quantity",
                "price",
                "minimal_credit_risk",
                "line",
            ]
        )
        for i, p in enumerate(positions, start=1):
            line = p.get("line", "")
            if Decimal(p["mv"]) < 0:
                line = "securities_sold_short"
            w.writerow([f"P{i}", p.get("description", p["class"]), p["class"], p["mv"], p.get("maturity", ""), p.get("issuer", f"issuer{i}"),
                        p.get("quantity", ""), p.get("price", ""), p.get("minimal_credit_risk", ""), line])  # fmt: skip
    return directory


CASES = _cases()


def test_there_are_cases() -> None:
    assert len(CASES) >= 2


@pytest.mark.parametrize(("case_id", "case"), CASES, ids=[c[0] for c in CASES])
def test_engine_case(case_id: str, case: dict[str, Any], tmp_path: Path) -> None:
    assert case.get("arithmetic"), f"{case_id}: write the arithmetic of the expected values"
    books = load_books(build_books(case, tmp_path / "books"))
    comp = compute(books)
    for key, expected in case["expect"].get("facts", {}).items():
        got = comp.facts[key]
        if isinstance(expected, bool):
            assert got is expected, f"{key}: expected {expected}, got {got}"
        else:
            assert got is not None and Decimal(str(got)) == Decimal(str(expected)), (
                f"{key}: expected {expected}, got {got}"
            )
    for key, expected in case["expect"].get("lines", {}).items():
        assert comp.line(key).amount == Decimal(str(expected)), (
            f"line {key}: expected {expected}, got {comp.line(key).amount}"
        )
    for want in case["expect"].get("haircuts", []):
        matches = [
            g
            for g in comp.haircut_groups
            if g.asset_class == want["class"] and ("bracket" not in want or want["bracket"] in g.bracket)
        ]
        assert matches, (
            f"no haircut group for {want}; groups: {[(g.asset_class, g.bracket) for g in comp.haircut_groups]}"
        )
        total = sum((g.amount for g in matches), Decimal(0))
        assert total == Decimal(str(want["amount"])), (
            f"{want['class']} {want.get('bracket', '')}: expected {want['amount']}, got {total}"
        )
    # the independent reference (tests/haircut_reference.py, written from the rule's text) gives the same total
    if "positions" in case and dt.date.fromisoformat(str(case["as_of"])) >= dt.date(1993, 1, 1):
        exclude = _nonallowable_lines(books)
        reference = reference_haircuts(tmp_path / "books" / "positions.csv", books.firm.as_of, exclude)
        assert reference == sum((g.amount for g in comp.haircut_groups), Decimal(0))
