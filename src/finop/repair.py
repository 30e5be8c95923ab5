"""Constraint repair of OCR digits: when a tie fails, find the one misread digit that explains it.

For each failed footing, every amount in the tie is tried with one digit swapped
for a glyph OCR confuses it with (3/8, 5/6, 5/9, 1/7, 0/8, 4/9, 1/4, and 3/7
where an underline closes a 7), and with a final 1 that OCR read as a bracket, bar
or letter ("95]" for 951). A swap that makes the tie hold is a candidate.
On a PDF the amount's box is read again at high resolution with a digit whitelist; when that second reading gives the candidate
and every tie then holds, the corrected reading is used and an info finding gives
both readings. Otherwise the printed reading stays and a warning suggests the
correction. A number is never changed silently. The same holds for the net capital arithmetic
(TIE-NC-ARITHMETIC): there only the line that does not follow from the lines above is read again.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal

from finop.model.document import Cell, Document, Line, Page
from finop.model.filing import Filing
from finop.model.findings import Finding, Severity
from finop.model.source import Box, SourceRef
from finop.money import parse_amount

CONFUSABLE = {
    "3": "87",
    "8": "30",
    "5": "69",
    "6": "5",
    "1": "74",
    "7": "13",
    "0": "8",
    "4": "91",
    "9": "45",
}  # and "$" for a leading 5
TIE_CODES = re.compile(r"^TIE-[A-Z]+-(FOOT|BALANCE)$|^TIE-NC-ARITHMETIC$")
# footings and the balance: the first source is the total, the others add to it; in the net capital arithmetic
# the lines above are added and subtracted, so only the line that does not tie (the first source) is re-read
_SUMS = re.compile(r"^TIE-[A-Z]+-(FOOT|BALANCE)$")


@dataclass(frozen=True)
class Candidate:
    line: Line
    cell_index: int
    printed: str
    corrected: str
    finding: Finding


def swaps(token: str) -> list[str]:
    """Every reading of a printed amount with one confusable digit swapped (a leading '$' may be a 5)."""
    out = []
    m = re.match(r"^(\(?)\$(\d)", token)
    if m:
        out.append(token[: m.start(0)] + m.group(1) + "5" + token[m.end(1) + 1 :])
    for i, ch in enumerate(token):
        for alt in CONFUSABLE.get(ch, ""):
            out.append(token[:i] + alt + token[i + 1 :])
    return out


def candidates(filing: Filing, findings: list[Finding], document: Document) -> list[Candidate]:
    """Single-digit readings that make a failed tie hold."""
    lines = {line.number: line for line in document.lines()}
    out: list[Candidate] = []
    for f in findings:
        if f.severity is not Severity.ERROR or not TIE_CODES.match(f.code):
            continue
        if not isinstance(f.expected, Decimal) or not isinstance(f.actual, Decimal):
            continue
        needed = f.actual - f.expected  # total minus the sum of its lines
        for k, src in enumerate(f.sources):
            line = lines.get(src.line)
            if line is None or (k > 0 and not _SUMS.match(f.code)):
                continue
            for cell_index, cell in enumerate(line.cells):
                for token, glyph in re.findall(r"(\(?\$?\d[\d,]*\)?)([\]|!lI]?)", cell.text):
                    value = parse_amount(token)
                    if value is None or abs(value) < 10:
                        continue
                    # a 1 OCR read as a bracket, a bar or a letter after the digits ("95]" for 951) is one more
                    # reading; the digits then stand for the printed token with its glyph
                    readings = [(token + glyph, token + "1")] if glyph else []
                    readings += [(token, alt) for alt in swaps(token)]
                    for printed, alt in readings:
                        new = parse_amount(alt)
                        if new is None:
                            continue
                        change = (new - value) * _scale_of(filing, f)
                        # a component must move the sum by `needed`; the total (first source) must move by -needed
                        if (k == 0 and change == -needed) or (k > 0 and change == needed):
                            out.append(Candidate(line, cell_index, printed, alt, f))
    return out


def _scale_of(filing: Filing, finding: Finding) -> Decimal:
    """The unit of the statement a tie finding is about ($1,000 for 'in thousands')."""
    st = next((s for k, s in filing.statements.items() if k.value == finding.statement), None)
    return Decimal(st.scale) if st is not None else Decimal(1)


def patched(document: Document, line: Line, cell_index: int, printed: str, corrected: str) -> Document:
    """The document with one amount read differently."""
    cells = list(line.cells)
    cell = cells[cell_index]
    cells[cell_index] = Cell(cell.text.replace(printed, corrected, 1), cell.slot, cell.box, cell.confidence)
    new_line = replace(line, cells=tuple(cells), text="\t".join(c.text for c in cells))
    pages = []
    for page in document.pages:
        if page.number == line.page:
            page = Page(page.number, tuple(new_line if ln.number == line.number else ln for ln in page.lines))
        pages.append(page)
    return replace(document, pages=tuple(pages))


# reads one box of a page again at high resolution, digits only: (file, page, box) -> text, or None
Reread = Callable[[str, int, Box], str | None]


def reread(document: Document, line: Line, cell_index: int, read_box: Reread | None) -> str | None:
    """Read one amount's box again with ``read_box`` (None: no second reading is possible)."""
    cell = line.cells[cell_index]
    if cell.box is None or read_box is None:
        return None
    return read_box(document.path, line.page, cell.box)


def unreadable_amounts(findings: list[Finding], document: Document) -> list[tuple[Line, int]]:
    """Cells in a failed tie's amount column that OCR could not read as an amount ("en: a" for a small
    figure printed on a double rule): low confidence, short, and right-aligned with the tie's amounts."""
    lines = {line.number: line for line in document.lines()}
    out: list[tuple[Line, int]] = []
    seen: set[tuple[int, int]] = set()
    for f in findings:
        if f.severity is not Severity.ERROR or not TIE_CODES.match(f.code):
            continue
        tied = [lines[s.line] for s in f.sources if s.line in lines]
        edges = [c.box.x1 for ln in tied for c in ln.cells if c.box is not None and parse_amount(c.text) is not None]
        if not tied or not edges:
            continue
        page, low, high = tied[0].page, min(ln.number for ln in tied), max(ln.number for ln in tied)
        for number in range(low, high + 1):
            line = lines.get(number)
            if line is None or line.page != page:
                continue
            for i, cell in enumerate(line.cells):
                if i == 0 or cell.box is None or (number, i) in seen or parse_amount(cell.text) is not None:
                    continue
                aligned = any(abs(cell.box.x1 - e) <= 8 for e in edges)
                if aligned and cell.confidence < 0.6 and len(cell.text) <= 12:
                    seen.add((number, i))
                    out.append((line, i))
    return out


def _tie_error(f: Finding) -> bool:
    return f.severity is Severity.ERROR and bool(TIE_CODES.match(f.code))


def _if_every_tie_holds(
    document: Document,
    check: Callable[[Document], tuple[Filing, list[Finding]]],
    fails: Callable[[Finding], bool] = _tie_error,
) -> tuple[Filing, list[Finding]] | None:
    """The filing and findings of a document read differently, when no tie then fails (``fails``; else None)."""
    new_filing, new_findings = check(document)
    if any(fails(f) for f in new_findings):
        return None
    return new_filing, new_findings


def _reread_unreadable(
    document: Document,
    findings: list[Finding],
    check: Callable[[Document], tuple[Filing, list[Finding]]],
    read_box: Reread | None,
) -> tuple[Filing, list[Finding]] | None:
    """Read each unreadable amount cell of a failed tie again at high resolution; keep a reading only
    when it is an amount and every tie then holds."""
    for line, i in unreadable_amounts(findings, document):
        second = reread(document, line, i, read_box)
        if second is None or parse_amount(second.replace(" ", "")) is None:
            continue
        printed = line.cells[i].text
        accepted = _if_every_tie_holds(patched(document, line, i, printed, second.replace(" ", "")), check)
        if accepted is not None:
            new_filing, new_findings = accepted
            note = Finding(
                code="OCR-AMOUNT-REREAD",
                severity=Severity.INFO,
                message=(
                    f"'{printed}' in the amount column was not an amount; read again at high resolution it is "
                    f"'{second}', and with it every tie holds, so it is used"
                ),
                expected=second,
                actual=printed,
                sources=(line.ref(document.path, document.reader),),
            )
            return new_filing, [*new_findings, note]
    return None


def repair(
    document: Document,
    filing: Filing,
    findings: list[Finding],
    check: Callable[[Document], tuple[Filing, list[Finding]]],
    read_box: Reread | None = None,
) -> tuple[Filing, list[Finding]]:
    """Try each candidate reading; keep one only when a second read (``read_box``) confirms it and every
    tie holds. Without ``read_box`` no reading is changed; candidates become suggestions."""
    reread_result = _reread_unreadable(document, findings, check, read_box)
    if reread_result is not None:
        return reread_result
    cands = candidates(filing, findings, document)
    suggestions: list[Finding] = []
    suggested: list[Finding] = []  # the failed tie each suggestion is about
    tried: set[tuple[int, int, str]] = set()
    confirmed_apart: list[tuple[Candidate, str]] = []  # confirmed by the second reading, but not enough alone
    for c in cands:
        key = (c.line.number, c.cell_index, c.corrected)
        if key in tried:
            continue
        tried.add(key)
        second = reread(document, c.line, c.cell_index, read_box)
        confirmed = second is not None and c.corrected.strip("$()") in second.replace(" ", "")
        if confirmed and second is not None:
            confirmed_apart.append((c, second))
        accepted = (
            _if_every_tie_holds(patched(document, c.line, c.cell_index, c.printed, c.corrected), check)
            if confirmed
            else None
        )
        if accepted is not None:
            new_filing, new_findings = accepted
            note = Finding(
                code="OCR-DIGIT-REPAIRED",
                severity=Severity.INFO,
                message=(
                    f"'{c.printed}' was read again at high resolution as '{second}'; with {c.corrected} every tie holds, "
                    f"so {c.corrected} is used (first reading {c.printed})"
                ),
                expected=c.corrected,
                actual=c.printed,
                sources=(c.line.ref(document.path, document.reader),),
            )
            if any(_read_twice(f) for f in new_findings):
                # a tie the digit's own ties do not cover (the note against the schedule) gets its second reading
                fixed = patched(document, c.line, c.cell_index, c.printed, c.corrected)
                after = _second_reading(fixed, new_findings, check, read_box)
                if isinstance(after, tuple):
                    return after[0], [*after[1], note]
                return new_filing, [*_not_claimed(new_findings, after), note]
            return new_filing, [*new_findings, note]
        suggested.append(c.finding)
        suggestions.append(
            Finding(
                code="OCR-SUGGESTED-CORRECTION",
                severity=Severity.WARNING,
                message=(
                    f"{c.finding.message.split(':')[0]}: the tie would hold if '{c.printed}' read '{c.corrected}' "
                    f"(a digit OCR often confuses); the printed reading is kept"
                ),
                expected=c.corrected,
                actual=c.printed,
                sources=(c.line.ref(document.path, document.reader),),
            )
        )
    together = _confirmed_together(document, confirmed_apart, check)
    if together is not None:
        return together
    ambiguous = _ambiguous(suggestions, suggested, document)
    if not ambiguous:
        second = _second_reading(document, findings, check, read_box)
        if isinstance(second, tuple):
            return second
        ambiguous = second
    kept = _not_claimed(findings, ambiguous)
    return filing, [*kept[: len(findings)], *suggestions[:5], *kept[len(findings) :]]


def _confirmed_together(
    document: Document,
    confirmed: list[tuple[Candidate, str]],
    check: Callable[[Document], tuple[Filing, list[Finding]]],
) -> tuple[Filing, list[Finding]] | None:
    """Two misread digits in one report (net income in the equity statement and a balance sheet line) each leave
    the other's tie failing, so neither holds every tie alone: every correction a second reading confirmed is
    applied together (one a cell), and kept only when every tie then holds."""
    chosen: dict[tuple[int, int], tuple[Candidate, str]] = {}
    for c, second in confirmed:
        chosen.setdefault((c.line.number, c.cell_index), (c, second))
    if len(chosen) < 2:
        return None
    doc = document
    for c, _ in chosen.values():
        current = next(ln for ln in doc.lines() if ln.number == c.line.number)
        doc = patched(doc, current, c.cell_index, c.printed, c.corrected)
    accepted = _if_every_tie_holds(doc, check)
    if accepted is None:
        return None
    new_filing, new_findings = accepted
    notes = [
        Finding(
            code="OCR-DIGIT-REPAIRED",
            severity=Severity.INFO,
            message=(
                f"'{c.printed}' was read again at high resolution as '{second}'; with {c.corrected} (and the other "
                f"{len(chosen) - 1} correction(s) read again the same way) every tie holds, so {c.corrected} is used "
                f"(first reading {c.printed})"
            ),
            expected=c.corrected,
            actual=c.printed,
            sources=(c.line.ref(document.path, document.reader),),
        )
        for c, second in chosen.values()
    ]
    return new_filing, [*new_findings, *notes]


Ambiguity = tuple[Finding, Finding]  # a failed tie's error, and the INCOMPLETE-AMBIGUOUS finding about it


def _where(source: SourceRef) -> tuple[int | None, int | None]:
    return source.page, source.line


def _not_claimed(findings: list[Finding], ambiguities: list[Ambiguity]) -> list[Finding]:
    """The findings with each error whose reading is ambiguous made a warning that says it is not claimed (it
    keeps its code, place, expected and actual, for the person who looks at the page), then the
    INCOMPLETE-AMBIGUOUS findings: an error is a claim that the report is wrong, made on OCR'd amounts only
    when two readings agree. A failed tie that shares a line with an ambiguous one is ambiguous too: its
    amounts or its grouping rest on the reading in doubt (a group's subtotal misread leaves the total over it
    failing)."""
    covered = {id(error) for error, _ in ambiguities}
    doubtful = {_where(s) for error, _ in ambiguities for s in error.sources}
    grew = bool(covered)
    while grew:
        grew = False
        for f in findings:
            if id(f) not in covered and _read_twice(f) and doubtful & {_where(s) for s in f.sources}:
                covered.add(id(f))
                doubtful |= {_where(s) for s in f.sources}
                grew = True
    out = [
        replace(
            f,
            severity=Severity.WARNING,
            message=f"{f.message} (not claimed: OCR's reading of these amounts is ambiguous; see INCOMPLETE-AMBIGUOUS)",
        )
        if id(f) in covered
        else f
        for f in findings
    ]
    notes = list({id(note): note for _, note in ambiguities}.values())
    return [*out, *notes]


MAX_REREADS = 60  # amount boxes read a second time per document, at most
# ties read a second time besides the footings and the arithmetic: the schedule's figure against the note's
# (the note is prose, whose cells are not amounts: only the schedule's line is read again)
SECOND_READ_CODES = frozenset({"TIE-NOTE-NETCAP"})


def _read_twice(f: Finding) -> bool:
    """An error the second reading covers: a footing, the balance, the arithmetic, or the note against the schedule."""
    return _tie_error(f) or (f.severity is Severity.ERROR and f.code in SECOND_READ_CODES)


def _second_reading(
    document: Document,
    findings: list[Finding],
    check: Callable[[Document], tuple[Filing, list[Finding]]],
    read_box: Reread | None,
) -> tuple[Filing, list[Finding]] | list[Ambiguity]:
    """A tie that fails on amounts OCR read is a claim that the report is wrong only when a second reading of
    those amounts, at high resolution, gives the same digits. Every OCR'd amount on the lines of each failed
    tie is read again: when the second readings make every tie hold, they are used (OCR-AMOUNT-REREAD);
    when some differ but the tie still fails, the reading is ambiguous (INCOMPLETE-AMBIGUOUS); when all
    agree, the error stands. (A text layer's digits are exact: nothing is read again there.)"""
    if read_box is None:
        return []
    lines = {line.number: line for line in document.lines()}
    ambiguous: list[Ambiguity] = []
    patches: list[tuple[Line, int, str, str]] = []
    seen: dict[tuple[int, int], str | None] = {}
    budget = MAX_REREADS
    for f in findings:
        if not _read_twice(f):
            continue
        differ: list[str] = []
        for line, i, malformed in _cells_to_read_again(f, lines):
            cell = line.cells[i]
            first = re.sub(r"\D", "", cell.text)
            if (line.number, i) not in seen:
                if budget <= 0:
                    differ.append(f"'{cell.text}' (not read again)")
                    continue
                budget -= 1
                seen[(line.number, i)] = reread(document, line, i, read_box)
                digits = re.sub(r"\D", "", seen[(line.number, i)] or "")
                if digits and (digits != first or malformed) and parse_amount(_like(cell.text, digits)) is not None:
                    patches.append((line, i, cell.text, _like(cell.text, digits)))
            second = seen[(line.number, i)]
            if malformed or re.sub(r"\D", "", second or "") != first:
                differ.append(f"'{cell.text}' read again as '{second or ''}'")
        if differ:
            ambiguous.append(
                (
                    f,
                    Finding(
                        code="INCOMPLETE-AMBIGUOUS",
                        severity=Severity.WARNING,
                        message=(
                            f"{f.message.split(':')[0]}: the tie fails as OCR first read the amounts, but a second reading "
                            f"at high resolution gave other digits ({'; '.join(differ[:4])}), so finop claims neither "
                            "that it ties nor that it does not"
                        ),
                        sources=f.sources,
                    ),
                )
            )
    if patches:
        doc = document
        for line, i, printed, corrected in patches:
            current = next(ln for ln in doc.lines() if ln.number == line.number)
            doc = patched(doc, current, i, printed, corrected)
        accepted = _if_every_tie_holds(doc, check, _read_twice)
        if accepted is not None:
            new_filing, new_findings = accepted
            note = Finding(
                code="OCR-AMOUNT-REREAD",
                severity=Severity.INFO,
                message=(
                    f"{len(patches)} amount(s) of a failed tie read again at high resolution ("
                    + "; ".join(f"'{p}' as '{c}'" for _, _, p, c in patches[:6])
                    + "); with the second readings every tie holds, so they are used"
                ),
                sources=tuple(line.ref(document.path, document.reader) for line, _, _, _ in patches[:6]),
            )
            return new_filing, [*new_findings, note]
    return ambiguous


_MALFORMED = re.compile(r"^[($]*\s*\$?\d[\d,.:;$ ]*\d\)?$")  # digits with stray marks: "$55251,317", "1537:7,538"


def _cells_to_read_again(f: Finding, lines: dict[int, Line]) -> list[tuple[Line, int, bool]]:
    """The OCR'd amounts of a failed tie's lines, and (for a footing or the arithmetic) every cell on the lines
    between its first and last that reads as a malformed number: an amount OCR garbled, left out of the sum
    (True marks those)."""
    out: list[tuple[Line, int, bool]] = []
    for src in f.sources:
        line = lines.get(src.line)
        if line is None or line.confidence >= 1.0:
            continue
        for i, cell in enumerate(line.cells):
            if len(re.sub(r"\D", "", cell.text)) >= 2 and parse_amount(cell.text) is not None:
                out.append((line, i, False))
    tied = [lines[s.line] for s in f.sources if s.line in lines]
    if TIE_CODES.match(f.code) and tied:
        page = tied[0].page
        numbers = [ln.number for ln in tied if ln.page == page]
        for number in range(min(numbers) - 2, max(numbers) + 1):  # (a garbled first line is not among the sources)
            line = lines.get(number)
            if line is None or line.page != page or line.confidence >= 1.0:
                continue
            for i, cell in enumerate(line.cells):
                text = cell.text.strip()
                if len(re.sub(r"\D", "", text)) >= 3 and parse_amount(text) is None and _MALFORMED.match(text):
                    out.append((line, i, True))
    return out


def _like(printed: str, digits: str) -> str:
    """The second reading's digits in the first reading's dress: its $, parentheses, sign and thousands commas."""
    body = f"${int(digits):,}" if "$" in printed else f"{int(digits):,}"
    first = printed.strip()[:1]
    return f"({body})" if first == "(" else f"-{body}" if first == "-" else body


def _ambiguous(suggestions: list[Finding], suggested: list[Finding], document: Document) -> list[Ambiguity]:
    """A tie that fails as OCR read it but holds under a reading OCR often confuses, which a second reading did
    not confirm, is not a claim that the report is wrong: the reading is ambiguous and the verdict incomplete.
    (A text layer's digits are exact: a suggestion there leaves the error standing.)"""
    ocr = [(f, error) for f, error in zip(suggestions, suggested, strict=True) if f.source and f.source.confidence < 1]
    if not ocr:
        return []
    where = ", ".join(sorted({f"page {f.source.page}" for f, _ in ocr if f.source}))
    note = Finding(
        code="INCOMPLETE-AMBIGUOUS",
        severity=Severity.WARNING,
        message=(
            f"a tie fails as OCR read the amounts but would hold under a reading OCR often confuses ({where}); "
            "a second reading did not settle it, so finop claims neither that the statement ties nor that it does not"
        ),
        sources=tuple(f.source for f, _ in ocr if f.source),
    )
    return [(error, note) for _, error in ocr]
