"""The Rule 15c3-3 reserve computations (Exhibit A), customer and PAB: arithmetic, the Note E(3) reduction by
the rules in force, the deposit they require, and the exemption a report claims against what it shows."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from finop import rules
from finop.checks.registry import check, money, period_end, refs, tolerance
from finop.engine import requirement as req
from finop.engine.reserve import debit_reduction
from finop.model.concepts import reserve_account_captions
from finop.model.filing import Filing, Role, Statement, StatementKind
from finop.model.findings import Finding, Severity
from finop.model.text import norm

K = StatementKind
ZERO = Decimal(0)


def _excess(st: Statement, prefix: str, code: str, cite: str) -> Iterator[Finding]:
    col = st.primary_column
    credits, debits, excess = (st.find(f"{prefix}_{c}") for c in ("total_credits", "total_debits", "excess"))
    if credits and debits and excess:
        c, d, e = credits.value(col), debits.value(col), excess.value(col)
        if c is not None and d is not None and e is not None and abs((c - d) - e) > tolerance(2, st.scale):
            yield Finding(
                code=code,
                severity=Severity.ERROR,
                message=f"'{excess.label}' is {money(e)} but total credits {money(c)} less total debits {money(d)} is {money(c - d)}",
                expected=c - d,
                actual=e,
                sources=refs(excess.source(col), credits.source(col), debits.source(col)),
                citations=(cite,),
            )


def _deposit(
    st: Statement, prefix: str, code: str, account: str, cite: str, cover: Decimal = ZERO
) -> Iterator[Finding]:
    """The account (after the deposit) holds the excess of credits over debits, less ``cover``: the customer
    computation's excess debits of the same date, which may meet a PAB requirement (15c3-3(e)(4))."""
    col = st.primary_column
    excess = st.find(f"{prefix}_excess")
    required = excess.value(col) if excess else None
    held_item = st.find(f"{prefix}_new_balance") or st.find(f"{prefix}_deposit_held")
    if required is None or held_item is None or held_item.value(col) is None:
        return
    held = held_item.value(col)
    assert held is not None and excess is not None
    if held + cover + tolerance(1, st.scale) < max(required, ZERO):
        covered = (
            f" and the customer computation's excess debits of {money(cover)} (Rule 15c3-3(e)(4))" if cover else ""
        )
        yield Finding(
            code=code,
            severity=Severity.ERROR,
            message=f"the {account} holds {money(held)}{covered}, less than the required {money(required)}",
            expected=required,
            actual=held,
            sources=refs(held_item.source(col), excess.source(col)),
            citations=(cite,),
        )


def check_reserve(filing: Filing, st: Statement) -> Iterator[Finding]:
    yield from _excess(st, "reserve", "TIE-RES-EXCESS", "17 CFR 240.15c3-3a")
    yield from _deposit(st, "reserve", "RULE-RES-DEPOSIT", "Reserve Bank Account", "17 CFR 240.15c3-3(e)(1)")
    col = st.primary_column
    adi = filing.statement(K.NET_CAPITAL)
    sched = adi.find("aggregate_debit_items") if adi else None
    res_adi = st.find("reserve_aggregate_debits")
    if adi and sched and res_adi and sched.value(adi.primary_column) is not None and res_adi.value(col) is not None:
        a, b = sched.value(adi.primary_column), res_adi.value(col)
        assert a is not None and b is not None
        if abs(a - b) > tolerance(1, max(st.scale, adi.scale)):
            yield Finding(
                code="TIE-RES-ADI",
                severity=Severity.ERROR,
                message=f"the net capital computation uses aggregate debit items of {money(a)} but the reserve formula shows {money(b)}",
                expected=b,
                actual=a,
                sources=refs(sched.source(adi.primary_column), res_adi.source(col)),
                citations=("17 CFR 240.15c3-1(a)(1)(ii)",),
            )


check("TIE-RES", "the reserve formula: excess = credits − debits; the reserve account covers it", needs=(K.RESERVE,))(
    check_reserve
)


def check_pab(filing: Filing, st: Statement) -> Iterator[Finding]:
    yield from _excess(st, "pab", "TIE-PAB-EXCESS", "17 CFR 240.15c3-3a, PAB Notes")
    customer = filing.statement(K.RESERVE)
    excess = customer.find("reserve_excess") if customer else None
    value = excess.value(customer.primary_column) if customer and excess else None
    cover = -value if value is not None and value < 0 else ZERO
    yield from _deposit(st, "pab", "RULE-PAB-DEPOSIT", "PAB Reserve Bank Account", "17 CFR 240.15c3-3(e)(1)", cover)


check(
    "TIE-PAB",
    "the PAB reserve formula: excess = credits − debits; the PAB reserve account covers it",
    needs=(K.PAB_RESERVE,),
)(check_pab)


def check_reduction(filing: Filing, st: Statement) -> Iterator[Finding]:
    col = st.primary_column
    reduction = st.find("reserve_debit_reduction")
    if reduction is None or reduction.value(col) is None:
        return
    printed = abs(reduction.value(col))  # type: ignore[arg-type]
    debit_items = [i.value(col) for i in st.items if i.section == "debits" and i.role is Role.ITEM
                   and i.concept != "reserve_debit_reduction" and i.value(col) is not None]  # fmt: skip
    adi_item = st.find("reserve_aggregate_debits")
    adi = adi_item.value(col) if adi_item else None
    adi = adi if adi is not None else sum(debit_items, ZERO) if debit_items else None  # type: ignore[arg-type]
    if adi is None:
        return
    view = rules.at(period_end(filing))
    basic = view.get("reserve_debit_reduction_basic")
    if basic is None or view.get("reserve_debit_reduction_alternative") is None:
        return  # a date before the rule: nothing to test against
    item_10 = debit_items[0] if debit_items else adi
    debits = {10: item_10, 11: adi - item_10}  # Item 10 (the first debit) and the rest
    # the engine's Note E(3) reduction for each method and frequency, and 1% of all the debits, as some print it
    candidates = [debit_reduction(m, f, view, debits).amount for m, f in
                  (("basic", "weekly"), ("alternative", "weekly"), ("alternative", "daily"))]  # fmt: skip
    candidates.append(req.percent_of(adi, basic))
    tol = tolerance(2, st.scale)
    if any(abs(printed - c) <= tol for c in candidates):
        return
    rates = [view.get(n) for n in ("reserve_debit_reduction_basic", "reserve_debit_reduction_alternative",
                                   "reserve_debit_reduction_daily")]  # fmt: skip
    words = ", ".join(f"{r.value * 100:.0f}%" for r in rates if r is not None)  # type: ignore[operator]
    yield Finding(
        code="RULE-RES-REDUCTION",
        severity=Severity.WARNING,
        message=f"'{reduction.label}' is {money(printed)}, which is none of the reductions the rules in force allow "
        f"({words} of aggregate debit items {money(adi)} or of Item 10)",
        actual=printed,
        sources=refs(reduction.source(col), adi_item.source(col) if adi_item else None),
        citations=("17 CFR 240.15c3-3a, Note E(3)", "17 CFR 240.15c3-1(a)(1)(ii)(A)"),
    )


check(
    "RULE-RES-REDUCTION",
    "the Note E(3) reduction of debits is one the rules in force allow (1% of Item 10; 3%, or 2% daily, of "
    "aggregate debit items on the alternative method)",
    needs=(K.RESERVE,),
)(check_reduction)


def check_deposit_to_sfc(filing: Filing, st: Statement, sfc: Statement) -> Iterator[Finding]:
    held = st.find("reserve_deposit_held")
    value = held.value(st.primary_column) if held else None
    if held is None or value is None:
        return
    lines = [i for i in sfc.items if i.role is Role.ITEM and i.section == "assets"
             and any(p.search(norm(i.label)) for p in reserve_account_captions())]  # fmt: skip
    if len(lines) != 1 or lines[0].value(sfc.primary_column) is None:
        return  # no line that is the account itself, or several: nothing to tie
    line = lines[0]
    carried = line.value(sfc.primary_column)
    assert carried is not None
    if abs(carried - value) > tolerance(1, max(st.scale, sfc.scale)):
        yield Finding(
            code="TIE-RES-SFC",
            severity=Severity.WARNING,
            message=f"the reserve computation holds {money(value)} on deposit at the period end but the statement of "
            f"financial condition carries '{line.label}' at {money(carried)} (qualified securities may be valued "
            "differently, or other segregated assets included)",
            expected=carried,
            actual=value,
            sources=refs(held.source(st.primary_column), line.source(sfc.primary_column)),
            citations=("17 CFR 240.15c3-3(e)(1)",),
        )


check(
    "TIE-RES-SFC",
    "the reserve computation's deposit at the period end equals the balance-sheet line of the reserve bank account",
    needs=(K.RESERVE, K.FINANCIAL_CONDITION),
)(check_deposit_to_sfc)


_CITE = {"(k)(1)": "17 CFR 240.15c3-3(k)(1)", "(k)(2)(ii)": "17 CFR 240.15c3-3(k)(2)(ii)",
         "footnote 74": "Release 34-70073, footnote 74"}  # fmt: skip
_CUSTOMER_LINE = re.compile(r"\b(receivables?|payables?|due)\s+(from|to)\s+customers?\b", re.I)


def check_exemption(filing: Filing) -> Iterator[Finding]:
    ex = filing.exemption
    if ex is None or not (ex.exempt or ex.paragraph == "footnote 74"):
        return
    claimed = f"under {ex.paragraph}" if ex.paragraph else "(no paragraph named)"
    res = filing.statement(K.RESERVE)
    credits = res.find("reserve_total_credits") if res else None
    if res is not None and credits is not None and (credits.value(res.primary_column) or ZERO) > 0:
        yield Finding(
            code="RULE-15C3-3-EXEMPTION",
            severity=Severity.WARNING,
            message=f"the report claims exemption from Rule 15c3-3 {claimed} but prints a reserve computation with "
            f"credits of {money(credits.value(res.primary_column))}: an exempt firm holds no customer funds",
            sources=refs(ex.source, credits.source(res.primary_column)),
            citations=("17 CFR 240.15c3-3(k)",),
        )
        return
    sfc = filing.statement(K.FINANCIAL_CONDITION)
    if sfc is None or ex.paragraph not in ("(k)(2)(ii)", "(k)(1)", "footnote 74"):
        return
    for item in sfc.items:
        v = item.value(sfc.primary_column)
        if item.role is Role.ITEM and _CUSTOMER_LINE.search(item.label) and v:
            yield Finding(
                code="RULE-15C3-3-EXEMPTION",
                severity=Severity.WARNING,
                message=f"the report claims exemption {claimed}, whose firms hold no customer accounts, but the "
                f"statement of financial condition carries '{item.label}' of {money(v)}",
                sources=refs(ex.source, item.source(sfc.primary_column)),
                citations=(
                    "17 CFR 240.15c3-3(k)(2)(ii)" if ex.paragraph == "(k)(2)(ii)" else "17 CFR 240.15c3-3(k)(1)",
                ),
            )
            return


check(
    "RULE-15C3-3-EXEMPTION",
    "an exemption from Rule 15c3-3 claimed by a report that shows customer accounts or a reserve computation",
)(check_exemption)
