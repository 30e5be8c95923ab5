"""Books -> ReserveComputation: the Rule 15c3-3 reserve formulas (Exhibit A), customer and PAB.

The customer formula: total credits (Items 1-9) less total debits (Items 10-15 after the Note E(3)
reduction) is the amount required on deposit (105% of it for a monthly computation). The Note E(3)
reduction is 1% of Item 10 (basic method), or 3% of aggregate debit items (alternative method,
15c3-1(a)(1)(ii)(A)), 2% for an alternative-method firm computing daily from the 2024 amendment's
compliance date. The PAB formula runs the same items for PAB accounts without the E(3) reduction (PAB
Notes 3-4); excess debits of the customer computation of the same date may meet its deposit ((e)(4)).

``formula`` is the one arithmetic of a computation, used here and by the checks that recompute a
printed one. Rule values come from the dated rules data; item numbers and captions from Exhibit A's
data (``finop.rules.exhibit_a``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal

from finop import rules
from finop.books import Books, BooksError
from finop.model.computation import CompLine
from finop.model.concepts import concept
from finop.model.reserve import ReserveComputation
from finop.rules import RuleValue, RuleView, exhibit_a

ZERO = Decimal(0)
RULE = "17 CFR 240.15c3-3"
EXHIBIT = "17 CFR 240.15c3-3a"
ACCOUNTS = ("customer", "pab")
PREFIX = {"customer": "reserve", "pab": "pab"}


@dataclass(frozen=True)
class Reduction:
    """The Note E(3) reduction of debits: its rate (a rule value), what it applies to, and the amount."""

    rule: RuleValue | None  # None: no reduction (the PAB computation)
    base: str  # "item_10" (basic method) or "aggregate_debit_items" (alternative method)
    amount: Decimal

    @property
    def percent(self) -> Decimal:
        return ZERO if self.rule is None else self.rule.value * 100  # type: ignore[operator]


@dataclass(frozen=True)
class Formula:
    """One reserve computation's arithmetic: credits, debits, the reduction, the excess and the requirement."""

    credits: Decimal
    aggregate_debits: Decimal  # Items 10-15 before the Note E(3) reduction
    reduction: Reduction
    total_debits: Decimal  # after the reduction
    excess: Decimal  # credits - total debits (negative: excess debits)
    required: Decimal  # on deposit: max(0, excess), times 105% for a monthly customer computation
    monthly_rule: RuleValue | None = None


def debit_reduction(method: str, frequency: str, view: RuleView, debits: dict[int, Decimal]) -> Reduction:
    """The Note E(3) reduction for the customer computation, by method and frequency, in force on the view's date."""
    aggregate = sum(debits.values(), ZERO)
    if method == "alternative":
        daily = view.get("reserve_debit_reduction_daily") if frequency == "daily" else None
        rv = daily or view["reserve_debit_reduction_alternative"]
        return Reduction(rv, "aggregate_debit_items", exact(aggregate * rv.value, ROUND_DOWN))  # type: ignore[operator]
    rv = view["reserve_debit_reduction_basic"]
    return Reduction(rv, "item_10", exact(debits.get(10, ZERO) * rv.value, ROUND_DOWN))  # type: ignore[operator]


def formula(
    amounts: dict[int, Decimal], when: dt.date, *, method: str, frequency: str, view: RuleView, account: str
) -> Formula:
    """The Exhibit A arithmetic for one account ("customer" or "pab") on a date."""
    defined = {x.number: x for x in exhibit_a.items_on(when)}
    credits = sum((a for n, a in amounts.items() if n in defined and defined[n].side == "credit"), ZERO)
    debits = {n: a for n, a in amounts.items() if n in defined and defined[n].side == "debit"}
    aggregate = sum(debits.values(), ZERO)
    if account == "pab":
        reduction = Reduction(None, "aggregate_debit_items", ZERO)
    else:
        reduction = debit_reduction(method, frequency, view, debits)
    total_debits = exact(aggregate - reduction.amount)
    excess = exact(credits - total_debits)
    monthly = view.get("reserve_monthly_deposit_pct") if account == "customer" and frequency == "monthly" else None
    required = exact(max(excess, ZERO) * (monthly.value if monthly else 1), ROUND_UP)  # type: ignore[operator]
    return Formula(exact(credits), exact(aggregate), reduction, total_debits, excess, required, monthly)


def check_items(books: Books, when: dt.date) -> None:
    """Every reserve.csv row names an item the rule in force on ``when`` defines (BooksError naming the line)."""
    reserve = books.reserve
    if reserve is None:
        return
    known = exhibit_a.numbers()
    for e in reserve.entries:
        if e.item not in known:
            raise BooksError(reserve.path, f"unknown item number {e.item}: Exhibit A numbers its items "
                             f"{known.start} to {known.stop - 1}", row=e.line, column="item", row_word="line")  # fmt: skip
        if exhibit_a.item(e.item, when) is None:
            since = min(x.defined_from for x in exhibit_a.items() if x.number == e.item)
            raise BooksError(reserve.path, f"item {e.item} is not defined on {when.isoformat()}: Exhibit A as in "
                             f"force then has no Item {e.item} (it has one from {since.isoformat()})",
                             row=e.line, column="item", row_word="line")  # fmt: skip


def exact(amount: Decimal, rounding: str = ROUND_HALF_UP) -> Decimal:
    """An amount as written: whole dollars without a decimal point, else to the cent. A percentage that gives
    fractions of a cent is rounded so the requirement never falls short: the reduction of debits down, the 105%
    of a monthly computation up."""
    cents = amount.quantize(Decimal("0.01"), rounding=rounding)
    return cents.quantize(Decimal(1)) if cents == cents.to_integral_value() else cents


def _rv(rv: RuleValue) -> dict[str, str]:
    return {rv.name: f"{rv.value} from {rv.effective.isoformat()}"}


@dataclass
class _Out:
    lines: list[CompLine] = field(default_factory=list)

    def add(self, key: str, amount: Decimal | None, cites: tuple[str, ...], section: str, *, caption: str = "",
            **kw) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
        self.lines.append(
            CompLine(key, caption or concept(key).caption, amount, citations=cites, section=section, **kw)
        )


def _account(books: Books, account: str, when: dt.date, view: RuleView, out: _Out) -> Formula:
    """The lines of one computation, in Exhibit A order; returns its arithmetic."""
    assert books.reserve is not None
    firm, amounts, p = books.firm, books.reserve.amounts(account), PREFIX[account]
    f = formula(amounts, when, method=firm.method, frequency=firm.reserve_frequency, view=view, account=account)
    items = exhibit_a.items_on(when)
    pab_cite = exhibit_a.pab_rules().citation if account == "pab" else None

    def item_lines(side: str) -> None:
        for x in items:
            if x.side != side:
                continue
            rows = books.reserve.rows(account, x.number)  # type: ignore[union-attr]
            out.add(f"{p}_item_{x.number}", amounts.get(x.number, ZERO), (x.citation,), account,
                    caption=f"{x.number}. {x.caption}", indent=1,
                    inputs={"rows": [f"line {r.line}: {r.description or '(no description)'}: {r.amount}" for r in rows]})  # fmt: skip

    item_lines("credit")
    total_credits = "reserve_total_credits" if account == "customer" else "pab_total_credits"
    out.add(total_credits, f.credits, (f"{EXHIBIT}, Items 1-9",), account)
    item_lines("debit")
    last = max(x.number for x in items)
    if account == "customer":
        out.add("reserve_aggregate_debits", f.aggregate_debits, (f"{EXHIBIT}, Items 10-{last}",), account,
                caption="Aggregate debit items")  # fmt: skip
        r = f.reduction
        assert r.rule is not None
        base = "Item 10 debit balances" if r.base == "item_10" else "aggregate debit items"
        method = (
            "basic method"
            if firm.method == "basic"
            else (
                "alternative method, computed daily"
                if r.rule.name == "reserve_debit_reduction_daily"
                else "alternative method"
            )
        )
        out.add("reserve_debit_reduction", r.amount, (r.rule.citation,), account, indent=1,
                caption=f"Less {r.percent.normalize():f}% of {base} (Note E(3); {method})",
                rule_values=_rv(r.rule), inputs={"base": r.base, "frequency": firm.reserve_frequency})  # fmt: skip
        out.add("reserve_total_debits", f.total_debits, (f"{EXHIBIT}, Note E",), account)
    else:
        out.add("pab_total_debits", f.total_debits, (f"{EXHIBIT}, Items 10-{last}", pab_cite or ""), account,
                inputs={"notes_not_applied": list(exhibit_a.pab_rules().notes_not_applied)})  # fmt: skip
    if f.excess >= 0:
        out.add(f"{p}_excess", f.excess, (f"{EXHIBIT}, Item 16" if account == "customer" else EXHIBIT,), account)
    else:
        out.add(f"{p}_excess_debits", -f.excess, (EXHIBIT,), account)
    required_key = "reserve_required" if account == "customer" else "pab_reserve_required"
    if f.monthly_rule is not None:
        out.add(required_key, f.required, (f.monthly_rule.citation,), account, rule_values=_rv(f.monthly_rule),
                caption=f"{concept(required_key).caption} ({f.monthly_rule.value * 100:.0f}% of the excess: "
                "computed monthly)")  # fmt: skip
    else:
        out.add(required_key, f.required, (f"{RULE}(e)(1)", f"{RULE}(e)(2)"), account)
    return f


def _deposits(books: Books, customer: Formula | None, pab: Formula | None, out: _Out) -> dict[str, Decimal | None]:
    """Deposits against requirements: the deficiency of each account ((e)(1); (e)(4) for PAB)."""
    firm = books.firm
    facts: dict[str, Decimal | None] = {"reserve_deposit": firm.reserve_account_balance, "reserve_deficiency": None,
                                        "pab_deposit": firm.pab_account_balance, "pab_deficiency": None}  # fmt: skip
    if customer is not None and firm.reserve_account_balance is not None:
        deficiency = max(customer.required - firm.reserve_account_balance, ZERO)
        out.add("reserve_deposit", firm.reserve_account_balance, (f"{RULE}(e)(1)",), "customer",
                inputs={"from": "firm.yaml reserve_account_balance"})  # fmt: skip
        out.add("reserve_deficiency", deficiency, (f"{RULE}(e)(1)", f"{RULE}(e)(3)", f"{RULE}(i)"), "customer")
        facts["reserve_deficiency"] = deficiency
    if pab is not None and firm.pab_account_balance is not None:
        customer_excess_debits = max(-customer.excess, ZERO) if customer is not None else ZERO
        applied = min(customer_excess_debits, max(pab.required - firm.pab_account_balance, ZERO))
        out.add("pab_deposit", firm.pab_account_balance, (f"{RULE}(e)(1)",), "pab",
                inputs={"from": "firm.yaml pab_account_balance"})  # fmt: skip
        if applied:
            out.add("pab_customer_excess_debits_applied", applied, (f"{RULE}(e)(4)",), "pab")
        deficiency = max(pab.required - firm.pab_account_balance - applied, ZERO)
        out.add("pab_deficiency", deficiency, (f"{RULE}(e)(1)", f"{RULE}(e)(4)", f"{RULE}(i)"), "pab")
        facts["pab_deficiency"] = deficiency
    return facts


def _daily(books: Books, view: RuleView, out: _Out) -> tuple[bool | None, list[str]]:
    """Is daily computation required on this date? (None: in force, but average total credits not given)."""
    firm, warnings = books.firm, []
    threshold = view.get("reserve_daily_threshold")
    if threshold is None:
        history = rules.bundled().history("reserve_daily_threshold")
        since = history[0].effective.isoformat() if history else "a later date"
        out.add("daily_computation_threshold", None, (history[0].citation if history else RULE,), "frequency",
                inputs={"in_force_from": since, "required": False})  # fmt: skip
        return False, warnings
    assert isinstance(threshold.value, Decimal)
    out.add("daily_computation_threshold", threshold.value, (threshold.citation,), "frequency",
            rule_values=_rv(threshold))  # fmt: skip
    average = firm.average_total_credits
    out.add("average_total_credits", average, (threshold.citation,), "frequency",
            inputs={"from": "firm.yaml average_total_credits"})  # fmt: skip
    if average is None:
        warnings.append("daily computation: give average_total_credits in firm.yaml (the mean of customer and PAB "
                        f"total credits over the 12 most recent month-end computations) to tell whether the reserve "
                        f"formulas must be computed daily (at or above {threshold.value:,.0f})")  # fmt: skip
        return None, warnings
    required = average >= threshold.value
    if required and firm.reserve_frequency != "daily":
        warnings.append(f"average total credits {average:,} are at or above {threshold.value:,.0f}: the reserve "
                        f"formulas must be computed daily ({threshold.citation}), but reserve_frequency is "
                        f"{firm.reserve_frequency}")  # fmt: skip
    return required, warnings


def compute_reserve(books: Books, as_of: dt.date | None = None) -> ReserveComputation:
    """The customer and PAB reserve computations of a books folder with reserve.csv, by the rules in force on
    ``as_of`` (default: firm.yaml's as_of). Raises BooksError for an item the rule then in force does not define."""
    if books.reserve is None:
        raise BooksError(f"{books.path}/reserve.csv", "missing: the reserve computation needs reserve.csv "
                         "(columns account, item, amount, description; see docs/books.md)")  # fmt: skip
    firm = books.firm
    when = as_of or firm.as_of
    check_items(books, when)
    view = rules.at(when)
    out = _Out()
    customer = _account(books, "customer", when, view, out) if books.reserve.has("customer") else None
    pab = _account(books, "pab", when, view, out) if books.reserve.has("pab") else None
    deposits = _deposits(books, customer, pab, out)
    daily, warnings = _daily(books, view, out)
    for key, short in (("reserve", deposits["reserve_deficiency"]), ("PAB", deposits["pab_deficiency"])):
        if short:
            warnings.append(f"the {key} bank account is short by {short:,}: deposit it by the deadline of "
                            f"{RULE}(e)(3) and give notice under {RULE}(i)")  # fmt: skip
    facts: dict[str, object] = {
        "reserve_total_credits": customer.credits if customer else None,
        "reserve_debit_reduction": customer.reduction.amount if customer else None,
        "reserve_total_debits": customer.total_debits if customer else None,
        "reserve_required": customer.required if customer else None,
        "reserve_deposit": deposits["reserve_deposit"],
        "reserve_deficiency": deposits["reserve_deficiency"],
        "pab_total_credits": pab.credits if pab else None,
        "pab_total_debits": pab.total_debits if pab else None,
        "pab_reserve_required": pab.required if pab else None,
        "pab_deposit": deposits["pab_deposit"],
        "pab_deficiency": deposits["pab_deficiency"],
        "aggregate_debit_items": customer.aggregate_debits if customer else None,
        "daily_computation_required": daily,
    }
    return ReserveComputation(firm.name, when.isoformat(), firm.method, firm.reserve_frequency, tuple(out.lines),
                              facts, tuple(warnings))  # fmt: skip
