"""A checked filing: what the report says, what finop found, and a typed summary."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from finop.model.filing import Filing
from finop.model.findings import SEVERITY_ORDER, Finding, Severity
from finop.model.frames import facts_frame, lines_frame

if TYPE_CHECKING:  # pandas is imported only when a frame is asked for
    import pandas as pd

SCHEMA_VERSION = "1"
PASS, FAIL, INCOMPLETE = "pass", "fail", "incomplete"
EXIT_CODES = {PASS: 0, FAIL: 1, INCOMPLETE: 3}  # 2: the file cannot be read at all


def is_incomplete(f: Finding) -> bool:
    """A finding that says finop could not read something it promises (not that the report is wrong)."""
    return f.code.startswith("INCOMPLETE-") or f.code == "EXTRACT-NO-STATEMENTS"


def status_of(findings: tuple[Finding, ...] | list[Finding]) -> str:
    """incomplete when something promised was not read; else fail on any error finding; else pass."""
    if any(is_incomplete(f) for f in findings):
        return INCOMPLETE
    return FAIL if any(f.severity is Severity.ERROR for f in findings) else PASS


@dataclass(frozen=True)
class CheckSummary:
    """Counts and facts about one check run (the ``summary`` object of the JSON)."""

    errors: int
    warnings: int
    infos: int
    statements: tuple[str, ...]
    facts: int
    checks_run: int
    reader: str
    reader_notes: tuple[str, ...]
    pages: int
    seconds: float
    layer: str = "text"  # the document's layer: text, image+ocr-text, scanned, text-garbled
    status: str = PASS  # pass | fail | incomplete (status_of the findings)
    timings: dict[str, float] = field(default_factory=dict)  # seconds by stage: read, extract_and_check, repair

    @property
    def ok(self) -> bool:
        return self.errors == 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "status": self.status,
            "errors": self.errors,
            "warnings": self.warnings,
            "infos": self.infos,
            "statements": list(self.statements),
            "facts": self.facts,
            "checks_run": self.checks_run,
            "reader": self.reader,
            "reader_notes": list(self.reader_notes),
            "pages": self.pages,
            "layer": self.layer,
            "seconds": self.seconds,
            "timings": dict(self.timings),
        }


def finding_order(f: Finding) -> tuple[int, int, str]:
    """Errors first, then by the line they point at, then by code."""
    return (SEVERITY_ORDER[f.severity], f.source.line if f.source else 0, f.code)


@dataclass(frozen=True)
class CheckResult:
    """A checked filing: the Filing as extracted, the findings in report order, and the summary."""

    filing: Filing
    findings: tuple[Finding, ...]
    summary: CheckSummary

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def ok(self) -> bool:
        """No error finding."""
        return not self.errors

    @property
    def status(self) -> str:
        """``pass`` (everything promised read, no error), ``fail`` (an error finding) or ``incomplete``."""
        return self.summary.status

    @property
    def exit_code(self) -> int:
        """0 pass, 1 fail, 3 incomplete (``finop check``'s exit code)."""
        return EXIT_CODES[self.summary.status]

    @property
    def seconds(self) -> float:
        return self.summary.seconds

    @property
    def facts(self) -> dict[str, Any]:
        """The flat facts map, concept -> value (Decimal amounts, ISO dates and names as text)."""
        return {k: f.value for k, f in self.filing.facts.items()}

    def to_dict(self) -> dict[str, Any]:
        """The canonical JSON form (docs/json.md), as plain Python values; amounts as exact strings."""
        data: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "file": self.filing.path}
        data.update(self.filing.to_dict())
        data["findings"] = [f.to_dict() for f in self.findings]
        data["summary"] = self.summary.to_dict()
        return data

    def facts_frame(self) -> pd.DataFrame:
        """One row per fact: concept, value (Decimal or text), origin and the place it was read."""
        return facts_frame(self.filing)

    def lines_frame(self) -> pd.DataFrame:
        """One row per statement line item and column: statement, id, caption, concept, role, value, place."""
        return lines_frame(self.filing)

    def findings_frame(self) -> pd.DataFrame:
        """One row per finding: code, severity, message, expected, actual, difference, page, line."""
        import pandas as pd

        rows = [{"code": f.code, "severity": f.severity.value, "message": f.message, "expected": f.expected,
                 "actual": f.actual, "difference": f.difference, "page": f.source.page if f.source else None,
                 "line": f.source.line if f.source else None} for f in self.findings]  # fmt: skip
        columns = ["code", "severity", "message", "expected", "actual", "difference", "page", "line"]
        return pd.DataFrame(rows, columns=columns)

    def __repr__(self) -> str:
        s = self.summary
        name = self.filing.facts.get("registrant_name")
        who = f" {name.value!r}" if name else ""
        verdict = self.status.upper()
        return (f"<CheckResult {self.filing.path}{who}: {verdict}, {s.errors} errors, {s.warnings} warnings, "
                f"{s.facts} facts, {len(s.statements)} statements>")  # fmt: skip

    def _repr_html_(self) -> str:
        facts = "".join(
            f"<tr><td>{html.escape(k)}</td><td style='text-align:right'>{html.escape(str(v))}</td></tr>"
            for k, v in self.facts.items()
        )
        findings = "".join(
            f"<li><b>{html.escape(f.severity.value)}</b> {html.escape(f.code)}: {html.escape(f.message)}</li>"
            for f in self.findings
        )
        return (f"<div><p>{html.escape(repr(self))}</p><table>{facts}</table>"
                f"<ul>{findings or '<li>no findings</li>'}</ul></div>")  # fmt: skip
