"""Findings: what checks and the extractor say about a report's content."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from finop.model.source import SourceRef


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}

Value = Decimal | str | None


@dataclass(frozen=True)
class Finding:
    """One statement about the report, with a stable code and the place it points at."""

    code: str
    severity: Severity
    message: str
    expected: Value = None
    actual: Value = None
    sources: tuple[SourceRef, ...] = field(default_factory=tuple)
    citations: tuple[str, ...] = field(default_factory=tuple)
    statement: str | None = None  # the StatementKind value of the statement it is about
    concept: str | None = None  # the concept of the line it is about (a total, a fact)

    @property
    def difference(self) -> Decimal | None:
        if isinstance(self.expected, Decimal) and isinstance(self.actual, Decimal):
            return self.actual - self.expected
        return None

    @property
    def source(self) -> SourceRef | None:
        """The main place the finding points at (the first source)."""
        return self.sources[0] if self.sources else None

    def to_dict(self) -> dict[str, object]:
        def show(v: Value) -> str | None:
            return None if v is None else str(v)

        diff = self.difference
        return {
            "code": self.code,
            "severity": str(self.severity),
            "message": self.message,
            "expected": show(self.expected),
            "actual": show(self.actual),
            "difference": show(diff),
            "source": self.source.to_dict() if self.source else None,
            "sources": [s.to_dict() for s in self.sources],
            "citations": list(self.citations),
            "statement": self.statement,
            "concept": self.concept,
        }
