"""Rule values as dated, cited data; the strict loader."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from finop import rules
from finop.errors import RulesError
from finop.rules.loader import load_file, load_rules

GOOD = """\
name: sample_value
description: "a sample"
unit: ratio
paragraph: 17 CFR 240.15c3-1(a)(1)(ii)
values:
  - effective: 1992-12-02
    value: 0.02
    citation: "17 CFR 240.15c3-1(a)(1)(ii)"
  - effective: 2025-03-14
    value: 0.03
    citation: "hypothetical later value"
"""


def _write(tmp_path: Path, text: str, name: str = "sample_value") -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text)
    return path


def test_values_by_date_are_exact_decimals(tmp_path: Path) -> None:
    _write(tmp_path, GOOD)
    book = load_rules(tmp_path)
    assert book.at(dt.date(2003, 12, 31))["sample_value"].value == Decimal("0.02")
    assert book.at(dt.date(2026, 1, 1))["sample_value"].value == Decimal("0.03")
    with pytest.raises(KeyError, match="in force on 1990-01-01"):
        book.at(dt.date(1990, 1, 1))["sample_value"]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (("unit: ratio", "unit: ratio\nunit: dollars"), "duplicate key"),
        (("unit: ratio", "unit: ratio\ncolour: blue"), "unknown keys: colour"),
        (("effective: 1992-12-02", "effective: 1992-13-02"), "not a date"),
        (("effective: 1992-12-02", "effective: soon"), "not a date"),
        (("value: 0.02", "value: two percent"), "not a decimal"),
        (("value: 0.02", "value: [1]"), "decimal number"),
        (('    citation: "17 CFR 240.15c3-1(a)(1)(ii)"\n', ""), "missing citation"),
        (("effective: 2025-03-14", "effective: 1990-01-01"), "increasing order"),
        (("name: sample_value", "name: other"), "must equal the file name"),
    ],
)
def test_strict_loader_names_file_and_problem(tmp_path: Path, change: tuple[str, str], problem: str) -> None:
    path = _write(tmp_path, GOOD.replace(*change, 1))
    with pytest.raises(RulesError) as info:
        load_file(path)
    assert str(path) in str(info.value)
    assert problem in str(info.value)


@pytest.mark.parametrize(
    ("name", "when", "value"),
    [
        ("basic_max_ai_ratio", dt.date(2003, 12, 31), Decimal(15)),
        ("basic_max_ai_ratio_first_year", dt.date(2003, 12, 31), Decimal(8)),
        ("alternative_min_dollar", dt.date(2003, 12, 31), Decimal(250000)),
        ("alternative_pct_debits", dt.date(2019, 12, 31), Decimal("0.02")),
        ("min_carrying", dt.date(2021, 12, 31), Decimal(250000)),
        ("min_dealer", dt.date(2019, 12, 31), Decimal(100000)),
        ("min_k2i", dt.date(2019, 12, 31), Decimal(100000)),
        ("min_introducing_receiving", dt.date(2019, 12, 31), Decimal(50000)),
        ("min_mutual_fund_insurance", dt.date(2003, 12, 31), Decimal(25000)),
        ("min_broker_other", dt.date(2003, 12, 31), Decimal(5000)),
        ("min_municipal_brokers_broker", dt.date(2003, 12, 31), Decimal(150000)),
        ("early_warning_pct_minimum", dt.date(2003, 12, 31), Decimal("1.20")),
        ("early_warning_ai_ratio", dt.date(2003, 12, 31), Decimal(12)),
        ("early_warning_alt_debits", dt.date(2003, 12, 31), Decimal("0.05")),
    ],
)
def test_bundled_values_at_a_date(name: str, when: dt.date, value: Decimal) -> None:
    rv = rules.at(when)[name]
    assert rv.value == value
    assert rv.citation.startswith("17 CFR 240.")


def test_every_bundled_file_loads_and_cites() -> None:
    book = rules.bundled()
    assert len(book.names) >= 14
    for name in book.names:
        for rv in book.history(name):
            assert rv.citation and rv.effective.year >= 1972  # Rule 15c3-3 and Exhibit A date from 1972
