"""The check pipeline: read a file, extract the Filing, run the checks, repair OCR digits, summarise."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from finop.checks import run_checks
from finop.checks.registry import checks_run
from finop.errors import InputError
from finop.extract import extract
from finop.extract.interest import PAGE_INTEREST
from finop.model.corrections import Correction, apply_corrections
from finop.model.cover import CoverPage, Submission
from finop.model.document import Document
from finop.model.filing import Filing
from finop.model.findings import Finding, Severity
from finop.model.result import CheckResult, CheckSummary, finding_order, status_of
from finop.readers import read_document
from finop.readers.cover import embedded_documents, read_cover
from finop.repair import Reread, Rereads, repair

FILING_JSON = "filing.json"  # written by finop edgar fetch beside a filing's documents
READABLE = (".pdf", ".txt")


def _extract_and_check(
    document: Document,
    cover: CoverPage | None = None,
    submission: Submission | None = None,
    corrections: tuple[Correction, ...] = (),
) -> tuple[Filing, list[Finding]]:
    filing = extract(document)
    if cover is not None or submission is not None:
        filing = replace(filing, cover=cover, submission=submission)
    filing, reviewed = apply_corrections(filing, corrections)
    return filing, [*filing.findings, *reviewed, *run_checks(filing)]


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


def check_document(
    document: Document,
    cover: CoverPage | None = None,
    submission: Submission | None = None,
    corrections: tuple[Correction, ...] = (),
    read_seconds: float | None = None,
) -> CheckResult:
    """Extract and check an already-read document (with the XML cover page and EDGAR identity it was filed
    with, and a reviewer's corrections of amounts read). ``read_seconds``: how long reading it took, so
    that ``summary.seconds`` covers the whole run (``check_file`` gives it)."""
    start = time.perf_counter()

    def extract_and_check(doc: Document) -> tuple[Filing, list[Finding]]:
        return _extract_and_check(doc, cover, submission, corrections)

    filing, found = extract_and_check(document)
    checked = time.perf_counter()
    filing, found = repair(
        document, filing, found, extract_and_check, ocr_reread(document), ocr_reread_versions(document)
    )
    findings = tuple(sorted(found, key=finding_order))
    timings = {"read": round(read_seconds, 4)} if read_seconds is not None else {}
    timings |= {"extract_and_check": round(checked - start, 4), "repair": round(time.perf_counter() - checked, 4)}
    seconds = (read_seconds or 0.0) + time.perf_counter() - start
    counts = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    summary = CheckSummary(
        errors=counts[Severity.ERROR],
        warnings=counts[Severity.WARNING],
        infos=counts[Severity.INFO],
        statements=tuple(sorted(k.value for k in filing.statements)),
        facts=len(filing.facts),
        checks_run=checks_run(filing),
        reader=filing.reader,
        reader_notes=tuple(document.notes),
        pages=len(document.pages),
        layer=document.layer,
        status=status_of(findings),
        seconds=round(seconds, 4),
        timings=timings,
    )
    return CheckResult(filing=filing, findings=findings, summary=summary)


def check_file(
    path: str | Path,
    pages: list[int] | None = None,
    ocr: str = "auto",
    cover: CoverPage | None = None,
    submission: Submission | None = None,
    corrections: tuple[Correction, ...] = (),
) -> CheckResult:
    """Read, extract and check a report file (raises InputError when it cannot be read)."""
    start = time.perf_counter()
    document = read_document(path, pages=pages, ocr=ocr, interest=PAGE_INTEREST)
    return check_document(document, cover, submission, corrections, read_seconds=time.perf_counter() - start)


def submission_of(folder: Path) -> Submission | None:
    """The filing's EDGAR identity from ``filing.json`` in ``folder`` (None when there is none)."""
    path = folder / FILING_JSON
    if not path.is_file():
        return None
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        filed = record.get("date_filed")
        return Submission(
            accession=str(record["accession"]),
            cik=str(record["cik"]) if record.get("cik") is not None else None,
            form=record.get("form"),
            date_filed=dt.date.fromisoformat(filed) if filed else None,
            company=record.get("company"),
            url=record.get("url"),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(path, f"not a filing record written by finop edgar fetch ({exc})") from None


def cover_of(folder: Path) -> CoverPage | None:
    """The XML cover page among a filing's files (``primary_doc.xml`` first), read; None when there is none."""
    for xml in sorted(folder.glob("*.xml"), key=lambda p: (p.name != "primary_doc.xml", p.name)):
        try:
            return read_cover(xml)
        except InputError:
            continue  # another XML document, not the cover page
    return None


def main_document(folder: Path, cover: CoverPage | None) -> Path | None:
    """The report among a filing's files: a public PDF (or text) document, the largest if there are several."""
    confidential = {d.name.lower() for d in cover.documents if d.confidential} if cover else set()
    files = [
        p
        for p in folder.iterdir()
        if p.is_file() and p.suffix.lower() in READABLE and p.name.lower() not in confidential
    ]
    files.sort(key=lambda p: (p.suffix.lower() != ".pdf", -p.stat().st_size, p.name))
    return files[0] if files else None


def check_path(
    path: str | Path, pages: list[int] | None = None, ocr: str = "auto", corrections: tuple[Correction, ...] = ()
) -> CheckResult:
    """Check what ``path`` is: a report file (with the cover page and ``filing.json`` beside it, when a
    fetched filing's folder holds it), a filing's folder, or an X-17A-5 XML (a cover page alone, or a
    whole submission with its documents inside)."""
    p = Path(path)
    if p.is_dir():
        cover, submission = cover_of(p), submission_of(p)
        if cover is None and submission is None:
            raise InputError(
                p, "is a folder, not a filing's (no filing.json, no X-17A-5 cover page): give the report file"
            )
        report = main_document(p, cover)
        if report is None:
            if cover is None:
                raise InputError(p, "a filing's folder with no report (.pdf, .txt) and no X-17A-5 cover page (.xml)")
            return check_document(_no_report(cover.path), cover, submission)
        return check_file(report, pages, ocr, cover, submission, corrections)
    if p.suffix.lower() == ".xml":
        return _check_xml(p, pages, ocr)
    if p.is_file() and (p.parent / FILING_JSON).is_file():
        return check_file(p, pages, ocr, cover_of(p.parent), submission_of(p.parent), corrections)
    return check_file(p, pages, ocr, corrections=corrections)


def _no_report(path: str) -> Document:
    return Document(path=path, reader="cover-xml", pages=(), notes=("the filing holds no report to read",))


def _check_xml(path: Path, pages: list[int] | None, ocr: str) -> CheckResult:
    """A cover page alone is checked as a filing without its report (INCOMPLETE); a whole submission's
    public report inside it is written to a temporary folder and checked with its cover."""
    cover = read_cover(path)
    submission = submission_of(path.parent)
    inside = [(n, data) for n, confidential, data in embedded_documents(path) if not confidential]
    reports = sorted(
        ((n, d) for n, d in inside if d[:5] == b"%PDF-" or n.lower().endswith(".txt")),
        key=lambda nd: (nd[1][:5] != b"%PDF-", -len(nd[1])),
    )
    if not reports:
        return check_document(_no_report(str(path)), cover, submission)
    name, data = reports[0]
    with tempfile.TemporaryDirectory(prefix="finop-submission-") as tmp:
        report = Path(tmp) / Path(name).name
        report.write_bytes(data)
        result = check_file(report, pages, ocr, cover, submission)
    return result
