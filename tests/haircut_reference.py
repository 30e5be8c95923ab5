"""An independent reference for the securities haircuts of Rule 15c3-1(c)(2)(vi) and (vii).

Written from the rule's text (shared/reference/rules.md section 2.6, 17 CFR 240.15c3-1(c)(2)(vi)), not from
finop's engine: its own rate tables typed from the rule, its own reading of positions.csv with the csv
module, its own time to maturity (dateutil's calendar difference), one Decimal step per position. It shares
nothing with ``finop.engine.haircuts`` (no class sets, no schedules, no maturity helpers, no rule data files),
so where the two agree on generated books the agreement is evidence, not a tautology. The rates are those in
force since 1 January 1993 (Release 34-31511); cases dated earlier are not compared with it.

What it leaves out, as the engine's haircut groups do: undue concentration ((M), an added deduction computed
after), hedged debt ((F)(2)-(F)(6)), the (A)(2) election and (A)(3) cross-category offsets.
"""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

from dateutil.relativedelta import relativedelta

D = Decimal

# (A) US government and agency obligations, and (C) Canadian government: months to maturity ->
# (lower edge in months, rate, category); the rate applies from the edge up to the next row's edge
GOVERNMENT_TABLE = [
    (0, D("0"), 1), (3, D("0.005"), 1), (6, D("0.0075"), 1), (9, D("0.01"), 1),
    (12, D("0.015"), 2), (24, D("0.02"), 2),
    (36, D("0.03"), 3), (60, D("0.04"), 3),
    (120, D("0.045"), 4), (180, D("0.05"), 4), (240, D("0.055"), 4), (300, D("0.06"), 4),
]  # fmt: skip
CATEGORY_NETTING = D("0.5")  # (A)(1): 50% of the lesser of the long and short deductions of a category
# (B)(1) short-term municipal securities, days to maturity
MUNICIPAL_SHORT_TABLE = [(0, D("0")), (30, D("0.00125")), (91, D("0.0025")), (181, D("0.00375")), (271, D("0.005")),
                         (366, D("0.0075")), (456, D("0.01"))]  # fmt: skip
# (B)(2) other municipal securities, years to maturity (3.5 years is 42 months: kept in months)
MUNICIPAL_TABLE_MONTHS = [(0, D("0.01")), (12, D("0.02")), (24, D("0.03")), (42, D("0.04")), (60, D("0.05")),
                          (84, D("0.055")), (120, D("0.06")), (180, D("0.065")), (240, D("0.07"))]  # fmt: skip
# (E) commercial paper, bankers' acceptances, certificates of deposit, days to maturity (below one year)
MONEY_MARKET_TABLE = [(0, D("0")), (30, D("0.00125")), (91, D("0.0025")), (181, D("0.00375")), (271, D("0.005"))]
# (F)(1) nonconvertible debt, unhedged, years to maturity (in months)
DEBT_TABLE_MONTHS = [(0, D("0.02")), (12, D("0.03")), (24, D("0.05")), (36, D("0.06")), (60, D("0.07")),
                     (120, D("0.075")), (180, D("0.08")), (240, D("0.085")), (300, D("0.09"))]  # fmt: skip
FUND_RATES = {"money_market_fund": D("0.02"), "fund_government_debt": D("0.07"), "fund_debt": D("0.09")}  # (D)(1)-(3)
PREFERRED = D("0.10")  # (H)
J_RATE, J_OFFSET = D("0.15"), D("0.25")  # (J): 15% of the greater side, and of the lesser above 25% of the greater
LIMITED_MARKET = D("0.40")  # (K)(ii): one or two market makers, on longs and shorts alike
NO_READY_MARKET = D("1")  # (vii): the whole market value


def _rate(table: list, x: int) -> tuple[Decimal, int]:
    """The row of a table whose lower edge is the greatest not above ``x``: (rate, row number)."""
    row = max(i for i, r in enumerate(table) if r[0] <= max(x, 0))
    return table[row][1], row


def _months(as_of: dt.date, maturity: dt.date) -> int:
    delta = relativedelta(maturity, as_of)
    return delta.years * 12 + delta.months


def _credit_ok(row: dict[str, str]) -> bool:
    return (row.get("minimal_credit_risk") or "").strip().lower() not in ("false", "no", "0")


def reference_haircuts(positions_csv: Path, as_of: dt.date, exclude_lines: set[str] = frozenset()) -> Decimal:
    """The total haircut of a positions.csv on ``as_of`` (positions carried on ``exclude_lines`` are already
    deducted in full and are left out)."""
    greater: dict[tuple, list[Decimal]] = {}  # (class, table row) -> [longs, shorts]: the greater side is haircut
    government: dict[tuple, Decimal] = {}  # (class, table row) -> net market value
    both_sides = D(0)
    j_long = j_short = D(0)
    with positions_csv.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        mv = D(row["market_value"])
        line = (row.get("line") or "").strip() or ("securities_owned" if mv > 0 else "securities_sold_short")
        if line in exclude_lines:
            continue
        kind = row["asset_class"].strip()
        maturity = dt.date.fromisoformat(row["maturity_date"]) if (row.get("maturity_date") or "").strip() else None
        price = (row.get("price") or "").strip()
        if kind in ("commercial_paper", "bankers_acceptance", "certificate_of_deposit", "corporate_debt",
                    "convertible_debt", "preferred_stock") and not _credit_ok(row):  # fmt: skip
            kind = "equity"  # (I): no assessment of minimal credit risk: (J)
        if kind == "convertible_debt" and (not price or D(price) >= 100):
            kind = "equity"  # (G): at or above par (a missing price is par): (J)
        if kind == "equity":
            if mv > 0:
                j_long += mv
            else:
                j_short -= mv
            continue
        if kind in ("limited_market_1_2_makers", "no_ready_market"):
            both_sides += abs(mv) * (LIMITED_MARKET if kind == "limited_market_1_2_makers" else NO_READY_MARKET)
            continue
        if kind in FUND_RATES or kind == "preferred_stock":
            key: tuple = (kind, None)
        else:
            assert maturity is not None, f"{row['id']}: a {kind} position needs a maturity"
            months, days = _months(as_of, maturity), (maturity - as_of).days
            if kind in ("us_government", "canadian_government"):
                subcategory = (kind, _rate(GOVERNMENT_TABLE, months)[1])
                government[subcategory] = government.get(subcategory, D(0)) + mv
                continue
            if kind in ("bankers_acceptance", "certificate_of_deposit") and months >= 12:
                key = (kind, "A", _rate(GOVERNMENT_TABLE, months)[1])  # (E): a year or more: the (A) schedule
            elif kind in ("commercial_paper", "bankers_acceptance", "certificate_of_deposit"):
                key = (kind, "E", _rate(MONEY_MARKET_TABLE, days)[1])
            elif kind == "municipal_short":
                key = (kind, "B1", _rate(MUNICIPAL_SHORT_TABLE, days)[1])
            elif kind == "municipal":
                key = (kind, "B2", _rate(MUNICIPAL_TABLE_MONTHS, months)[1])
            elif kind in ("corporate_debt", "convertible_debt"):
                key = (kind, "F", _rate(DEBT_TABLE_MONTHS, months)[1])
            else:
                raise ValueError(f"{row['id']}: no haircut known for asset class {kind!r}")
        sides = greater.setdefault(key, [D(0), D(0)])
        sides[0 if mv > 0 else 1] += abs(mv)

    total = both_sides
    tables = {"A": GOVERNMENT_TABLE, "E": MONEY_MARKET_TABLE, "B1": MUNICIPAL_SHORT_TABLE,
              "B2": MUNICIPAL_TABLE_MONTHS, "F": DEBT_TABLE_MONTHS}  # fmt: skip
    for key, (longs, shorts) in greater.items():
        kind = key[0]
        rate = FUND_RATES.get(kind, PREFERRED) if key[1] is None else tables[key[1]][key[2]][1]
        total += rate * max(longs, shorts)
    # (A)(1): in each category, the long-side and short-side deductions of its subcategories are netted
    categories: dict[tuple, list[Decimal]] = {}
    for (kind, row), net in government.items():
        _, rate, category = GOVERNMENT_TABLE[row]
        sides = categories.setdefault((kind, category), [D(0), D(0)])
        sides[0 if net > 0 else 1] += rate * abs(net)
    for long_side, short_side in categories.values():
        total += abs(long_side - short_side) + CATEGORY_NETTING * min(long_side, short_side)
    big, small = max(j_long, j_short), min(j_long, j_short)
    total += J_RATE * big + J_RATE * max(D(0), small - J_OFFSET * big)
    return total
