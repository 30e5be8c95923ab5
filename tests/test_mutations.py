"""Change any single amount that takes part in a total: finop must report the broken tie at that line.

The cases come from the source text, not from what finop extracted (an amount the reader missed would
otherwise never be changed): every amount printed in the amount columns (after the caption's tab) of every
line of every statement and schedule of the text reports, found by the page's own layout (from a title
"STATEMENT(S) OF", "COMPUTATION", "RECONCILIATION" to "See notes" or the notes). The known truth is
which printed amounts take part in no total: written below by hand, each with its reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import pytest

from conftest import REPORTS, check_text
from finop.money import parse_amount

START = re.compile(r"^(STATEMENTS? OF|COMPUTATION|RECONCILIATION)\b")
END = re.compile(r"^(See notes|NOTES TO)")
AMOUNT = re.compile(r"(?<![\w.,])\d[\d,]*(?:\.\d+)?(?![\w,]|\.\d)")

# printed amounts that take part in no total or tie (caption start -> why), the same in every report
UNTIED = {
    "Interest paid": "a cash-flow disclosure after the closing balance",
    "Income taxes paid": "a cash-flow disclosure after the closing balance",
    "SUPPLEMENTAL CASH FLOW INFORMATION—Interest paid": "a cash-flow disclosure after the closing balance",
    "Minimum dollar net capital requirement": "the smaller leg of 'the greater of': raised by 9,000 it stays smaller",
    "Percentage of aggregate indebtedness to net capital": "a ratio no check ties yet (the note's ratio is tied)",
}


@dataclass(frozen=True)
class Mutation:
    report: str
    line: int
    start: int  # the amount's place in the line
    end: int
    token: str
    caption: str

    def __str__(self) -> str:
        return f"{self.report}:{self.line}:{self.token}@{self.start}"


def _statement_lines(lines: list[str]) -> list[tuple[int, str]]:
    out, inside = [], False
    for number, line in enumerate(lines, 1):
        if START.match(line) and "\t" not in line:
            inside = True
        elif END.match(line):
            inside = False
        elif inside and "\t" in line:
            out.append((number, line))
    return out


def _cases() -> list[Mutation]:
    cases = []
    for name in [n for n in ("seed", "harbor", "cedar", "northgate") if n in REPORTS]:
        text = REPORTS[name].read_text(encoding="utf-8")
        assert check_text(text).ok, f"{name} must check clean before it can be mutated"
        for number, line in _statement_lines(text.split("\n")):
            caption, amounts = line.split("\t", 1)
            if caption.startswith(tuple(UNTIED)):
                continue
            offset = len(caption) + 1
            cases += [Mutation(name, number, offset + m.start(), offset + m.end(), m.group(0), caption[:60])
                      for m in AMOUNT.finditer(amounts)]  # fmt: skip
    return cases


CASES = _cases()


def test_many_cases_are_generated() -> None:
    assert len(CASES) > 300 if "seed" in REPORTS else len(CASES) > 280


def test_the_untied_lines_are_few_and_each_is_in_a_report() -> None:
    texts = "\n".join(p.read_text(encoding="utf-8") for p in REPORTS.values())
    assert all(f"\n{caption}" in texts for caption in UNTIED)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_changed_amount_is_an_error_at_its_line(case: Mutation) -> None:
    path = REPORTS[case.report]
    lines = path.read_text(encoding="utf-8").split("\n")
    line = lines[case.line - 1]
    value = parse_amount(case.token)
    assert value is not None and line[case.start : case.end] == case.token
    lines[case.line - 1] = line[: case.start] + f"{value + Decimal(9000):,}" + line[case.end :]
    result = check_text("\n".join(lines), str(path))
    assert not result.ok, f"changing {case.token} in '{case.caption}' (line {case.line}) was not caught"
    at_line = [f for f in result.errors if any(s.line == case.line for s in f.sources)]
    assert at_line, f"no error finding points at line {case.line}: {[f.code for f in result.errors]}"
