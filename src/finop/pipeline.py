"""The check pipeline: read a file, extract the Filing, run the checks, repair OCR digits, summarise."""

from __future__ import annotations

import time
from pathlib import Path

from finop.checks import run_checks
from finop.checks.registry import REGISTRY
from finop.extract import extract
from finop.extract.interest import PAGE_INTEREST
from finop.model.document import Document
from finop.model.filing import Filing
from finop.model.findings import Finding, Severity
from finop.model.result import CheckResult, CheckSummary, finding_order, status_of
from finop.readers import read_document
from finop.repair import Reread, Rereads, repair


def _extract_and_check(document: Document) -> tuple[Filing, list[Finding]]:
    filing = extract(document)
    return filing, [*filing.findings, *run_checks(filing)]


def ocr_reread(document: Document) -> Reread | None:
    """The second reading of an amount's box for repair: tesseract at high resolution, PDF pages only."""
    if not document.path.lower().endswith(".pdf"):
        return None
    from finop.readers.ocr import available, read_box

    return read_box if available() else None


def ocr_reread_versions(document: Document) -> Rereads | None:
    """Every reading of an amount's box over several versions of it, for repair to let the totals choose."""
    if not document.path.lower().endswith(".pdf"):
        return None
    from finop.readers.ocr import available, read_box_versions

    return read_box_versions if available() else None


def check_document(document: Document) -> CheckResult:
    """Extract and check an already-read document."""
    start = time.perf_counter()
    filing, found = _extract_and_check(document)
    filing, found = repair(
        document, filing, found, _extract_and_check, ocr_reread(document), ocr_reread_versions(document)
    )
    findings = tuple(sorted(found, key=finding_order))
    seconds = time.perf_counter() - start
    counts = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    summary = CheckSummary(
        errors=counts[Severity.ERROR],
        warnings=counts[Severity.WARNING],
        infos=counts[Severity.INFO],
        statements=tuple(sorted(k.value for k in filing.statements)),
        facts=len(filing.facts),
        checks_run=len(REGISTRY),
        reader=filing.reader,
        reader_notes=tuple(document.notes),
        pages=len(document.pages),
        layer=document.layer,
        status=status_of(findings),
        seconds=round(seconds, 4),
    )
    return CheckResult(filing=filing, findings=findings, summary=summary)


def check_file(path: str | Path, pages: list[int] | None = None, ocr: str = "auto") -> CheckResult:
    """Read, extract and check a report file (raises InputError when it cannot be read)."""
    return check_document(read_document(path, pages=pages, ocr=ocr, interest=PAGE_INTEREST))
