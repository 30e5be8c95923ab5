"""The supplemental schedules: the computation of net capital and its requirement, and the (d)(4)
reconciliation with the FOCUS report as filed."""

from __future__ import annotations

from decimal import Decimal

from finop.books import Books
from finop.model.computation import CompLine, Computation
from finop.model.filing import LineItem, Role, Statement, StatementKind
from finop.model.produced import Difference
from finop.model.reserve import ReserveComputation, item_number
from finop.money import format_amount
from finop.produce.captions import caption_of
from finop.produce.statements import ZERO, _Rows, owners

K = StatementKind
HAIRCUT_KEYS = (
    "contractual_commitments",
    "subordinated_securities_borrowings",
    "haircuts_exempted",
    "haircuts_debt",
    "haircuts_options",
    "haircuts_other_securities",
    "undue_concentration",
    "other_haircuts",
)
HAIRCUT_CAPTIONS = {
    "contractual_commitments": "Contractual securities commitments",
    "subordinated_securities_borrowings": "Subordinated securities borrowings",
    "haircuts_exempted": "Exempted securities",
    "haircuts_debt": "Debt securities",
    "haircuts_options": "Options",
    "haircuts_other_securities": "Other securities",
    "undue_concentration": "Undue concentration",
    "other_haircuts": "Other",
}


def _amount(comp: Computation, key: str) -> Decimal:
    try:
        return comp.line(key).amount or ZERO
    except KeyError:
        return ZERO


def net_capital_schedule(books: Books, comp: Computation) -> Statement:
    """The computation of net capital under Rule 15c3-1 and of the requirement, as the annual report
    prints it: the lines that carry an amount, every total, deductions shown as positive amounts."""
    title = owners(books)[1]
    rows = _Rows()
    a = lambda key: _amount(comp, key)  # noqa: E731
    equity = rows.add(f"Total {title.lower()}", a("total_ownership_equity"), concept="total_ownership_equity")
    capital_parts = [equity]
    if a("equity_not_allowable"):
        capital_parts.append(
            rows.add("Less ownership equity not allowable for net capital", -a("equity_not_allowable"))
        )
    if a("allowable_subordinated_liabilities"):
        capital_parts.append(
            rows.add(
                "Add liabilities subordinated to claims of general creditors allowable in computation of net capital",
                a("allowable_subordinated_liabilities"),
                concept="allowable_subordinated_liabilities",
            )
        )
    if a("other_allowable_credits"):
        capital_parts.append(rows.add("Other allowable credits", a("other_allowable_credits")))
    rows.add(
        "Total capital and allowable subordinated liabilities",
        a("total_capital"),
        role=Role.TOTAL,
        concept="total_capital",
        components=capital_parts,
    )
    rows.add("Deductions and/or charges:", role=Role.HEADER, section="deductions")
    nonallowable = [rows.add(cap, amount, section="deductions") for cap, amount in _nonallowable_by_caption(books)]
    rows.add(
        "Total nonallowable assets",
        a("nonallowable_assets"),
        role=Role.TOTAL,
        section="deductions",
        concept="nonallowable_assets",
        components=nonallowable,
    )
    for key, caption in (
        ("secured_demand_note_deficiency", "Secured demand note deficiency"),
        ("commodity_charges", "Commodity futures contracts and spot commodities, proprietary capital charges"),
        ("other_deductions", "Other deductions and/or charges"),
    ):
        if a(key):
            rows.add(caption, a(key), section="deductions")
    if a("other_additions"):
        rows.add("Other additions and/or allowable credits", a("other_additions"))
    rows.add(
        "Net capital before haircuts on securities positions",
        a("net_capital_before_haircuts"),
        role=Role.TOTAL,
        concept="net_capital_before_haircuts",
    )  # a difference (capital less deductions): no components, the net capital checks test it
    rows.add("Haircuts on securities positions (Rule 15c3-1(f)):", role=Role.HEADER, section="haircuts")
    haircuts = [rows.add(HAIRCUT_CAPTIONS[k], a(k), section="haircuts") for k in HAIRCUT_KEYS if a(k)]
    rows.add(
        "Total haircuts", a("haircuts"), role=Role.TOTAL, section="haircuts", concept="haircuts", components=haircuts
    )
    rows.add("Net capital", a("net_capital"), role=Role.TOTAL, concept="net_capital")
    _requirement(books, comp, rows)
    return Statement(
        K.NET_CAPITAL, "Computation of Net Capital Pursuant to Rule 15c3-1", tuple(rows.items), as_of=books.firm.as_of
    )


def _requirement(books: Books, comp: Computation, rows: _Rows) -> None:
    a = lambda key: _amount(comp, key)  # noqa: E731
    method = "basic" if books.firm.method == "basic" else "alternative"
    rows.add(f"Computation of {method} net capital requirement:", role=Role.HEADER, section="requirement")
    rows.add(
        comp.line("minimum_ratio_requirement").caption,
        a("minimum_ratio_requirement"),
        section="requirement",
        concept="minimum_ratio_requirement",
    )
    rows.add(
        "Minimum dollar net capital requirement",
        a("minimum_dollar_requirement"),
        section="requirement",
        concept="minimum_dollar_requirement",
    )
    rows.add(
        "Net capital requirement (the greater of the two lines above)",
        a("minimum_net_capital"),
        section="requirement",
        concept="minimum_net_capital",
    )
    rows.add(
        "Excess net capital",
        a("excess_net_capital"),
        role=Role.TOTAL,
        section="requirement",
        concept="excess_net_capital",
    )
    if books.firm.method == "basic":
        rows.add("Computation of aggregate indebtedness:", role=Role.HEADER, section="ai")
        rows.add(
            "Total aggregate indebtedness",
            a("aggregate_indebtedness"),
            role=Role.TOTAL,
            section="ai",
            concept="aggregate_indebtedness",
        )
        pct = comp.facts.get("ai_ratio_percent")
        if pct is not None:
            rows.add(f"Percentage of aggregate indebtedness to net capital: {pct}%", None, section="ai")


def _nonallowable_by_caption(books: Books) -> list[tuple[str, Decimal]]:
    out: dict[str, Decimal] = {}
    for acc in books.trial_balance.accounts:
        if acc.kind == "asset" and acc.column == "nonallowable":
            cap = caption_of(acc.line, acc.caption)
            out[cap] = out.get(cap, ZERO) + acc.amount
    return [(c, v) for c, v in out.items() if v]


def reconcile(focus_filed: dict[str, Decimal] | None, lines: dict[str, tuple[str, Decimal]]) -> list[Difference] | None:
    """The (d)(4) reconciliation: each filed box against the audited figure (None: no FOCUS figures given)."""
    if focus_filed is None:
        return None
    out = []
    for box, filed in sorted(focus_filed.items()):
        caption, audited = lines.get(box, (f"box {box}", ZERO))
        if audited != filed:
            out.append(Difference(box, caption, filed, audited))
    return out


# how a difference in a FOCUS box moves net capital: +1 adds, -1 deducts
NET_CAPITAL_EFFECT = {
    "3480": (1, "ownership equity"),
    "3490": (-1, "ownership equity not allowable"),
    "3520": (1, "allowable subordinated liabilities"),
    "3525": (1, "other allowable credits"),
    "3540": (-1, "nonallowable assets"),
    "3590": (-1, "secured demand note deficiency"),
    "3600": (-1, "commodity charges"),
    "3610": (-1, "other deductions"),
    "3630": (1, "other additions"),
    "3740": (-1, "haircuts on securities positions"),
}
EQUITY_BOXES = ("3480", "1800")  # total ownership equity, on the computation or the balance sheet


def net_capital_adjustments(differences: list[Difference]) -> list[tuple[str, Decimal]]:
    """Each difference that moves net capital, with its effect (a deduction that grew lowers it)."""
    out = []
    by_box = {d.box: d for d in differences}
    equity = next((by_box[b] for b in EQUITY_BOXES if b in by_box), None)
    if equity is not None:
        word = "Increase" if equity.difference > 0 else "Decrease"
        out.append((f"{word} in ownership equity from audit adjustments", equity.difference))
    for box, (sign, what) in NET_CAPITAL_EFFECT.items():
        d = by_box.get(box)
        if d is None or box == "3480":
            continue
        word = "Increase" if d.difference > 0 else "Decrease"
        out.append((f"{word} in {what}", sign * d.difference))
    return out


def reconciliation_statement(
    differences: list[Difference], books: Books, focus_filed: dict[str, Decimal]
) -> Statement | None:
    """The (d)(4) reconciliation of net capital as the unaudited FOCUS report gave it to the audited
    computation, one adjustment per difference that moves it (None: the FOCUS figures give no net capital)."""
    filed = focus_filed.get("3750")
    audited = next((d.audited for d in differences if d.box == "3750"), filed)
    if filed is None or audited is None:
        return None
    rows = _Rows()
    first = rows.add(
        "Net capital, as reported in the Company's Part IIA (unaudited) FOCUS report",
        filed,
        concept="reconciliation_filed_net_capital",
    )
    parts = [first]
    adjustments = net_capital_adjustments(differences)
    if adjustments:
        rows.add("Audit adjustments:", role=Role.HEADER)
    explained = ZERO
    for label, effect in adjustments:
        parts.append(rows.add(label, effect))
        explained += effect
    if filed + explained != audited:
        parts.append(rows.add("Other differences", audited - filed - explained))
    rows.add("Net capital per the computation above", audited, role=Role.TOTAL, concept="net_capital", components=parts)
    return Statement(
        K.RECONCILIATION,
        "Reconciliation of Net Capital Pursuant to Rule 17a-5(d)(4)",
        tuple(rows.items),
        as_of=books.firm.as_of,
    )


def other_differences(differences: list[Difference]) -> list[str]:
    """The differences that do not move net capital, in words (they are listed under the reconciliation)."""
    moving = {"3750", *NET_CAPITAL_EFFECT, *EQUITY_BOXES}
    return [
        f"{d.caption} (box {d.box}): {format_amount(d.filed)} as filed, {format_amount(d.audited)} as audited"
        for d in differences
        if d.box not in moving
    ]


__all__ = [
    "Difference",
    "LineItem",
    "net_capital_schedule",
    "other_differences",
    "reconcile",
    "reconciliation_statement",
]


RESERVE_TITLES = {
    "customer": (K.RESERVE, "Computation for Determination of Reserve Requirements Pursuant to Rule 15c3-3"),
    "pab": (K.PAB_RESERVE, "Computation for Determination of PAB Reserve Requirements Pursuant to Rule 15c3-3"),
}


def _item_caption(line: CompLine) -> str:
    """An Exhibit A item as printed: its caption without the item number ("1. Free credit balances ...")."""
    number, _, words = line.caption.partition(". ")
    return words if number.isdigit() else line.caption


def reserve_schedule(books: Books, res: ReserveComputation, account: str) -> Statement | None:
    """The customer or PAB reserve computation as the annual report prints it (Exhibit A order): the items that
    carry an amount, total credits, total debits (after the Note E(3) reduction for customers), the excess and
    the deposit. None when the books have no computation for that account."""
    lines = res.section(account)
    if not lines:
        return None
    kind, title = RESERVE_TITLES[account]
    p = "reserve" if account == "customer" else "pab"
    by_key = {x.key: x for x in lines}
    rows = _Rows()
    rows.add("Credit balances:", role=Role.HEADER, section="credits")
    items = [(n, x) for x in lines if (n := item_number(x)) is not None and x.amount]
    credits = [rows.add(_item_caption(x), x.amount, section="credits") for n, x in items if n <= 9]
    rows.add("Total credits", by_key[f"{p}_total_credits"].amount, role=Role.TOTAL, section="credits",
             concept=f"{p}_total_credits", components=credits)  # fmt: skip
    rows.add("Debit balances:", role=Role.HEADER, section="debits")
    debits = [rows.add(_item_caption(x), x.amount, section="debits") for n, x in items if n >= 10]
    if account == "customer":
        adi = rows.add("Aggregate debit items", by_key["reserve_aggregate_debits"].amount, role=Role.TOTAL,
                       section="debits", concept="reserve_aggregate_debits", components=debits)  # fmt: skip
        reduction = by_key["reserve_debit_reduction"]
        red = rows.add(reduction.caption, -(reduction.amount or ZERO), section="debits",
                       concept="reserve_debit_reduction")  # fmt: skip
        debit_parts = [adi, red]
    else:
        debit_parts = debits
    rows.add("Total debits", by_key[f"{p}_total_debits"].amount, role=Role.TOTAL, section="debits",
             concept=f"{p}_total_debits", components=debit_parts)  # fmt: skip
    if f"{p}_excess" in by_key:
        rows.add("Excess of total credits over total debits", by_key[f"{p}_excess"].amount, section="result",
                 concept=f"{p}_excess")  # fmt: skip
    else:
        rows.add("Excess of total debits over total credits", -(by_key[f"{p}_excess_debits"].amount or ZERO),
                 section="result", concept=f"{p}_excess")  # fmt: skip
    required = by_key[f"{p}_reserve_required" if account == "pab" else "reserve_required"]
    if res.frequency == "monthly" and account == "customer":
        rows.add(required.caption, required.amount, section="result")
    applied = by_key.get("pab_customer_excess_debits_applied")
    if applied is not None:
        rows.add("Excess debits of the customer computation applied under Rule 15c3-3(e)(4)", applied.amount,
                 section="result")  # fmt: skip
    deposit = by_key.get(f"{p}_deposit")
    if deposit is not None:
        bank = "Reserve Bank Account" if account == "customer" else "PAB Reserve Bank Account"
        rows.add(f"Amount held on deposit in the {bank}", deposit.amount, section="result",
                 concept=f"{p}_deposit_held")  # fmt: skip
    return Statement(kind, title, tuple(rows.items), as_of=books.firm.as_of)
