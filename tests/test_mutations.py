"""Change any single amount that takes part in a total: finop must report the broken tie at that line.

The cases are generated from the reports themselves: every amount of every
statement and schedule row is changed in turn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import pytest

from conftest import REPORTS, check_text
from finop.model.filing import Role
from finop.money import parse_amount

# Lines that take part in no total: cash-flow disclosures after the closing balance
# ("Interest paid"), and the smaller leg of a "greater of" requirement.
NOT_TIED_SECTIONS = {"supplemental"}


def _takes_part(item, statement) -> bool:  # type: ignore[no-untyped-def]
    if item.role is Role.HEADER or item.section in NOT_TIED_SECTIONS:
        return False
    if item.concept in ("minimum_ratio_requirement", "minimum_dollar_requirement"):
        minimum = statement.amount("minimum_net_capital")
        return minimum is None or item.value(statement.primary_column) == minimum or "debit" in item.label.lower()
    return True


@dataclass(frozen=True)
class Mutation:
    report: str
    line: int
    token: str
    from_end: int
    label: str

    def __str__(self) -> str:
        return f"{self.report}:{self.line}:{self.token}#{self.from_end}"


def _digits(token: str) -> str:
    """The digits of a printed amount, as they stand in the line ('$ (1,234)' -> '1,234'); a nil dash as is."""
    m = re.search(r"\d[\d,]*(\.\d+)?", token)
    return m.group(0) if m else token.strip("$ ")


def _bumped(digits: str) -> str:
    value = parse_amount(digits)
    assert value is not None
    return f"{value + Decimal(9000):,}"


def _pattern(digits: str) -> re.Pattern[str]:
    if digits and digits[0].isdigit():
        return re.compile(r"(?<![\d,.])" + re.escape(digits) + r"(?![\d,])")
    return re.compile(r"(?<=[\t ])" + re.escape(digits) + r"(?=\s|$)")  # a nil dash standing for zero


def _cases() -> list[Mutation]:
    cases: list[Mutation] = []
    for name in [n for n in ("seed", "harbor", "cedar", "northgate") if n in REPORTS]:
        path = REPORTS[name]
        result = check_text(path.read_text(encoding="utf-8"), str(path))
        assert result.ok, f"{name} must check clean before it can be mutated"
        # amounts stand at the end of their line: count same-digit amounts from the end
        found: list[tuple[int, str, str, bool]] = []
        for st in result.filing.statements.values():
            for item in st.items:
                for printed, src in zip(item.printed, item.sources, strict=True):
                    if printed and src is not None:
                        found.append((src.line, printed, item.label, _takes_part(item, st)))
        for i, (line, printed, label, tied) in enumerate(found):
            later = sum(1 for other in found[i + 1 :] if other[0] == line and _digits(other[1]) == _digits(printed))
            if tied:
                cases.append(Mutation(name, line, printed, later + 1, label))
    return cases


CASES = _cases()


def test_many_cases_are_generated() -> None:
    assert len(CASES) > 150


@pytest.mark.parametrize("case", CASES, ids=str)
def test_changed_amount_is_an_error_at_its_line(case: Mutation) -> None:
    path = REPORTS[case.report]
    lines = path.read_text(encoding="utf-8").split("\n")
    line = lines[case.line - 1]
    digits = _digits(case.token)
    pattern = _pattern(digits)
    matches = list(pattern.finditer(line))
    assert len(matches) >= case.from_end, f"amount {digits} not found in line {case.line}: {line!r}"
    m = matches[-case.from_end]
    lines[case.line - 1] = line[: m.start()] + _bumped(digits) + line[m.end() :]
    result = check_text("\n".join(lines), str(path))
    assert not result.ok, f"changing {case.token} in '{case.label}' (line {case.line}) was not caught"
    at_line = [f for f in result.errors if any(s.line == case.line for s in f.sources)]
    assert at_line, f"no error finding points at line {case.line}: {[f.code for f in result.errors]}"
