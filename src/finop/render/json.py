"""The canonical JSON text of finop's results (a public contract: see docs/json.md).

Every result knows its plain form (``to_dict()``: amounts as exact decimal strings, dates
as ISO text); this module is the one place that turns it into JSON text.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, Protocol

from finop.model.result import CheckResult


class HasDict(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


def to_json(result: HasDict) -> str:
    """A check result, a computation or a produced report as indented JSON (UTF-8, no float)."""
    return json.dumps(result.to_dict(), indent=2, ensure_ascii=False)


def store_rows(result: CheckResult) -> dict[str, Any]:
    """A check result as the batch store keeps it: the filing's row, its facts (amounts as Decimal, other
    values as text), its line items (primary column) and its findings, each with its page and line."""
    filing = result.filing
    facts = []
    for name, fact in sorted(filing.facts.items()):
        amount = fact.value if isinstance(fact.value, Decimal) else None
        facts.append({"concept": name, "amount": amount, "text": None if amount is not None else str(fact.value),
                      "origin": fact.origin, "page": fact.source.page if fact.source else None})  # fmt: skip
    items = []
    for kind, statement in filing.statements.items():
        col = statement.primary_column
        for seq, item in enumerate(statement.items):
            src = item.source(col)
            items.append({"statement": kind.value, "seq": seq, "label": item.caption, "concept": item.concept,
                          "role": item.role.value, "section": item.section, "amount": item.value(col),
                          "page": src.page if src else None, "line": src.line if src else None})  # fmt: skip
    found = [
        {"seq": i, "code": f.code, "severity": f.severity.value, "message": f.message,
         "page": f.source.page if f.source else None, "line": f.source.line if f.source else None}
        for i, f in enumerate(result.findings)
    ]  # fmt: skip
    fp = filing.facing_page
    return {
        "filing": {
            "registrant_name": filing.fact("registrant_name"),
            "sec_file_number": filing.fact("sec_file_number"),
            "period_start": fp.period_start.isoformat() if fp.period_start else filing.fact("period_start"),
            "period_end": filing.fact("period_end"),
            "errors": result.summary.errors,
            "warnings": result.summary.warnings,
            "verdict": result.status,
        },
        "facts": facts,
        "line_items": items,
        "findings": found,
    }
