"""Every total of every statement equals the sum of the lines it totals."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from finop.checks.registry import check, money, refs, tolerance
from finop.model.filing import Filing, LineItem, Statement, StatementKind
from finop.model.findings import Finding, Severity
from finop.model.source import SourceRef

K = StatementKind


def foot_statement(st: Statement, code: str) -> Iterator[Finding]:
    """Each total that does not equal the sum of its components (``Statement.footings``), column by column."""
    for f in st.footings():
        if f.holds:
            continue
        col = f.column
        colname = f" ({st.columns[col]})" if len(st.columns) > 1 else ""
        listing = " + ".join(f"{p.label} {money(p.value(col))}" for p in f.parts if p.value(col) is not None)
        unread = [p for p in f.parts if p.value(col) is None and _ocr_row_with_amounts(st, p)]
        if unread:
            # an OCR'd line with amounts in other columns and none in this one: its amount here was not read
            # (folded into the caption, "Balance, March 30, 2013 $21,389 ..."; garbled, so that the columns of
            # the line's other amounts are not known), so the tie is not claimed
            yield Finding(
                code="INCOMPLETE-AMBIGUOUS",
                severity=Severity.WARNING,
                message=(
                    f"{st.kind.label}: '{f.total.label}'{colname} does not foot as read, but '{unread[0].label}' has no "
                    "amount read in this column though OCR saw amounts on its line, so finop claims neither that "
                    "it ties nor that it does not"
                ),
                sources=refs(f.total.source(col), *(_any_source(st, p) for p in unread)),
                statement=st.kind.value,
                concept=f.total.concept,
            )
        yield Finding(
            code=code,
            severity=Severity.WARNING if unread else Severity.ERROR,
            message=(
                f"{st.kind.label}: '{f.total.label}'{colname} is {money(f.actual)} but its lines add to "
                f"{money(f.expected)} ({listing})"
                + (
                    " (not claimed: a line's amount in this column was not read; see INCOMPLETE-AMBIGUOUS)"
                    if unread
                    else ""
                )
            ),
            expected=f.expected,
            actual=f.actual,
            sources=refs(f.total.source(col), *(p.source(col) for p in f.parts if p.value(col) is not None)),
            statement=st.kind.value,
            concept=f.total.concept,
        )


def unjudged_totals(st: Statement) -> Iterator[Finding]:
    """A total read whose lines OCR saw but read none of in its column: no footing is judged there (Statement.footings
    needs one line's amount), so the total is not claimed to tie; the note names it, and repair reads the lines
    again (a roll-forward whose opening balance and net income are garbled: "1 el Ac I", "S75")."""
    ids = {i.id: i for i in st.items}
    for total in st.items:
        parts = [ids[c] for c in total.components if c in ids]
        for col in range(len(st.columns)):
            if not parts or total.value(col) is None or any(p.value(col) is not None for p in parts):
                continue
            unread = [p for p in parts if _ocr_row_with_amounts(st, p)]
            if not unread:
                continue
            colname = f" ({st.columns[col]})" if len(st.columns) > 1 else ""
            yield Finding(
                code="INCOMPLETE-AMBIGUOUS",
                severity=Severity.WARNING,
                message=(
                    f"{st.kind.label}: '{total.label}'{colname} does not foot as read, but '{unread[0].label}' has no "
                    "amount read in this column though OCR saw amounts on its line (nor has any other of its lines), "
                    "so finop claims neither that it ties nor that it does not"
                ),
                sources=refs(total.source(col), *(_any_source(st, p) for p in unread)),
                statement=st.kind.value,
                concept=total.concept,
            )


def _any_source(st: Statement, item: LineItem) -> SourceRef | None:
    return next((s for s in (item.source(c) for c in range(len(st.columns))) if s is not None), None)


def _ocr_row_with_amounts(st: Statement, item: LineItem) -> bool:
    """A line OCR read (not a text layer's exact one) that has an amount in some column, or amounts OCR saw but
    could not read or place in their columns (a place on the page, no value)."""
    source = _any_source(st, item)
    return source is not None and source.confidence < 1.0


def check_footing(filing: Filing) -> Iterator[Finding]:
    for kind, st in filing.statements.items():
        if kind is K.RECONCILIATION:
            continue  # footed by TIE-REC, which also ties it to net capital
        yield from foot_statement(st, f"TIE-{kind.prefix}-FOOT")
        yield from unjudged_totals(st)


check("TIE-FOOT", "every subtotal and total equals the sum of its lines")(check_footing)


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


check("TIE-EQ-CROSSFOOT", "each row of the changes-in-equity matrix adds across to its total column")(check_crossfoot)
