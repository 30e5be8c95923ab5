"""Whether a reading reads better: which ties fail or are not judged, and which hold, before and after it."""

from __future__ import annotations

import re
from decimal import Decimal

from finop.model.document import Document
from finop.model.filing import Filing
from finop.model.findings import Finding, Severity
from finop.repair.edits import Check

TIE_CODES = re.compile(r"^TIE-[A-Z]+-(FOOT|BALANCE)$|^TIE-NC-ARITHMETIC$")


# footings and the balance: the first source is the total, the others add to it; in the net capital arithmetic
# the lines above are added and subtracted, so only the line that does not tie (the first source) is re-read
_SUMS = re.compile(r"^TIE-[A-Z]+-(FOOT|BALANCE)$")


def _scale_of(filing: Filing, finding: Finding) -> Decimal:
    """The unit of the statement a tie finding is about ($1,000 for 'in thousands')."""
    st = next((s for k, s in filing.statements.items() if k.value == finding.statement), None)
    return Decimal(st.scale) if st is not None else Decimal(1)


def _footing_unread(f: Finding) -> bool:
    """The footing's own note that a line OCR read has no amount in the total's column (not yet judged)."""
    return f.code == "INCOMPLETE-AMBIGUOUS" and f.statement is not None


def _failing(findings: list[Finding]) -> set[tuple[str, str | None, int | None, int | None, str]]:
    """What is wrong or unjudged in a reading: each error, and each thing not read (INCOMPLETE-...), by its kind,
    statement and place; a footing also by its column, as its message names it (a footing's error and its 'not
    read' note are the same footing; its total's line is its place, so a caption that loses a garbled word OCR
    had folded into it is still the same total)."""
    out = set()
    for f in findings:
        if f.severity is Severity.ERROR or f.code.startswith("INCOMPLETE-"):
            footing = f.code.endswith("-FOOT") or _footing_unread(f)
            kind, which = ("FOOT", _column_named(f.message)) if footing else (f.code, "")
            place = f.source
            out.add((kind, f.statement, place.page if place else None, place.line if place else None, which))
    return out


_FOOTING = re.compile(r" is | does not foot")  # "<statement>: '<total>' (<column>)" comes before it


_COLUMN = re.compile(r"'\s*\(([^()']*)\)\s*$")


def _column_named(message: str) -> str:
    """The column a footing's message names after its total's caption ("... 'Total assets' (2015) is ..."), or ""."""
    m = _COLUMN.search(_FOOTING.split(message, maxsplit=1)[0])
    return m.group(1) if m else ""


def _improved(before: list[Finding], document: Document, check: Check) -> tuple[Filing, list[Finding]] | None:
    """The filing and findings of a document read differently, when the reading is better than ``before``: some tie
    that failed or could not be judged now holds, and nothing that held before fails (else None)."""
    new_filing, new_findings = check(document)
    if _failing(new_findings) < _failing(before):
        return new_filing, new_findings
    return None


def _holding(filing: Filing) -> int:
    """How many of the filing's footings are judged and hold."""
    return sum(1 for st in filing.statements.values() for f in st.footings() if f.holds)


def unjudged_footings(findings: list[Finding]) -> set[int]:
    """The footings (ids of their findings) left unjudged only because a line of theirs was not read: each a
    warning beside its total's 'not read' note (``_footing_unread``). As read they fail, and the lines read may be
    misread too, so their amounts are read again and weighed like a failed footing's."""
    notes = {(f.sources[0].line, _column_named(f.message)) for f in findings if _footing_unread(f) and f.sources}
    return {
        id(f)
        for f in findings
        if f.severity is Severity.WARNING
        and f.code.endswith("-FOOT")
        and f.sources
        and (f.sources[0].line, _column_named(f.message)) in notes
    }
