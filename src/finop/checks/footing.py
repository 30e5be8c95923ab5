"""Every total of every statement equals the sum of the lines it totals."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from finop.checks.registry import check, money, refs, tolerance
from finop.model.filing import Filing, LineItem, Statement, StatementKind
from finop.model.findings import Finding, Severity

K = StatementKind


def foot_statement(st: Statement, code: str) -> Iterator[Finding]:
    """Check each total against its components, column by column."""
    ids = {i.id: i for i in st.items}
    for total in st.items:
        if not total.components:
            continue
        parts: list[LineItem] = [ids[c] for c in total.components if c in ids]
        for col in range(len(st.columns)):
            actual = total.value(col)
            values = [p.value(col) for p in parts]
            if actual is None or all(v is None for v in values):
                continue
            expected = sum((v for v in values if v is not None), Decimal(0))
            if abs(actual - expected) > tolerance(len(parts), st.scale):
                colname = f" ({st.columns[col]})" if len(st.columns) > 1 else ""
                listing = " + ".join(f"{p.label} {money(p.value(col))}" for p in parts if p.value(col) is not None)
                yield Finding(
                    code=code,
                    severity=Severity.ERROR,
                    message=(
                        f"{st.kind.label}: '{total.label}'{colname} is {money(actual)} but its lines add to "
                        f"{money(expected)} ({listing})"
                    ),
                    expected=expected,
                    actual=actual,
                    sources=refs(total.source(col), *(p.source(col) for p in parts if p.value(col) is not None)),
                    statement=st.kind.value,
                    concept=total.concept,
                )


@check("TIE-FOOT", "every subtotal and total equals the sum of its lines")
def check_footing(filing: Filing) -> Iterator[Finding]:
    for kind, st in filing.statements.items():
        if kind is K.RECONCILIATION:
            continue  # footed by TIE-REC, which also ties it to net capital
        yield from foot_statement(st, f"TIE-{kind.prefix}-FOOT")


@check("TIE-EQ-CROSSFOOT", "each row of the changes-in-equity matrix adds across to its total column")
def check_crossfoot(filing: Filing) -> Iterator[Finding]:
    for kind in (K.CHANGES_IN_EQUITY, K.CHANGES_IN_SUBORDINATED):
        st = filing.statement(kind)
        if st is None or len(st.columns) < 3:
            continue
        total_col = st.primary_column
        others = [c for c in range(len(st.columns)) if c != total_col]
        for item in st.items:
            total = item.value(total_col)
            parts = [item.value(c) for c in others]
            if total is None or all(p is None for p in parts):
                continue
            expected = sum((p for p in parts if p is not None), Decimal(0))
            if abs(total - expected) > tolerance(len(others), st.scale):
                yield Finding(
                    code=f"TIE-{kind.prefix}-CROSSFOOT",
                    severity=Severity.ERROR,
                    message=(
                        f"{kind.label}: row '{item.caption}' has {money(total)} in '{st.columns[total_col]}' "
                        f"but its columns add to {money(expected)}"
                    ),
                    expected=expected,
                    actual=total,
                    sources=refs(item.source(total_col), *(item.source(c) for c in others)),
                    statement=kind.value,
                    concept=item.concept,
                )
