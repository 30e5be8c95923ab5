"""Balance-sheet layouts of large dealers (issue 12), generated here with known figures: a statement printed over
two pages under a "(Continued)" title, and liability captions that use equity words above "Total liabilities"."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import EXAMPLE, check_text

ASSETS = [("Cash and cash equivalents", 728), ("Securities purchased under agreements to resell", 20_133),
          ("Securities borrowed", 22_457), ("Debt instruments", 10_884), ("Equity instruments", 2_012),
          ("Receivables from customers", 14_892), ("Other assets", 4_843)]  # fmt: skip
LIABILITIES = [("Short-term borrowings", 311), ("Securities sold under agreements to repurchase", 12_583),
               ("Debt instruments", 2_515), ("Equity instruments", 843), ("Derivative contracts", 513),
               ("Payables to customers", 12_985), ("Subordinated borrowings", 30_450), ("Other liabilities", 4_460)]  # fmt: skip
EQUITY = [("Member's contributions", 12_785), ("Accumulated loss", -1_496)]


def _amount(v: int, first: bool) -> str:
    body = f"{abs(v):,}"
    body = f"({body})" if v < 0 else body
    return f"$ {body}" if first else body


def balance_sheet(two_pages: bool, liability_header: bool, continued: str = " (Continued)") -> str:
    """A statement of financial condition in millions; the truth is in the lists above."""
    total_assets = sum(v for _, v in ASSETS)
    total_liabilities = sum(v for _, v in LIABILITIES)
    total_equity = sum(v for _, v in EQUITY)
    assert total_assets == total_liabilities + total_equity
    out = ["EXAMPLE SECURITIES (USA) LLC", "Consolidated Statement of Financial Condition", "December 31, 2018",
           "(In millions)", "ASSETS"]  # fmt: skip
    out += [f"{c}\t{_amount(v, i == 0)}" for i, (c, v) in enumerate(ASSETS)]
    out.append(f"Total assets\t{_amount(total_assets, True)}")
    if two_pages:
        out += ["\f", "EXAMPLE SECURITIES (USA) LLC", f"Consolidated Statement of Financial Condition{continued}",
                "December 31, 2018", "(In millions)"]  # fmt: skip
    out.append("LIABILITIES AND MEMBER'S EQUITY")
    for i, (c, v) in enumerate(LIABILITIES):
        if liability_header and c == "Debt instruments":
            out.append("Financial instruments sold, not yet purchased, at fair value:")
        out.append(f"{c}\t{_amount(v, i == 0)}")
    out += [f"Total liabilities\t{_amount(total_liabilities, False)}", "Member's equity:"]
    out += [f"{c}\t{_amount(v, False)}" for c, v in EQUITY]
    out += [f"Total member's equity\t{_amount(total_equity, False)}",
            f"Total liabilities and member's equity\t{_amount(total_assets, True)}",
            "See accompanying notes to the consolidated statement of financial condition."]  # fmt: skip
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("two_pages", [False, True])
@pytest.mark.parametrize("liability_header", [False, True])
@pytest.mark.parametrize("continued", [" (Continued)", " (continued)", ""])  # "": the title repeated as it was
def test_large_dealer_balance_sheets_read_whole(two_pages: bool, liability_header: bool, continued: str) -> None:
    result = check_text(balance_sheet(two_pages, liability_header, continued))
    m = Decimal(1_000_000)
    facts = result.filing
    assert facts.fact("total_assets") == sum(v for _, v in ASSETS) * m
    assert facts.fact("total_liabilities") == sum(v for _, v in LIABILITIES) * m
    assert facts.fact("total_equity") == sum(v for _, v in EQUITY) * m
    assert facts.fact("total_liabilities_and_equity") == facts.fact("total_assets")
    assert not [f.message for f in result.errors], "a consistent statement must not fail"


def test_the_example_over_two_pages_reads_the_same() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    split = "TOTAL ASSETS\t$ 1,822,195\n"
    two = text.replace(split, split + "\fSTATEMENT OF FINANCIAL CONDITION (Continued) DECEMBER 31, 2003\n")
    a, b = check_text(text), check_text(two)
    keys = ("total_assets", "total_liabilities", "total_equity", "total_liabilities_and_equity")
    assert [a.filing.fact(k) for k in keys] == [b.filing.fact(k) for k in keys]
    assert b.status == "pass"


def test_an_uncaptioned_subtotal_under_a_caption_without_amount_is_the_groups() -> None:
    """A caption whose amount was lost, then an amount alone on the next line that equals the sum of the group
    above: the group's subtotal (arithmetic), not that caption's amount (91154-2017's trading assets)."""
    lines = ["Statement of Financial Condition", "December 31, 2016", "(In millions)", "Assets",
             "Cash\t$ 951", "Trading account assets:", "Mortgage-backed securities\t23,974",
             "U.S. Treasury securities\t15,896", "Equity securities\t9,761", "Other debt securities", "49,631",
             "Other assets\t5,100", "Total assets\t$ 55,682", "Liabilities and stockholder's equity",
             "Short-term borrowings\t$ 50,000", "Total liabilities\t50,000", "Stockholder's equity:",
             "Common stock\t5,682", "Total stockholder's equity\t5,682",
             "Total liabilities and stockholder's equity\t$ 55,682"]  # fmt: skip
    result = check_text("\n".join(lines) + "\n")
    assert not [f.message for f in result.errors]
    assert result.filing.fact("total_assets") == Decimal(55_682_000_000)
    items = {i.label: i for i in result.filing.statements[next(iter(result.filing.statements))].items}
    assert items["Other debt securities"].values == ()  # no amount of its own
