"""The unit of the statements: stated ("in thousands") or inferred from the notes, applied once; the notes in it.

Statements are read in their printed unit; ``in_dollars`` turns each into dollars once the unit is
known, and its ``scale`` says what the unit was.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from finop.model.filing import NoteFigure, Role, Statement, StatementKind

K = StatementKind


def in_dollars(st: Statement, unit: int) -> Statement:
    """A statement read in its printed unit, in dollars: every amount times ``unit``, which becomes its scale."""
    if unit == 1:
        return replace(st, scale=1)
    return replace(st, items=tuple(i.scaled(unit) for i in st.items), scale=unit)


def infer_scale(statements: dict[StatementKind, Statement], notes: list[NoteFigure]) -> tuple[int, NoteFigure] | None:
    """Statements that state no unit, whose notes give net capital in dollars larger than total assets
    as printed: the statements are in thousands or millions (the smallest unit that makes room for it)."""
    sfc = statements.get(K.FINANCIAL_CONDITION)
    nc = next((n for n in notes if n.concept == "note_net_capital" and n.explicit_unit), None)
    if sfc is None or sfc.scale != 1 or nc is None:
        return None
    assets = sfc.amount("total_assets")
    if assets is None or assets <= 0 or nc.value <= assets:
        return None
    for factor in (1000, 1_000_000):
        if assets * factor >= nc.value:
            return factor, nc
    return None


def unit_of(st: Statement, sfc: Statement | None, inferred: int) -> int:
    """The unit a statement's amounts are in: the one it states; else, for a computation of net capital that
    starts from the balance sheet's equity with the same printed figure, the balance sheet's unit (its own
    arithmetic says so: "Stockholder's equity $2,274" under a balance sheet in millions showing 2,274);
    else the unit inferred from the notes."""
    if st.scale != 1:
        return st.scale
    if st.kind is K.NET_CAPITAL and sfc is not None and sfc.scale != 1:
        equity = st.amount("total_ownership_equity")
        if equity is not None and equity != 0 and equity == _equity(sfc):
            return sfc.scale
    return inferred


def _equity(sfc: Statement) -> Decimal | None:
    """The balance sheet's equity as printed: its total, or its one equity line."""
    total = sfc.amount("total_equity")
    if total is not None:
        return total
    lines = [i for i in sfc.items if i.section == "equity" and i.role is Role.ITEM]
    return lines[0].value(sfc.primary_column) if len(lines) == 1 else None


def scale_notes(notes: list[NoteFigure], sfc: Statement | None) -> list[NoteFigure]:
    """Note amounts without a unit of their own are in the statements' unit when that is plausible.

    A note of a statement "in thousands" usually speaks in thousands too ("net capital
    of $1,303,444"), but some notes give whole dollars ("$9,662,000"): a figure that
    would exceed total assets once scaled is taken as printed.
    """
    if sfc is None or sfc.scale == 1:
        return notes
    assets = sfc.amount("total_assets")
    out = []
    for n in notes:
        if n.concept.startswith("note_") and n.concept != "note_ai_ratio" and not n.explicit_unit:
            scaled = n.value * sfc.scale
            if assets is None or scaled <= assets:
                n = replace(n, value=scaled)
        out.append(n)
    return out
