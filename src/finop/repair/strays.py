"""Stray cells: non-amounts standing where a statement's amounts do, read again though no tie fails on them."""

from __future__ import annotations

import re

from finop.model.document import Document, Line
from finop.model.filing import Filing
from finop.model.findings import Finding, Severity
from finop.money import parse_amount
from finop.repair.edits import Check, Reread, Rereads, Step, _like, patched, reread
from finop.repair.outcome import _failing, _holding
from finop.repair.places import ALIGNED

MAX_STRAY = 12  # cells in a statement's amount columns that are no amount, read again per document, at most


def stray_cells(filing: Filing, document: Document) -> list[tuple[Line, int]]:
    """Cells OCR read as no amount where a statement's amounts stand ("LOT" for 757 on a total's line): short,
    after the caption, ending where at least three amounts of the statement's page end, on an OCR'd line among
    or just below the statement's lines. Nothing fails on them (a total not read is no tie), so they are found
    by place, not by a failed tie."""
    lines = {line.number: line for line in document.lines()}
    out: list[tuple[Line, int]] = []
    for st in filing.statements.values():
        numbers = [s.line for item in st.items for s in item.sources if s is not None and s.confidence < 1.0]
        if not numbers:
            continue
        span = [lines[n] for n in range(min(numbers), max(numbers) + 2) if n in lines]
        edges = [
            c.box.x1 for ln in span for c in ln.cells[1:] if c.box is not None and parse_amount(c.text) is not None
        ]
        columns = [e for e in edges if sum(abs(e - x) <= ALIGNED for x in edges) >= 3]
        for line in span:
            if line.confidence >= 1.0:
                continue
            out += [(line, i) for i, c in enumerate(line.cells) if i and c.box is not None
                    and parse_amount(c.text) is None and _stray_sized(c.text) and not _YEARISH.fullmatch(c.text)
                    and any(abs(c.box.x1 - e) <= ALIGNED for e in columns)]  # fmt: skip
    return list({(ln.number, i): (ln, i) for ln, i in out}.values())[:MAX_STRAY]


_YEARISH = re.compile(r"(19|20)\d\d")


def _stray_sized(text: str) -> bool:
    """Short enough to be one amount OCR garbled: a few characters ("LOT"), or mostly digits however long the
    marks OCR added make it ("$1,575 7,351=" for $1,757,351; a caption is letters)."""
    digits = sum(ch.isdigit() for ch in text)
    return 0 < len(text) <= 12 or (len(text) <= 20 and 2 * digits >= len(text))


def _tied(
    document: Document, line: Line, i: int, text: str, before: list[Finding], after: list[Finding], check: Check
) -> bool:
    """Whether reading cell ``i`` as ``text`` settles something that was not (a statement's end read at last) and
    a tie judges that cell: another figure there makes some tie fail (net income against the income statement's
    arithmetic), so the reading is the one the ties allow, not merely one that nothing contradicts."""
    if not _failing(after) < _failing(before):
        return False
    nudged_text = _like(text, str(2 * int(re.sub(r"\D", "", text)) + 7))  # far beyond any rounding
    nudged = patched(document, line, i, line.cells[i].text, nudged_text)
    return not _failing(check(nudged)[1]) <= _failing(after)


def _reread_strays(
    document: Document,
    filing: Filing,
    findings: list[Finding],
    check: Check,
    read_box: Reread | None,
    read_versions: Rereads | None = None,
) -> Step | None:
    """Read each stray cell again (``stray_cells``); use a reading that is an amount when with it nothing that held
    fails and one more footing is judged and holds (a total's amount read at last, and its lines add to it), or a
    tie judges the cell and something not read before now is (``_tied``): the second reading, else the one
    version of the box's readings that does (none when two do)."""
    if read_box is None:
        return None
    for line, i in stray_cells(filing, document):
        second = (reread(document, line, i, read_box) or "").replace(" ", "")
        box = line.cells[i].box
        versions = read_versions(document.path, line.page, box) if read_versions is not None and box else []
        good: list[tuple[str, Document, Filing, list[Finding]]] = []
        for k, text in enumerate(dict.fromkeys([second, *(v.replace(" ", "") for v in versions)])):
            if not text or parse_amount(text) is None:
                continue
            doc = patched(document, line, i, line.cells[i].text, text)
            new_filing, new_findings = check(doc)
            if _failing(new_findings) <= _failing(findings) and (
                _holding(new_filing) > _holding(filing) or _tied(document, line, i, text, findings, new_findings, check)
            ):
                good.append((text, doc, new_filing, new_findings))
                if k == 0 and text == second:
                    break  # the second reading itself does: no version is needed
        if len(good) != 1:
            continue
        text, doc, new_filing, new_findings = good[0]
        how = "read again at high resolution" if text == second else "in one version of its box read again"
        note = Finding(
            code="OCR-AMOUNT-REREAD",
            severity=Severity.INFO,
            message=(
                f"'{line.cells[i].text}' stands where the statement's amounts do but is no amount; {how} it is "
                f"'{text}', and with it one more total foots, so it is used"
            ),
            expected=text,
            actual=line.cells[i].text,
            sources=(line.ref(document.path, document.reader),),
        )
        return Step(doc, new_filing, new_findings, [note])
    return None
