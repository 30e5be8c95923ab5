"""No report text, however broken, makes finop crash: it reports instead."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SEED, check_text, needs_shared

FRAGMENTS = [
    "STATEMENT OF FINANCIAL CONDITION DECEMBER 31, 2003",
    "STATEMENT OF INCOME",
    "STATEMENT OF CHANGES IN MEMBERS' EQUITY",
    "STATEMENT OF CASH FLOWS",
    "COMPUTATION OF NET CAPITAL PURSUANT TO RULE 15c3-1",
    "RECONCILIATION OF NET CAPITAL",
    "NOTES TO FINANCIAL STATEMENTS",
    "See notes to financial statements.",
    "TOTAL ASSETS",
    "Total liabilities",
    "NET CAPITAL",
    "Net loss",
    "BALANCE—January 1, 2003",
    "REVENUE: Commissions Fees",
    "\tMembers' Equity\tTotal",
    "(In thousands)",
    "SEC FILE NUMBER",
    "REPORT FOR THE PERIOD BEGINNING ]1/0l/O3 AND ENDING",
    "$",
    "(",
    "—",
    "\t",
    "1,234",
    "(5,678)",
    "$ 9,999,999",
    "2003",
    "0",
    "-",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(FRAGMENTS), min_size=0, max_size=6), min_size=0, max_size=40))
def test_random_report_like_text_never_crashes(rows: list[list[str]]) -> None:
    text = "\n".join(" ".join(r) for r in rows)
    result = check_text(text)
    assert all(f.code != "CHECK-CRASHED" for f in result.findings), [f.message for f in result.findings]


@needs_shared
@settings(max_examples=150, deadline=None)
@given(st.data())
def test_damaged_seed_never_crashes(data: st.DataObject) -> None:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    for _ in range(data.draw(st.integers(1, 12))):
        i = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["drop", "dup", "cut", "swap"]))
        if action == "drop":
            del lines[i]
        elif action == "dup":
            lines.insert(i, lines[i])
        elif action == "cut":
            lines[i] = lines[i][: data.draw(st.integers(0, max(0, len(lines[i]))))]
        else:
            j = data.draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        if not lines:
            lines = [""]
    result = check_text("\n".join(lines))
    assert all(f.code != "CHECK-CRASHED" for f in result.findings), [f.message for f in result.findings]


@given(st.text(max_size=2000))
@settings(max_examples=200, deadline=None)
def test_arbitrary_unicode_never_crashes(text: str) -> None:
    result = check_text(text)
    assert all(f.code != "CHECK-CRASHED" for f in result.findings)
