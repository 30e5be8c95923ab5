"""What finop promises to read: the statement of financial condition with its two totals, and net capital where
the report states it. When one of them could not be read the result is incomplete, never a pass or a fail."""

from __future__ import annotations

from collections.abc import Iterator

from finop.checks.registry import check
from finop.model.filing import Filing, StatementKind
from finop.model.findings import Finding, Severity

K = StatementKind


def _missing(code: str, message: str, filing: Filing, kind: StatementKind | None = None) -> Finding:
    st = filing.statement(kind) if kind else None
    return Finding(code=code, severity=Severity.WARNING, message=message,
                   sources=(st.source,) if st is not None and st.source else (),
                   statement=kind.value if kind else None)  # fmt: skip


def check_read(filing: Filing) -> Iterator[Finding]:
    if not filing.statements:
        return  # EXTRACT-NO-STATEMENTS says so already
    sfc = filing.statement(K.FINANCIAL_CONDITION)
    if sfc is None:
        yield _missing("INCOMPLETE-SFC", "no statement of financial condition was found: finop found no page titled so "
                       "with a column of amounts, so nothing it promises about the balance sheet was checked", filing)  # fmt: skip
        return
    where = (
        f"the statement of financial condition on page {sfc.page}"
        if sfc.page
        else "the statement of financial condition"
    )
    if filing.amount("total_assets") is None:
        yield _missing("INCOMPLETE-TOTAL-ASSETS", f"{where} was found but its total assets line was not read "
                       "(no line reads as total assets, or its amount is unreadable)", filing, K.FINANCIAL_CONDITION)  # fmt: skip
    other_side = filing.amount("total_liabilities_and_equity") is not None or (
        filing.amount("total_equity") is not None and filing.amount("total_liabilities") is not None
    )
    if not other_side:
        yield _missing("INCOMPLETE-TOTAL-LIABILITIES-AND-EQUITY", f"{where} was found but neither its total "
                       "liabilities and equity nor both total liabilities and total equity were read", filing,
                       K.FINANCIAL_CONDITION)  # fmt: skip
    nc = filing.statement(K.NET_CAPITAL)
    if nc is not None and filing.amount("net_capital") is None:
        yield _missing("INCOMPLETE-NET-CAPITAL", f"the report has a computation of net capital (page {nc.page}) but "
                       "finop could not read its net capital line", filing, K.NET_CAPITAL)  # fmt: skip


check("INCOMPLETE", "the statement of financial condition, its totals and a stated net capital were read")(check_read)


# a statement finop read, and the figure it ends at: when that figure could not be read the statement's ties are
# not all judged, so the report is not passed on it
_ENDS = {K.INCOME: ("net_income", "net income (loss)"), K.CHANGES_IN_EQUITY: ("equity_end", "ending equity"),
         K.CASH_FLOWS: ("cash_end", "cash at the end of the period")}  # fmt: skip


def check_statement_ends(filing: Filing) -> Iterator[Finding]:
    for kind, (fact, words) in _ENDS.items():
        st = filing.statement(kind)
        if st is None or filing.amount(fact) is not None:
            continue
        if not any(i.value(st.primary_column) is not None for i in st.items):
            continue  # no amounts at all: EXTRACT and the parts checks speak of it
        where = f" on page {st.page}" if st.page else ""
        yield _missing("INCOMPLETE-STATEMENT-END", f"the {kind.label}{where} was read but its {words} was not "
                       "(no line reads as it, or its amount is unreadable), so its ties are not all judged", filing,
                       kind)  # fmt: skip


check("INCOMPLETE-STATEMENT-END", "each statement read has the figure it ends at read")(check_statement_ends)
