"""The Rule 15c3-3 reserve computation (Exhibit A): arithmetic and the deposit it requires."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from finop.checks.registry import check, money, refs, tolerance
from finop.model.filing import Filing, Statement, StatementKind
from finop.model.findings import Finding, Severity

K = StatementKind


@check("TIE-RES", "the reserve formula: excess = credits − debits; the reserve account covers it", needs=(K.RESERVE,))
def check_reserve(filing: Filing, st: Statement) -> Iterator[Finding]:
    col = st.primary_column
    credits, debits, excess = (st.find(c) for c in ("reserve_total_credits", "reserve_total_debits", "reserve_excess"))
    if credits and debits and excess:
        c, d, e = credits.value(col), debits.value(col), excess.value(col)
        if c is not None and d is not None and e is not None and abs((c - d) - e) > tolerance(2, st.scale):
            yield Finding(
                code="TIE-RES-EXCESS",
                severity=Severity.ERROR,
                message=f"'{excess.label}' is {money(e)} but total credits {money(c)} less total debits {money(d)} is {money(c - d)}",
                expected=c - d,
                actual=e,
                sources=refs(excess.source(col), credits.source(col), debits.source(col)),
                citations=("17 CFR 240.15c3-3a",),
            )
    required = excess.value(col) if excess else None
    account = st.find("reserve_new_balance") or st.find("reserve_deposit_held")
    if required is not None and account is not None and account.value(col) is not None:
        held = account.value(col)
        assert held is not None
        if held + tolerance(1, st.scale) < max(required, Decimal(0)):
            yield Finding(
                code="RULE-RES-DEPOSIT",
                severity=Severity.ERROR,
                message=f"the Reserve Bank Account holds {money(held)}, less than the required {money(required)}",
                expected=required,
                actual=held,
                sources=refs(account.source(col), excess.source(col) if excess else None),
                citations=("17 CFR 240.15c3-3(e)(1)",),
            )
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
