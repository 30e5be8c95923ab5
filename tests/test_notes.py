"""Net capital figures read from the notes: sentences as real filings print them, and where the notes begin."""

from __future__ import annotations

from decimal import Decimal

import pytest

from finop.extract import extract
from finop.extract.notes import note_figures
from finop.extract.sections import find_sections
from finop.extract.table import detect_scale
from finop.model.facts import build_facts
from finop.model.filing import FacingPage
from finop.readers.text import parse_text


def _figures(text: str) -> dict[str, Decimal]:
    lines = list(parse_text(text + "\n", "x.txt").lines())
    return {f.concept: f.value for f in note_figures(lines, "x.txt", "text") if f.concept != "related_party_amount"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a scanner's OCR layer drops the space before the "$"
            "At December 31, 2013, the Company had net capital of$1,058,143, of which $1,052,436 was in excess ofthe "
            "required net capital of$5,707.",
            {"note_net_capital": 1_058_143, "note_excess_net_capital": 1_052_436, "note_minimum_net_capital": 5_707},
        ),
        (  # tentative net capital is not net capital; "in excess of $X" states a requirement, not the excess
            "Broker-dealers using the alternative method must maintain tentative net capital in excess of $6000 "
            "million. At December 31 2009 the Company had tentative net capital of $8720 million and net capital of "
            "$7045 million which was $6414 million in excess of the amount required of $631 million.",
            {"note_net_capital": 7_045_000_000, "note_excess_net_capital": 6_414_000_000},
        ),
        (  # the excess after the requirement it exceeds: "in excess of the minimum requirement by $X"
            "As of December 31, 2010, the Company's net capital of approximately $8.1 billion was 22.9% of aggregate "
            "debit balances and in excess of the SEC's minimum requirement by approximately $7.2 billion.",
            {"note_net_capital": 8_100_000_000, "note_excess_net_capital": 7_200_000_000},
        ),
        (  # a possessive before the requirement
            "At December 31, 2006, the Company had regulatory net capital of $7,995, which was $7,293 in excess of "
            "the SEC's minimum requirement of $702.",
            {"note_net_capital": 7_995, "note_excess_net_capital": 7_293, "note_minimum_net_capital": 702},
        ),
        (
            "At December 31, 2011, Schwab's net capital was $1.2billion (10% of aggregate debit balances), which was "
            "$948 million in excessof its minimum required net capital.",
            {"note_net_capital": 1_200_000_000, "note_excess_net_capital": 948_000_000},
        ),
        (  # 1224385-2004: a ratio between net capital and the excess, and no article before "required"
            "At December 31, 2003, the Company had net capital of $525,375, which was 834.43% of aggregate debit "
            "balances and $523,878 in excess of required net capital.",
            {"note_net_capital": 525_375, "note_excess_net_capital": 523_878},
        ),
    ],
)
def test_net_capital_sentences(text: str, expected: dict[str, int]) -> None:
    assert _figures(text) == {k: Decimal(v) for k, v in expected.items()}


def test_no_requirement_is_derived_from_rounded_figures() -> None:
    """$1.2 billion less $930 million is not the requirement (2% of debits was $251 million)."""
    lines = list(
        parse_text(
            "At December 31 2010 Schwabs net capital was $1.2 billion which was $930 million in excess of its "
            "minimum required net capital.\n",
            "x.txt",
        ).lines()
    )
    facts = build_facts(FacingPage(), {}, note_figures(lines, "x.txt", "text"))
    assert facts["net_capital"].value == Decimal(1_200_000_000)
    assert "minimum_net_capital" not in facts


def test_whole_millions_still_imply_the_requirement() -> None:
    lines = list(
        parse_text(
            "The Company had net capital of $7045 million which was $6414 million in excess of the amount required.\n",
            "x",
        ).lines()
    )
    facts = build_facts(FacingPage(), {}, note_figures(lines, "x", "text"))
    assert facts["minimum_net_capital"].value == Decimal(631_000_000)


def test_exact_figures_still_imply_the_requirement() -> None:
    lines = list(
        parse_text(
            "The Company had net capital of $3,409,204, which was $3,309,204 in excess of its required.\n", "x"
        ).lines()
    )
    facts = build_facts(FacingPage(), {}, note_figures(lines, "x", "text"))
    assert facts["minimum_net_capital"].value == Decimal(100_000)


_REPORT = """\
Table of Contents
Statement of Financial Condition 2
Notes to Statement of Financial Condition 3-6
\f
Statement of Financial Condition
(in $000s, except share and per share amounts)
Cash\t$48,959
Other assets\t5,363
Total assets\t$54,322
Payables\t$4,322
Total stockholder's equity\t50,000
Total liabilities and stockholder's equity\t$54,322
\f
Notes to Statement of Financial Condition
(in $000s, except share and per share amounts)
(1) Organization
The Company is a broker-dealer registered with the Securities and Exchange Commission.
(3) Regulatory Requirements
The Company is subject to the Uniform Net Capital Rule 15c3-1 of the Securities and Exchange Commission.
At December 31, 2020, the Company had a minimum net capital requirement of $1,500 whereas it had net capital of
$41,047, which exceeded the minimum net capital requirement by $39,547.
\f
Notes to Statement of Financial Condition (continued)
(in $000s, except share and per share amounts)
(4) Commitments
The Company leases office space under a lease that expires in 2030. The lease is accounted for as an operating lease
under the applicable accounting guidance, and its right of use asset is presented with other assets on the statement
of financial condition. The Company has no other commitments or contingencies that require disclosure at year end.
(5) Subsequent events
The Company has evaluated subsequent events through the date the statement of financial condition was issued.
"""


def test_notes_begin_at_their_first_heading_not_the_longest() -> None:
    """A later '(continued)' heading with more text under it is not where the notes begin."""
    document = parse_text(_REPORT, "x.txt")
    _, notes = find_sections(document)
    assert notes is not None and notes.heading.page == 3
    filing = extract(document)
    assert filing.fact("net_capital") == Decimal(41_047_000)  # "(in $000s ...)"
    assert filing.fact("excess_net_capital") == Decimal(39_547_000)
    assert filing.fact("minimum_net_capital") == Decimal(1_500_000)


@pytest.mark.parametrize("caption", ["(in $000s, except share amounts)", "($000)", "(In $000's)", "Dollars in $000s"])
def test_dollar_thousands_captions_are_thousands(caption: str) -> None:
    assert detect_scale(list(parse_text(caption + "\n", "x").lines())) == 1000


def test_no_exemption_under_footnote_74_is_read_as_such() -> None:
    """A firm outside 15c3-3(k) that holds no customer funds or securities says it relies on footnote 74 of the
    2013 adopting release: no (k) exemption is claimed, and the report says why."""
    from finop.extract.notes import find_exemption
    from finop.readers.text import parse_text

    text = ("The Company does not claim an exemption from SEC Rule 15c3-3 and relies on Footnote 74 of SEC Release "
            "No. 34-70073, as it does not hold customer funds or securities.\n")  # fmt: skip
    ex = find_exemption(list(parse_text(text, "r.txt").lines()), "r.txt", "text")
    assert ex is not None and (ex.exempt, ex.paragraph) == (False, "footnote 74")
    plain = "The Company claims an exemption from Rule 15c3-3 under paragraph (k)(2)(ii) of that rule.\n"
    ex = find_exemption(list(parse_text(plain, "r.txt").lines()), "r.txt", "text")
    assert ex is not None and (ex.exempt, ex.paragraph) == (True, "(k)(2)(ii)")
