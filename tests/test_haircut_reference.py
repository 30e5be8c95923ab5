"""The haircut engine against an independent reference (tests/haircut_reference.py, written from the rule's
text) on generated books: every class, both sides, maturities on and beside the brackets' edges, month-end
dates, convertibles above and below par, instruments without a credit assessment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from dateutil.relativedelta import relativedelta
from hypothesis import example, given
from hypothesis import strategies as st

from finop.books import load_books
from finop.engine.net_capital import _nonallowable_lines, compute
from haircut_reference import reference_haircuts
from test_engine_cases import build_books

CLASSES = ["us_government", "canadian_government", "municipal", "municipal_short", "money_market_fund",
           "fund_government_debt", "fund_debt", "commercial_paper", "bankers_acceptance", "certificate_of_deposit",
           "corporate_debt", "convertible_debt", "preferred_stock", "equity", "limited_market_1_2_makers",
           "no_ready_market"]  # fmt: skip
AS_OF = [dt.date(2020, 12, 31), dt.date(2021, 6, 30), dt.date(2021, 3, 31), dt.date(2021, 2, 28),
         dt.date(2020, 2, 29), dt.date(2021, 11, 30), dt.date(2021, 9, 15)]  # fmt: skip


@st.composite
def position(draw: st.DrawFn, as_of: dt.date) -> dict[str, str]:
    kind = draw(st.sampled_from(CLASSES))
    cents = draw(st.integers(1, 500_000_000)) * draw(st.sampled_from([1, 1, 1, -1]))
    # a maturity a whole number of months out (a bracket's edge), a day either side, or anywhere in 40 years
    months = draw(st.sampled_from([0, 1, 3, 6, 9, 12, 24, 36, 42, 60, 84, 120, 180, 240, 300]) | st.integers(0, 480))
    maturity = as_of + relativedelta(months=months) + dt.timedelta(days=draw(st.sampled_from([-1, 0, 0, 1, 17])))
    if draw(st.booleans()):  # a maturity counted in days: on and around (B)(1) and (E)'s edges
        maturity = as_of + dt.timedelta(days=draw(st.sampled_from([29, 30, 31, 90, 91, 180, 181, 270, 271, 365, 366,
                                                                    455, 456, 731])))  # fmt: skip
    return {
        "class": kind,
        "mv": str(Decimal(cents) / 100),
        "maturity": maturity.isoformat() if maturity > as_of else (as_of + dt.timedelta(days=1)).isoformat(),
        "price": draw(st.sampled_from(["", "95.5", "100", "101.25"])),
        "minimal_credit_risk": draw(st.sampled_from(["", "true", "false"])),
        "issuer": draw(st.sampled_from(["Issuer A", "Issuer B", "Issuer C"])),
    }


@st.composite
def books_case(draw: st.DrawFn) -> dict:
    as_of = draw(st.sampled_from(AS_OF))
    positions = draw(st.lists(position(as_of), min_size=1, max_size=25))
    gross = sum(abs(Decimal(p["mv"])) for p in positions)
    return {"name": "generated", "as_of": as_of, "firm": {"method": "basic", "business": ["dealer"]},
            "equity": str(gross * 3 + 1_000_000), "positions": positions}  # fmt: skip


def _edge(as_of: dt.date, *maturities: str) -> dict:
    """US Treasuries maturing at the ends of shorter months: a whole number of months out by the calendar."""
    positions = [
        {"class": "us_government", "mv": "1000000", "maturity": m, "issuer": "US Treasury"} for m in maturities
    ]
    return {"name": "month ends", "as_of": as_of, "firm": {"method": "basic", "business": ["dealer"]},
            "equity": "9000000", "positions": positions}  # fmt: skip


@given(case=books_case())
@example(case=_edge(dt.date(2020, 12, 31), "2021-06-30", "2021-09-30", "2021-11-30", "2023-06-30"))
@example(case=_edge(dt.date(2021, 11, 30), "2022-02-28", "2022-05-30", "2024-02-29"))
@example(case=_edge(dt.date(2021, 3, 31), "2021-04-30", "2022-03-30"))
def test_the_engine_agrees_with_the_independent_reference(case: dict, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    folder = build_books(case, tmp_path_factory.mktemp("books"))
    books = load_books(folder)
    engine = sum((g.amount for g in compute(books).haircut_groups), Decimal(0))
    assert engine == reference_haircuts(Path(folder) / "positions.csv", case["as_of"], _nonallowable_lines(books))
