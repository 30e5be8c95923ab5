"""The public API: read a report, extract it, check it."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from finop.checks import run_checks
from finop.extract import extract
from finop.findings import SEVERITY_ORDER, Finding, Severity
from finop.model.document import Document
from finop.model.filing import Filing
from finop.readers import read_document


@dataclass(frozen=True)
class CheckResult:
    """A checked filing: what it says, what finop found, and a summary."""

    filing: Filing
    findings: tuple[Finding, ...]
    seconds: float = 0.0
    checks_run: int = 0
    summary: dict[str, object] = field(default_factory=dict)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def ok(self) -> bool:
        return not self.errors


def _sort_key(f: Finding) -> tuple[int, int, str]:
    return (SEVERITY_ORDER[f.severity], f.source.line if f.source else 0, f.code)


def check_document(document: Document) -> CheckResult:
    """Extract and check an already-read document."""
    start = time.perf_counter()
    from finop.checks.registry import REGISTRY
    from finop.repair import repair

    def extract_and_check(doc: Document) -> tuple[Filing, list[Finding]]:
        f = extract(doc)
        return f, [*f.findings, *run_checks(f)]

    filing, found = extract_and_check(document)
    filing, found = repair(document, filing, found, extract_and_check)
    findings = tuple(sorted(found, key=_sort_key))
    seconds = time.perf_counter() - start
    counts = {s.value: sum(1 for f in findings if f.severity is s) for s in Severity}
    summary: dict[str, object] = {
        "ok": counts["error"] == 0,
        "errors": counts["error"],
        "warnings": counts["warning"],
        "infos": counts["info"],
        "statements": sorted(k.value for k in filing.statements),
        "facts": len(filing.facts),
        "checks_run": len(REGISTRY),
        "reader": filing.reader,
        "reader_notes": list(document.notes),
        "pages": len(document.pages),
        "seconds": round(seconds, 4),
    }
    return CheckResult(filing=filing, findings=findings, seconds=seconds, checks_run=len(REGISTRY), summary=summary)


def check_file(path: str | Path, pages: list[int] | None = None, ocr: str = "auto") -> CheckResult:
    """Read, extract and check a report file (raises InputError when it cannot be read)."""
    return check_document(read_document(path, pages=pages, ocr=ocr))
