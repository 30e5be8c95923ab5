"""Random but consistent figures for a report: balance sheets that balance, groups that foot, equity that rolls
forward from the income statement, and a net capital computation that follows Rule 15c3-1's arithmetic.

Every amount is an ``int`` in the statements' printed unit (``Style.scale`` dollars); index 0 of a line's
values is the period reported on, index 1 the year before.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from layoutgen.style import Style


@dataclass
class Line:
    """A caption with one amount per year column; ``extra`` is printed in the caption ('net of ... of $84')."""

    caption: str
    values: list[int]
    extra: str = ""
    changes: dict[str, int] = field(default_factory=dict)  # an equity line's movements in the year, by kind


@dataclass
class Group:
    """Lines under a heading, footed by a subtotal: labelled (``total``) or printed alone (``total`` None)."""

    heading: str | None
    lines: list[Line]
    total: str | None
    footed: bool = True  # False: the lines under the heading with no subtotal at all

    @property
    def values(self) -> list[int]:
        return [sum(x) for x in zip(*(ln.values for ln in self.lines), strict=True)]


Item = Line | Group


@dataclass
class NetCapital:
    """The computation in printed units: equity and subordinated borrowings less deductions and haircuts."""

    equity: int
    subordinated: int
    nonallowable: list[Line]
    haircuts: list[Line]
    method: str  # basic | alternative
    base: int  # aggregate indebtedness (basic) or aggregate debit items (alternative)
    ratio_requirement: int
    floor: int
    net_capital: int = 0
    minimum: int = 0
    excess: int = 0


@dataclass
class Reserve:
    """A customer reserve computation (Exhibit A) in printed units: its aggregate debit items are the alternative
    requirement's base; the reduction is 3% of them."""

    credits: list[Line]
    debits: list[Line]
    reduction: int
    deposit: int

    @property
    def total_credits(self) -> int:
        return sum(x.values[0] for x in self.credits)

    @property
    def aggregate_debits(self) -> int:
        return sum(x.values[0] for x in self.debits)

    @property
    def total_debits(self) -> int:
        return self.aggregate_debits - self.reduction

    @property
    def excess(self) -> int:
        return self.total_credits - self.total_debits


@dataclass
class Report:
    """The figures of one generated annual report."""

    name: str
    entity: str
    file_number: str
    period_end: date
    assets: list[Item]
    liabilities: list[Item]
    subordinated: Line | None
    equity: list[Line]
    revenues: list[Line] = field(default_factory=list)
    expenses: list[Line] = field(default_factory=list)
    taxes: int | None = None
    net_income: int = 0
    distributions: int = 0
    contributions: int = 0
    net_capital: NetCapital | None = None
    subsidiary: list[tuple[str, int]] = field(default_factory=list)  # a note's condensed balance sheet
    fair_value: list[tuple[str, list[int]]] = field(default_factory=list)  # a note's level 1/2/3 table
    reserve: Reserve | None = None  # a carrying firm's customer reserve computation (alternative method)

    def total(self, items: list[Item], year: int = 0) -> int:
        return sum(i.values[year] for i in items)

    def total_assets(self, year: int = 0) -> int:
        return self.total(self.assets, year)

    def total_liabilities(self, year: int = 0) -> int:
        return self.total(self.liabilities, year)

    def total_equity(self, year: int = 0) -> int:
        return sum(e.values[year] for e in self.equity)

    def sub(self, year: int = 0) -> int:
        return self.subordinated.values[year] if self.subordinated else 0


NAMES = ["Alder", "Birchwood", "Calloway", "Dunmore", "Easton", "Fairhaven", "Glenrock", "Halberd", "Ironbridge",
         "Juniper", "Kestrel", "Larkspur", "Marlowe", "Norcross", "Oakhurst", "Pemberton", "Quarry Hill", "Redfern",
         "Stonegate", "Thornbury", "Underhill", "Vantage Row", "Whitcombe", "Yarrow"]  # fmt: skip
KINDS = ["Securities", "Capital Markets", "Financial Services", "Investments", "Brokerage", "Partners"]
SUFFIX = {"corporation": ["Inc.", "Corp.", "Corporation"], "llc": ["LLC", "L.L.C."], "partnership": ["L.P.", "LP"]}

SMALL_ASSETS = ["Cash and cash equivalents", "Receivable from clearing broker", "Commissions receivable",
                "Deposit with clearing organization", "Prepaid expenses", "Due from affiliates", "Other assets"]  # fmt: skip
LARGE_GROUPS = {
    "assets": [
        ("Receivables from:", "Total receivables",
         ["Brokers, dealers and clearing organizations", "Customers", "Affiliates", "Interest and dividends"]),
        ("Financial instruments owned, at fair value:", "Total financial instruments owned",
         ["U.S. government and agency obligations", "Corporate debt securities", "Equities",
          "State and municipal obligations", "Derivative contracts"]),
        ("Collateralized agreements:", "Total collateralized agreements",
         ["Securities purchased under agreements to resell", "Securities borrowed"]),
    ],
    "liabilities": [
        ("Payables to:", "Total payables",
         ["Customers", "Brokers, dealers and clearing organizations", "Affiliates"]),
        ("Financial instruments sold, not yet purchased, at fair value:", "Total financial instruments sold, not yet purchased",
         ["U.S. government and agency obligations", "Corporate debt securities", "Equities"]),
        ("Collateralized financings:", "Total collateralized financings",
         ["Securities sold under agreements to repurchase", "Securities loaned"]),
    ],
}  # fmt: skip
LARGE_ASSET_LINES = ["Cash and cash equivalents", "Cash and securities segregated for regulatory purposes",
                     "Goodwill and intangible assets", "Other assets"]  # fmt: skip
LIABILITY_LINES = ["Accounts payable and accrued expenses", "Accrued compensation and benefits",
                   "Short-term borrowings", "Due to affiliates", "Other liabilities"]  # fmt: skip
REVENUES = ["Commissions", "Investment banking", "Principal transactions", "Interest and dividends",
            "Asset management fees", "Other income"]  # fmt: skip
EXPENSES = ["Employee compensation and benefits", "Clearing and execution fees", "Occupancy and equipment",
            "Communications and data processing", "Professional fees", "Interest", "Other expenses"]  # fmt: skip


def split(rng: random.Random, total: int, n: int, floor: int = 1) -> list[int]:
    """``total`` in ``n`` positive parts of random size (each at least ``floor``)."""
    weights = [rng.uniform(0.05, 1) ** 2 for _ in range(n)]
    parts = [max(floor, int(total * w / sum(weights))) for w in weights]
    parts[parts.index(max(parts))] += total - sum(parts)
    return parts


def _lines(rng: random.Random, captions: list[str], totals: list[int]) -> list[Line]:
    cols = [split(rng, t, len(captions)) for t in totals]
    return [Line(c, [col[i] for col in cols]) for i, c in enumerate(captions)]


def _side(rng: random.Random, style: Style, side: str, totals: list[int]) -> list[Item]:
    """The lines of one side of the balance sheet summing to ``totals``, grouped as a large dealer groups them."""
    if style.firm == "small":
        pool = SMALL_ASSETS if side == "assets" else LIABILITY_LINES[:4]
        captions = pool[:1] + sorted(rng.sample(pool[1:], rng.randint(2, len(pool) - 1)), key=pool.index)
        return list(_lines(rng, captions, totals))
    groups = [g for g in LARGE_GROUPS[side] if rng.random() < 0.75] or LARGE_GROUPS[side][:1]
    singles = LARGE_ASSET_LINES if side == "assets" else LIABILITY_LINES
    singles = singles[:1] + sorted(rng.sample(singles[1:], rng.randint(1, len(singles) - 1)), key=singles.index)
    shares = [split(rng, t, len(groups) + len(singles)) for t in totals]
    items: list[Item] = []
    for k, (heading, total, captions) in enumerate(groups):
        chosen = sorted(rng.sample(captions, rng.randint(2, len(captions))), key=captions.index)
        lines = _lines(rng, chosen, [s[k] for s in shares])
        labelled = {"labelled": True, "unlabelled": False, "none": False, "mixed": rng.random() < 0.5}[style.subtotals]
        items.append(Group(heading, lines, total if labelled else None, footed=style.subtotals != "none"))
    rest = [Line(c, [s[len(groups) + i] for s in shares]) for i, c in enumerate(singles)]
    return [rest[0], *items, *rest[1:]] if side == "assets" else [*items, *rest]


def _equity(rng: random.Random, style: Style, begin: int, income: int, paid: int, added: int) -> list[Line]:
    """Equity lines from the year's opening total: income less distributions in the earnings line, contributions
    in the paid-in line (a partnership shares every change 1:99). ``Line.extra`` is unused here; each line's
    ``changes`` are the year's movements by kind, for the changes-in-equity statement."""
    owners = {"corporation": "stockholder", "llc": "member", "partnership": "partner"}[style.entity]
    if style.entity == "partnership":
        general = Line("General partner", [0, begin // 100])
        general.changes = {"income": income // 100, "distributions": -(paid // 100), "contributions": added // 100}
        limited = Line("Limited partners", [0, begin - begin // 100])
        limited.changes = {k: total - general.changes[k] for k, total in
                           (("income", income), ("distributions", -paid), ("contributions", added))}  # fmt: skip
        lines = [general, limited]
    elif style.entity == "llc" and rng.random() < 0.5:
        only = Line(f"{owners.title()}'s equity", [0, begin])
        only.changes = {"income": income, "distributions": -paid, "contributions": added}
        lines = [only]
    else:
        first = max(1, begin // 50) if style.entity == "corporation" else int(begin * rng.uniform(0.3, 0.8))
        paid_in = int(begin * rng.uniform(0.2, 0.6)) if style.entity == "corporation" else 0
        if style.entity == "corporation":
            stock = Line("Common stock, $1 par value; 1,000 shares authorized, issued and outstanding", [first, first])
            stock.changes = {}
            capital = Line("Additional paid-in capital", [0, paid_in])
            capital.changes = {"contributions": added}
            lines = [stock, capital]
        else:
            capital = Line(f"{owners.title()}'s contributions", [0, first])
            capital.changes = {"contributions": added}
            lines = [capital]
        earned = begin - sum(ln.values[1] for ln in lines)
        earnings = Line("Retained earnings" if style.entity == "corporation" else "Accumulated earnings", [0, earned])
        earnings.changes = {"income": income, "distributions": -paid}
        lines.append(earnings)
    for ln in lines:
        ln.values[0] = ln.values[1] + sum(ln.changes.values())
    if style.entity == "corporation" and lines[-1].values[0] < 0:
        lines[-1].caption = "Accumulated deficit"
    return lines


def make_report(rng: random.Random, style: Style) -> Report:
    """Figures for ``style``: the balance sheet balances in each year, equity rolls forward, net capital ties."""
    year = rng.randint(2003, 2024)
    unit = style.scale
    dollars = 10 ** rng.uniform(5.5, 8) if style.firm == "small" else 10 ** rng.uniform(9, 11.5)
    assets = [max(2000, int(dollars / unit)), 0]
    equity_share = rng.uniform(0.3, 0.9) if style.firm == "small" else rng.uniform(0.03, 0.25)
    equity = [max(200, int(assets[0] * equity_share)), 0]
    net_income = int(equity[0] * rng.uniform(-0.1, 0.3))
    distributions = max(0, int(net_income * rng.uniform(0, 0.8))) if rng.random() < 0.6 else 0
    contributions = int(equity[0] * rng.uniform(0.02, 0.2)) if rng.random() < 0.3 else 0
    equity[1] = equity[0] - net_income + distributions - contributions
    if equity[1] <= 100:
        equity[1], contributions = equity[0] - net_income + distributions, 0
    assets[1] = max(equity[1] * 2, int(assets[0] * rng.uniform(0.7, 1.3)))
    sub = [min(int(e * rng.uniform(0.1, 0.5)), (a - e) // 2) for a, e in zip(assets, equity, strict=False)]
    if style.subordinated == "none":
        sub = [0, 0]
    liabilities = [
        a - e - (s if style.subordinated == "after" else 0) for a, e, s in zip(assets, equity, sub, strict=False)
    ]
    within = (
        [ln - s for ln, s in zip(liabilities, sub, strict=False)] if style.subordinated == "within" else liabilities
    )
    subordinated = Line("Subordinated borrowings" if style.firm == "large" else
                        "Liabilities subordinated to claims of general creditors", sub) if any(sub) else None  # fmt: skip
    liability_items = _side(rng, style, "liabilities", within)
    if subordinated and style.subordinated == "within":
        liability_items.append(subordinated)
    report = Report(
        name=f"{rng.choice(NAMES)} {rng.choice(KINDS)} {rng.choice(SUFFIX[style.entity])}",
        entity=style.entity,
        file_number=f"8-{rng.randint(10000, 69999)}",
        period_end=date(year, 12, 31) if rng.random() < 0.7 else date(year, rng.choice([3, 6, 9]), 30),
        assets=_side(rng, style, "assets", assets),
        liabilities=liability_items,
        subordinated=subordinated,
        equity=_equity(rng, style, equity[1], net_income, distributions, contributions),
        net_income=net_income,
        distributions=distributions,
        contributions=contributions,
    )
    if style.caption_amounts:
        _caption_amounts(rng, report)
    if style.full:
        _income(rng, style, report)
    report.net_capital = _net_capital(rng, style, report)
    if style.notes_tables:
        sub_assets = int(report.total_assets() * rng.uniform(0.01, 0.2)) + 7
        sub_liab = int(sub_assets * rng.uniform(0.3, 0.9))
        report.subsidiary = [("Total assets", sub_assets), ("Total liabilities", sub_liab),
                             ("Total equity", sub_assets - sub_liab)]  # fmt: skip
        rows = [(c, [rng.randint(1, max(2, report.total_assets() // 20)) for _ in range(3)])
                for c in ("U.S. government and agency obligations", "Corporate debt securities", "Equities")]  # fmt: skip
        report.fair_value = rows
    return report


def _caption_amounts(rng: random.Random, report: Report) -> None:
    """A furniture line net of depreciation, and a line that says what part of it is pledged."""
    net = max(1, report.total_assets() // 40)
    first = report.assets[0]
    if isinstance(first, Line) and first.values[0] > net * 2:
        first.values = [v - net for v in first.values]
        depreciation = rng.randint(net // 3 + 1, net * 3 + 2)
        report.assets.append(Line("Furniture, equipment and leasehold improvements", [net, net],
                                  f"net of accumulated depreciation of ${depreciation:,}"))  # fmt: skip
    target = next((i for i in report.assets if isinstance(i, Line) and i.values[0] > 10), None)
    if target is not None and not target.extra:
        target.extra = f"including ${max(1, target.values[0] // 3):,} pledged as collateral"


def _income(rng: random.Random, style: Style, report: Report) -> None:
    """Revenues less expenses (less taxes for a corporation) is the year's net income."""
    taxes = int(abs(report.net_income) * 0.35) if style.entity == "corporation" and report.net_income > 0 else None
    pretax = report.net_income + (taxes or 0)
    expenses = max(10, int(abs(pretax) * rng.uniform(1, 6)) + 10)
    revenue = expenses + pretax
    if revenue <= 10:
        expenses, revenue = expenses + 20 - revenue, 20
    report.revenues = _lines(rng, sorted(rng.sample(REVENUES, rng.randint(2, 5)), key=REVENUES.index), [revenue])
    report.expenses = _lines(rng, sorted(rng.sample(EXPENSES, rng.randint(2, 6)), key=EXPENSES.index), [expenses])
    report.taxes = taxes


def _net_capital(rng: random.Random, style: Style, report: Report) -> NetCapital:
    """Net capital below equity plus subordinated borrowings, above its requirement."""
    unit = style.scale
    capital = report.total_equity() + report.sub()
    deductions = max(2, int(capital * rng.uniform(0.1, 0.6)))
    nonallowable = max(1, int(deductions * rng.uniform(0.3, 0.9)))
    haircuts = deductions - nonallowable
    net = capital - deductions
    floor = max(1, rng.choice([5000, 100_000, 250_000] if style.firm == "small" else [250_000, 1_500_000]) // unit)
    if style.firm == "small":
        method, base = "basic", int(report.total_liabilities() * rng.uniform(0.3, 1))
        ratio = -(-base // 15)  # 6 2/3% rounded up
    else:
        method, base = "alternative", int(report.total_assets() * rng.uniform(0.05, 0.3))
        ratio = -(-base * 2 // 100)
    nc = NetCapital(capital - report.sub(), report.sub(),
                    [Line("Nonallowable assets", [nonallowable])], [Line("Haircuts on securities positions", [haircuts])],
                    method, base, ratio, floor)  # fmt: skip
    nc.net_capital, nc.minimum = net, max(floor, ratio)
    if nc.minimum * 1.2 >= net:  # a firm in good standing: shrink the base under the requirement
        nc.base = int(net * 0.3) * (15 if method == "basic" else 50) // 10
        nc.ratio_requirement = -(-nc.base // 15) if method == "basic" else -(-nc.base * 2 // 100)
        nc.floor = min(floor, max(1, net // 10))
        nc.minimum = max(nc.floor, nc.ratio_requirement)
    nc.excess = net - nc.minimum
    return nc


RESERVE_CREDITS = [
    "Free credit balances and other credit balances in customers' security accounts",
    "Monies borrowed collateralized by securities carried for the accounts of customers",
    "Monies payable against customers' securities loaned",
    "Customers' securities failed to receive",
    "Credit balances in firm accounts attributable to principal sales to customers",
    "Market value of short security count differences over 30 calendar days old",
]
RESERVE_DEBITS = [
    "Debit balances in customers' cash and margin accounts excluding unsecured accounts and accounts doubtful of "
    "collection",
    "Securities borrowed to effectuate short sales by customers and securities borrowed to make delivery on "
    "customers' securities failed to deliver",
    "Failed to deliver of customers' securities not older than 30 calendar days",
    "Margin required and on deposit with the Options Clearing Corporation for all option contracts written or "
    "purchased in customer accounts",
]


def make_reserve(rng: random.Random, report: Report) -> Reserve | None:
    """A reserve computation whose aggregate debit items are the alternative requirement's base (None on the basic
    method or when the base is too small to split)."""
    nc = report.net_capital
    if nc is None or nc.method != "alternative" or nc.base < 100:
        return None
    debits = _lines(rng, RESERVE_DEBITS[: rng.randint(2, 4)], [nc.base])
    reduction = (nc.base * 3 + 50) // 100  # 3%, rounded half up
    total_debits = nc.base - reduction
    excess = int(total_debits * rng.uniform(-0.1, 0.3))  # an excess of debits now and then
    credits = _lines(rng, RESERVE_CREDITS[: rng.randint(2, 6)], [max(total_debits + excess, 6)])
    reserve = Reserve(credits, debits, reduction, 0)
    reserve.deposit = max(reserve.excess, 0) + int(abs(reserve.excess) * rng.uniform(0, 0.2)) + 1
    return reserve
