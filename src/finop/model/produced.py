"""An annual report produced from a books folder: the Filing, its computation, notes and FOCUS lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from finop.model.computation import Computation
from finop.model.filing import Filing, Statement, StatementKind
from finop.model.frames import facts_frame, lines_frame

if TYPE_CHECKING:
    import pandas as pd

SCHEMA_VERSION = "1"


@dataclass(frozen=True)
class Difference:
    """One FOCUS box whose filed amount differs from the audited computation."""

    box: str
    caption: str
    filed: Decimal
    audited: Decimal

    @property
    def difference(self) -> Decimal:
        return self.audited - self.filed


@dataclass(frozen=True)
class FocusLine:
    """One box of the FOCUS Part IIA line file."""

    box: str
    key: str
    caption: str
    amount: Decimal
    verified: bool  # the box code was seen in a source, not only recalled (see finop/model/data/concepts.yaml)


@dataclass(frozen=True)
class Note:
    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class ProducedReport:
    """An annual report produced from a books folder."""

    books: Any  # the books folder it was produced from (finop.books.Books)
    filing: Filing
    computation: Computation
    notes: tuple[Note, ...]
    focus_lines: tuple[FocusLine, ...]
    differences: tuple[Difference, ...] | None  # None: no focus_filed.yaml
    early_warning: Decimal | None = None
    extra: dict[str, object] = field(default_factory=dict)
    earlier: tuple[ProducedReport, ...] = ()  # earlier periods produced with it (charted over time)
    files: tuple[str, ...] = ()  # the files written, when it was written

    def __repr__(self) -> str:
        nc = self.filing.fact("net_capital")
        return f"<ProducedReport {self.firm_name} {self.as_of.isoformat()}: net capital {nc}, {len(self.files)} files>"

    @property
    def firm_name(self) -> str:
        return str(self.books.firm.name)

    @property
    def as_of(self) -> date:
        return self.books.firm.as_of

    def statement(self, kind: StatementKind) -> Statement | None:
        return self.filing.statements.get(kind)

    def facts_frame(self) -> pd.DataFrame:
        """The produced report's facts, one row each (as ``CheckResult.facts_frame``)."""
        return facts_frame(self.filing)

    def lines_frame(self) -> pd.DataFrame:
        """The produced statements' line items, one row per item and column."""
        return lines_frame(self.filing)

    def to_dict(self) -> dict[str, Any]:
        """The canonical JSON of a produced report (a public contract: docs/json.md), as plain Python values."""
        report = self
        data: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "kind": "report", "books": report.books.path}
        data.update(report.filing.to_dict())
        data["notes_text"] = [{"title": n.title, "paragraphs": list(n.paragraphs)} for n in report.notes]
        data["computation"] = report.computation.to_dict()
        data["focus_lines"] = [
            {"box": f.box, "key": f.key, "caption": f.caption, "amount": str(f.amount), "verified": f.verified}
            for f in report.focus_lines
        ]
        data["reconciliation_differences"] = (
            None
            if report.differences is None
            else [
                {
                    "box": d.box,
                    "caption": d.caption,
                    "filed": str(d.filed),
                    "audited": str(d.audited),
                    "difference": str(d.difference),
                }
                for d in report.differences
            ]
        )
        return data
