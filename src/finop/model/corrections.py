"""A reviewer's corrections of amounts finop read: applied to a Filing before the checks run, each kept
beside the reading it corrects (the reading itself is never changed where it is stored)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from finop.model.facts import build_facts
from finop.model.filing import Amount, Filing
from finop.model.findings import Finding, Severity


@dataclass(frozen=True)
class Correction:
    """One amount as a reviewer says the page prints it: statement, line item id, column, the amount."""

    statement: str  # a StatementKind value, e.g. "financial_condition"
    item: str  # the line item's id, e.g. "sfc.12"
    column: int
    value: Decimal
    reviewer: str
    note: str = ""
    when: str = ""  # ISO time the correction was made


def apply_corrections(filing: Filing, corrections: Sequence[Correction]) -> tuple[Filing, list[Finding]]:
    """The filing with each correction's amount in place of the one read, its facts rebuilt; and an info
    finding per correction (``REVIEW-CORRECTED``, the reading and the correction), or a warning when the
    correction names a line the reading no longer has (``REVIEW-CORRECTION-UNUSED``)."""
    if not corrections:
        return filing, []
    statements = dict(filing.statements)
    found: list[Finding] = []
    for c in corrections:
        kind = next((k for k in statements if k.value == c.statement), None)
        statement = statements.get(kind) if kind else None
        index = next((i for i, item in enumerate(statement.items) if item.id == c.item), None) if statement else None
        if statement is None or index is None or not 0 <= c.column < len(statement.items[index].amounts):
            found.append(Finding(
                code="REVIEW-CORRECTION-UNUSED", severity=Severity.WARNING,
                message=f"{c.reviewer}'s correction of {c.statement} {c.item} column {c.column} names no amount "
                        "this reading has; it was not applied",
            ))  # fmt: skip
            continue
        item = statement.items[index]
        read = item.amounts[c.column]
        amounts = list(item.amounts)
        amounts[c.column] = Amount(value=c.value, printed=read.printed, source=read.source)
        items = list(statement.items)
        items[index] = replace(item, amounts=tuple(amounts))
        statements[kind] = replace(statement, items=tuple(items))  # type: ignore[index]
        found.append(Finding(
            code="REVIEW-CORRECTED", severity=Severity.INFO,
            message=f"'{item.caption}' read as {read.value} ('{read.printed}'), corrected to {c.value} by "
                    f"{c.reviewer}{' on ' + c.when[:10] if c.when else ''}{': ' + c.note if c.note else ''}",
            expected=c.value, actual=read.value, sources=(read.source,) if read.source else (),
            statement=c.statement,
        ))  # fmt: skip
    facts = build_facts(filing.facing_page, statements, list(filing.notes), filing.body)
    facts.update({k: v for k, v in filing.facts.items() if k not in facts})
    return replace(filing, statements=statements, facts=facts), found
