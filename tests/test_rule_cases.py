"""Every bundled rule value, checked by date against the expected figures in tests/rules_cases.yaml."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from finop import rules
from finop.rules import Schedule
from finop.rules.loader import DATA_DIR, load_file

CASES_FILE = Path(__file__).with_name("rules_cases.yaml")
_KEYS = {"rule", "at", "value", "x", "rate", "category", "absent"}


def _load_cases() -> list[dict[str, Any]]:
    cases = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
    assert isinstance(cases, list) and cases, f"{CASES_FILE} must be a non-empty list of cases"
    for n, case in enumerate(cases, start=1):
        assert isinstance(case, dict), f"case {n} must be a mapping"
        unknown = set(case) - _KEYS
        assert not unknown, f"case {n} ({case.get('rule')}): unknown keys {sorted(unknown)}"
        assert isinstance(case.get("rule"), str), f"case {n}: rule must be a name"
        assert type(case.get("at")) is dt.date, f"case {n} ({case['rule']}): at must be a YYYY-MM-DD date"
        kinds = [k for k in ("value", "x", "absent") if k in case]
        assert len(kinds) == 1, f"case {n} ({case['rule']}): give exactly one of value, x or absent"
        if "x" in case:
            assert "rate" in case, f"case {n} ({case['rule']}): a schedule case needs a rate"
        for key in ("value", "x", "rate", "category"):
            if key in case:
                assert isinstance(case[key], str), f"case {n} ({case['rule']}): quote {key} as text, got {case[key]!r}"
        if "absent" in case:
            assert case["absent"] is True, f"case {n} ({case['rule']}): absent must be true"
    return cases


CASES = _load_cases()
DATA_FILES = sorted(p.stem for p in DATA_DIR.glob("*.yaml"))
HISTORIES = {name: load_file(DATA_DIR / f"{name}.yaml") for name in DATA_FILES}
SCHEDULES = [name for name, history in HISTORIES.items() if isinstance(history[0].value, Schedule)]


def _case_id(case: dict[str, Any]) -> str:
    where = f"{case['rule']}@{case['at'].isoformat()}"
    if "absent" in case:
        return f"{where}:absent"
    if "x" in case:
        return f"{where}:x={case['x']}"
    return f"{where}={case['value']}"


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_rule_value_on_date(case: dict[str, Any]) -> None:
    name, when = case["rule"], case["at"]
    view = rules.at(when)
    if "absent" in case:
        assert view.get(name) is None, f"{name} should not be in force on {when}"
        return
    rule = view[name]
    if "value" in case:
        assert not isinstance(rule.value, Schedule), f"{name} is a schedule: give x and rate"
        assert rule.value == Decimal(case["value"])
        return
    assert isinstance(rule.value, Schedule), f"{name} is not a schedule: give value"
    bracket = rule.value.lookup(Decimal(case["x"]))
    assert bracket.rate == Decimal(case["rate"])
    if "category" in case:
        assert bracket.category == case["category"]


def test_cases_name_existing_rules() -> None:
    unknown = sorted({c["rule"] for c in CASES} - set(DATA_FILES))
    assert not unknown, f"cases name rules with no data file: {unknown}"


def test_every_data_file_has_a_case() -> None:
    checked = {c["rule"] for c in CASES if "absent" not in c}
    missing = [name for name in DATA_FILES if name not in checked]
    assert not missing, f"rule files with no value case in {CASES_FILE.name}: {missing}"


def test_schedules_are_found() -> None:
    assert SCHEDULES, "no schedule rule files found"


@pytest.mark.parametrize("name", SCHEDULES)
def test_every_schedule_bracket_edge_is_checked(name: str) -> None:
    """Each bracket of each dated schedule has a case at its lower edge, on a date when that schedule is in force."""
    for version in HISTORIES[name]:
        assert isinstance(version.value, Schedule)
        edges = {
            Decimal(c["x"]) for c in CASES if c["rule"] == name and "x" in c and rules.at(c["at"]).get(name) == version
        }
        for bracket in version.value.brackets:
            assert bracket.start in edges, (
                f"{name} (effective {version.effective}): no case at x={bracket.start}, the lower edge of a bracket"
            )
