"""Ties within and between statements: balance, net income, equity and cash roll-forwards."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from rapidfuzz import fuzz, utils

from finop.checks.registry import check, money, refs, tolerance
from finop.model.filing import Filing, LineItem, Role, Statement, StatementKind
from finop.model.findings import Finding, Severity
from finop.model.source import SourceRef
from finop.model.text import norm

K = StatementKind


def _item(st: Statement | None, concept: str) -> LineItem | None:
    return st.find(concept) if st else None


def _val(st: Statement | None, concept: str) -> tuple[Decimal | None, SourceRef | None]:
    item = _item(st, concept)
    if st is None or item is None:
        return None, None
    return item.value(st.primary_column), item.source(st.primary_column)


def _tie(
    code: str,
    message: str,
    expected: Decimal,
    actual: Decimal,
    tol: Decimal,
    *sources: SourceRef | None,
    severity: Severity = Severity.ERROR,
    citations: tuple[str, ...] = (),
    statement: StatementKind | None = None,
    concept: str | None = None,
) -> Finding | None:
    if abs(expected - actual) <= tol:
        return None
    return Finding(
        code=code,
        severity=severity,
        message=message,
        expected=expected,
        actual=actual,
        sources=refs(*sources),
        citations=citations,
        statement=statement.value if statement else None,
        concept=concept,
    )


def _scale(*sts: Statement | None) -> int:
    return max((s.scale for s in sts if s is not None), default=1)


def check_balance(filing: Filing, sfc: Statement) -> Iterator[Finding]:
    assets, a_src = _val(sfc, "total_assets")
    tle, t_src = _val(sfc, "total_liabilities_and_equity")
    if assets is None:
        return
    if tle is not None:
        f = _tie(
            "TIE-SFC-BALANCE",
            f"total assets {money(assets)} do not equal total liabilities and equity {money(tle)}",
            assets,
            tle,
            tolerance(2, sfc.scale),
            t_src,
            a_src,
            statement=K.FINANCIAL_CONDITION,
            concept="total_liabilities_and_equity",
        )
        if f:
            yield f
        return
    col = sfc.primary_column
    parts = [
        i
        for i in sfc.items
        if i.section in ("liabilities", "subordinated", "equity")
        and i.role is not Role.HEADER
        and not any(i.id in t.components for t in sfc.items)
    ]
    if not parts:
        return
    total = sum((i.value(col) or Decimal(0) for i in parts), Decimal(0))
    f = _tie(
        "TIE-SFC-BALANCE",
        f"total assets {money(assets)} do not equal liabilities, subordinated liabilities and equity together {money(total)}",
        total,
        assets,
        tolerance(len(parts) + 1, sfc.scale),
        a_src,
        *(i.source(col) for i in parts),
        statement=K.FINANCIAL_CONDITION,
        concept="total_assets",
    )
    if f:
        yield f


check(
    "TIE-SFC-BALANCE",
    "assets equal liabilities plus subordinated liabilities plus equity",
    needs=(K.FINANCIAL_CONDITION,),
)(check_balance)


def check_income(filing: Filing, st: Statement) -> Iterator[Finding]:
    rev, r_src = _val(st, "total_revenue")
    exp, e_src = _val(st, "total_expenses")
    pre, p_src = _val(st, "pretax_income")
    tax_item = _item(st, "income_taxes")
    net, n_src = _val(st, "net_income")
    col = st.primary_column
    if rev is None:
        rev_items = [i for i in st.items if i.section == "revenue" and i.role is Role.ITEM]
        if rev_items and len(rev_items) == 1:
            rev, r_src = rev_items[0].value(col), rev_items[0].source(col)
    if rev is not None and exp is not None:
        result = rev - exp
        if pre is not None:
            f = _tie(
                "TIE-IS-PRETAX",
                f"income before taxes {money(pre)} does not equal revenue {money(rev)} less expenses {money(exp)}",
                result,
                pre,
                tolerance(2, st.scale),
                p_src,
                r_src,
                e_src,
            )
            if f:
                yield f
            result = pre
        if tax_item is not None and tax_item.value(col) is not None:
            tax = tax_item.value(col)
            assert tax is not None
            # a tax printed in parentheses is a deduction already signed ("Taxes on income (123)"); a positive one
            # is a charge, unless the caption names only a benefit; "Income taxes (benefit)" printed in
            # parentheses may be either, so the reading that ties is compared
            label = norm(tax_item.label)
            benefit_only = "benefit" in label and not re.search(r"provision|expense|charge", label)
            if tax < 0 and "benefit" in label:
                readings = [result + tax, result - tax]
            elif tax < 0 or benefit_only:
                readings = [result + tax]
            else:
                readings = [result - tax]
            result = min(readings, key=lambda r: abs(r - net)) if net is not None else readings[0]
            terms = 3
        else:
            terms = 2
        if net is not None:
            f = _tie(
                "TIE-IS-NET-INCOME",
                f"net income {money(net)} does not equal the result of the statement of income {money(result)}",
                result,
                net,
                tolerance(terms, st.scale),
                n_src,
                p_src or r_src,
                e_src if pre is None else None,
                tax_item.source(col) if tax_item else None,
            )
            if f:
                yield f


check("TIE-IS-NET-INCOME", "revenue less expenses (and taxes) equals net income", needs=(K.INCOME,))(check_income)


def check_net_income_ties(filing: Filing) -> Iterator[Finding]:
    inc = filing.statement(K.INCOME)
    net, n_src = _val(inc, "net_income")
    if net is None:
        return
    eq = filing.statement(K.CHANGES_IN_EQUITY)
    if eq is not None:
        rows = [i for i in eq.items if i.concept == "rollforward_net_income"]
        if rows:
            row = rows[-1]
            v = row.value(eq.primary_column)
            if v is not None:
                f = _tie(
                    "TIE-EQ-NET-INCOME",
                    f"net income in the statement of changes in equity {money(v)} does not equal the statement of income {money(net)}",
                    net,
                    v,
                    tolerance(1, _scale(eq, inc)),
                    row.source(eq.primary_column),
                    n_src,
                )
                if f:
                    yield f
    cf = filing.statement(K.CASH_FLOWS)
    v, c_src = _val(cf, "cf_net_income")
    if v is not None:
        f = _tie(
            "TIE-CF-NET-INCOME",
            f"net income in the statement of cash flows {money(v)} does not equal the statement of income {money(net)}",
            net,
            v,
            tolerance(1, _scale(cf, inc)),
            c_src,
            n_src,
        )
        if f:
            yield f


check(
    "TIE-EQ-NET-INCOME", "net income in the equity statement and the cash flow statement equals the income statement's"
)(check_net_income_ties)


def _component_match(column: str, items: list[LineItem]) -> LineItem | None:
    best, score = None, 0.0
    for item in items:
        s = fuzz.token_set_ratio(column, item.label, processor=utils.default_process)
        if s > score:
            best, score = item, s
    return best if score >= 85 else None


def check_equity_to_sfc(filing: Filing, eq: Statement, sfc: Statement) -> Iterator[Finding]:
    end = eq.find("rollforward_end")
    equity, e_src = _val(sfc, "total_equity")
    if end is None:
        return
    scale = _scale(eq, sfc)
    v = end.value(eq.primary_column)
    if v is not None and equity is not None:
        f = _tie(
            "TIE-EQ-SFC",
            f"ending equity in the statement of changes in equity {money(v)} does not equal total equity on the statement of financial condition {money(equity)}",
            equity,
            v,
            tolerance(1, scale),
            end.source(eq.primary_column),
            e_src,
        )
        if f:
            yield f
    if len(eq.columns) > 1:
        sfc_equity = [i for i in sfc.items if i.section == "equity" and i.role is Role.ITEM]
        for col, name in enumerate(eq.columns):
            if col == eq.primary_column or end.value(col) is None:
                continue
            match = _component_match(name, sfc_equity)
            if match is None or match.value(sfc.primary_column) is None:
                continue
            sv = match.value(sfc.primary_column)
            assert sv is not None
            f = _tie(
                "TIE-EQ-SFC-COMPONENT",
                f"'{name}' ends at {money(end.value(col))} in the statement of changes in equity but '{match.label}' is {money(sv)} on the statement of financial condition",
                sv,
                end.value(col),
                tolerance(1, scale),
                end.source(col),
                match.source(sfc.primary_column),
            )  # type: ignore[arg-type]
            if f:
                yield f


check(
    "TIE-EQ-SFC",
    "the equity statement's end balance equals the balance sheet's equity, component by component",
    needs=(
        K.CHANGES_IN_EQUITY,
        K.FINANCIAL_CONDITION,
    ),
)(check_equity_to_sfc)


def check_sub_to_sfc(filing: Filing, sub: Statement, sfc: Statement) -> Iterator[Finding]:
    end = sub.find("rollforward_end")
    sv = filing.amount("subordinated_liabilities")
    if end is None or sv is None or end.value(sub.primary_column) is None:
        return
    src = filing.facts["subordinated_liabilities"].source
    f = _tie(
        "TIE-SUB-SFC",
        f"subordinated liabilities end at {money(end.value(sub.primary_column))} in their statement of changes but are {money(sv)} on the statement of financial condition",
        sv,
        end.value(sub.primary_column),
        tolerance(1, _scale(sub, sfc)),
        end.source(sub.primary_column),
        src,
    )  # type: ignore[arg-type]
    if f:
        yield f


check(
    "TIE-SUB-SFC",
    "the subordinated liabilities statement's end balance equals the balance sheet's",
    needs=(
        K.CHANGES_IN_SUBORDINATED,
        K.FINANCIAL_CONDITION,
    ),
)(check_sub_to_sfc)


_RESTRICTED = re.compile(r"segregat|restrict|special reserve|deposit", re.I)


def check_cash_to_sfc(filing: Filing) -> Iterator[Finding]:
    cf = filing.statement(K.CASH_FLOWS)
    sfc = filing.statement(K.FINANCIAL_CONDITION)
    end, end_src = _val(cf, "cash_end")
    cash, cash_src = _val(sfc, "cash")
    if end is None or cash is None or sfc is None:
        return
    scale = _scale(cf, sfc)
    if abs(end - cash) <= tolerance(1, scale):
        return
    # since ASU 2016-18 restricted cash is part of the cash-flow total
    col = sfc.primary_column
    restricted = [
        i
        for i in sfc.items
        if i.section == "assets"
        and i.role is Role.ITEM
        and re.search(r"^cash", norm(i.label))
        and _RESTRICTED.search(i.label)
        and i.value(col) is not None
    ]
    with_restricted = cash + sum((i.value(col) for i in restricted), Decimal(0))  # type: ignore[misc]
    if restricted and abs(end - with_restricted) <= tolerance(1 + len(restricted), scale):
        return
    yield Finding(
        code="TIE-CF-SFC-CASH",
        severity=Severity.ERROR,
        message=f"cash at the end of the year in the statement of cash flows {money(end)} does not equal cash on the statement of financial condition {money(cash)}",
        expected=cash,
        actual=end,
        sources=refs(end_src, cash_src),
    )


check("TIE-CF-SFC-CASH", "cash at the end of the cash flow statement equals cash on the balance sheet")(
    check_cash_to_sfc
)


def _prior_column(sfc: Statement) -> int | None:
    """The prior-year column of a two-year balance sheet, if there is one."""
    years = [c for c in sfc.columns if c.isdigit() and len(c) == 4]
    if len(years) != len(sfc.columns) or len(years) < 2:
        return None
    current = int(sfc.columns[sfc.primary_column])
    prior = str(current - 1)
    return sfc.columns.index(prior) if prior in sfc.columns else None


def check_prior_year(filing: Filing, sfc: Statement) -> Iterator[Finding]:
    prior = _prior_column(sfc)
    if prior is None:
        return
    pairs = [
        (K.CHANGES_IN_EQUITY, "rollforward_beginning", "total_equity", "TIE-EQ-SFC-PRIOR", "beginning equity"),
        (K.CASH_FLOWS, "cash_beginning", "cash", "TIE-CF-SFC-PRIOR", "cash at the beginning of the year"),
    ]
    for kind, concept, sfc_concept, code, words in pairs:
        st = filing.statement(kind)
        item, sfc_item = _item(st, concept), sfc.find(sfc_concept)
        if st is None or item is None or sfc_item is None:
            continue
        a, b = item.value(st.primary_column), sfc_item.value(prior)
        if a is None or b is None:
            continue
        f = _tie(
            code,
            f"{words} is {money(a)} but the balance sheet's {sfc.columns[prior]} column shows {money(b)}",
            b,
            a,
            tolerance(1, _scale(st, sfc)),
            item.source(st.primary_column),
            sfc_item.source(prior),
        )
        if f:
            yield f


check(
    "TIE-PRIOR-YEAR",
    "beginning balances equal the prior-year column of the balance sheet",
    needs=(K.FINANCIAL_CONDITION,),
)(check_prior_year)
