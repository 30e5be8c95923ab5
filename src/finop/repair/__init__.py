"""Constraint repair of OCR digits: when a tie fails, find the one misread digit that explains it.

For each failed footing, every amount in the tie is tried with one digit swapped
for a glyph OCR confuses it with (3/8, 5/6, 5/9, 1/7, 0/8, 4/9, 1/4, and 3/7
where an underline closes a 7), and with a final 1 that OCR read as a bracket, bar
or letter ("95]" for 951). A swap that makes the tie hold is a candidate.
On a PDF the amount's box is read again at high resolution with a digit whitelist; when that second reading gives the candidate
and the tie then holds without another failing, the corrected reading is used and an info
finding gives both readings. Otherwise the printed reading stays and a warning suggests the
correction. A number is never changed silently. The same holds for the net capital arithmetic
(TIE-NC-ARITHMETIC): there only the line that does not follow from the lines above is read again.

A second reading is used when it makes the document read better: some tie that failed (or could not be
judged, an amount not read) now holds, and nothing that held before fails. A tie of another statement
that fails for its own reasons does not block it. Repair goes round again after each reading it uses, a
few rounds at most, so several misread amounts in one report are each settled by their own ties.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TypeVar

from finop.model.document import Cell, Document, Line, Page
from finop.model.filing import Filing
from finop.model.findings import Finding, Severity
from finop.model.source import Box, SourceRef
from finop.money import parse_amount
from finop.repair.tie_solver import Equation, choices

T = TypeVar("T")
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
            if line is None:
                continue
            sums = bool(_SUMS.match(f.code))  # else the arithmetic: a line above is added or deducted
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
                        # a component must move the sum by `needed`; the total (first source) must move by -needed;
                        # a line of the arithmetic moves it by `needed` when added, by -needed when deducted
                        if (k == 0 and change == -needed) or (
                            k > 0 and (change == needed or (not sums and change == -needed))
                        ):
                            out.append(Candidate(line, cell_index, printed, alt, f))
    return out


def _scale_of(filing: Filing, finding: Finding) -> Decimal:
    """The unit of the statement a tie finding is about ($1,000 for 'in thousands')."""
    st = next((s for k, s in filing.statements.items() if k.value == finding.statement), None)
    return Decimal(st.scale) if st is not None else Decimal(1)


def patched(
    document: Document, line: Line, cell_index: int, printed: str, corrected: str, box: Box | None = None
) -> Document:
    """The document with one amount read differently (in ``box`` when it was read again over another box: the
    other pieces OCR read inside that box, "DLA" beside "27S5", are part of the figure read and go)."""
    cells = list(line.cells)
    cell = cells[cell_index]
    cells[cell_index] = Cell(cell.text.replace(printed, corrected, 1), cell.slot, box or cell.box, cell.confidence)
    if box is not None:
        cells = [c for k, c in enumerate(cells) if k == cell_index or c.box is None or not _inside(c.box, box)]
    return _with_cells(document, line, cells)


def _inside(inner: Box, outer: Box) -> bool:
    """Whether ``inner`` lies within ``outer`` (a point of slack)."""
    return (
        inner.x0 >= outer.x0 - 1 and inner.x1 <= outer.x1 + 1 and inner.y0 >= outer.y0 - 2 and inner.y1 <= outer.y1 + 2
    )


# reads one box of a page again at high resolution, digits only: (file, page, box) -> text, or None
Reread = Callable[[str, int, Box], str | None]
Rereads = Callable[[str, int, Box], list[str]]  # every reading of a box over several versions of it


def reread(document: Document, line: Line, cell_index: int, read_box: Reread | None) -> str | None:
    """Read one amount's box again with ``read_box`` (None: no second reading is possible)."""
    cell = line.cells[cell_index]
    if cell.box is None or read_box is None:
        return None
    return read_box(document.path, line.page, cell.box)


def _remembered(read_box: Callable[[str, int, Box], T] | None) -> Callable[[str, int, Box], T] | None:
    """``read_box`` (or the versions reader) that reads each box once however many rounds of repair ask for it."""
    if read_box is None:
        return None
    seen: dict[tuple[str, int, Box], T] = {}

    def read(path: str, page: int, box: Box) -> T:
        if (path, page, box) not in seen:
            seen[(path, page, box)] = read_box(path, page, box)
        return seen[(path, page, box)]

    return read


Check = Callable[[Document], tuple[Filing, list[Finding]]]


@dataclass(frozen=True)
class Patch:
    """An amount read again: its line, its cell (-1: nothing was read there; a cell is added at ``place``), the
    first reading and the second."""

    line: Line
    cell: int
    printed: str
    corrected: str
    place: Box | None = None
    box: Box | None = None  # the box read again, which the cell takes when it is not its own (widened to its column)


def unreadable_amounts(findings: list[Finding], document: Document) -> list[tuple[Line, int, Finding]]:
    """Cells in a failed tie's amount columns that OCR could not read as an amount ("en: a" for a small figure
    printed on a double rule, "Yh" for 75, "LS" beside a "7" for 157), on the lines of the tie's group: short,
    and right-aligned with the tie's amounts or standing between them; each with the failed tie (a footing not
    claimed because another of its lines was not read too: both may be misread)."""
    lines = {line.number: line for line in document.lines()}
    out: list[tuple[Line, int, Finding]] = []
    seen: set[tuple[int, int]] = set()
    for f in findings:
        if f.severity is Severity.INFO or not TIE_CODES.match(f.code):
            continue
        tied = [lines[s.line] for s in f.sources if s.line in lines]
        edges = _amount_edges(tied)
        if not tied or not edges:
            continue
        start = min(c.box.x0 for ln in tied for c in ln.cells if c.box is not None and parse_amount(c.text) is not None)
        left = min(ln.cells[0].box.x0 for ln in tied if ln.cells and ln.cells[0].box is not None)
        for line in _group_lines(tied, lines):
            if _heading_line(line, left):
                continue
            number = line.number
            for i, cell in enumerate(line.cells):
                if i == 0 or cell.box is None or (number, i) in seen or parse_amount(cell.text) is not None:
                    continue
                inside = cell.box.x0 >= start - ALIGNED and cell.box.x1 <= max(edges) + ALIGNED
                if (inside or any(abs(cell.box.x1 - e) <= ALIGNED for e in edges)) and len(cell.text) <= 12:
                    seen.add((number, i))
                    out.append((line, i, f))
    return out


GROUP_REACH = 12  # lines above a failed tie's first line that may still be in its group


def _group_start(tied: list[Line], lines: dict[int, Line]) -> int:
    """The first line a failed tie's group may hold: a line whose amount OCR garbled is not among the tie's
    sources, so the group is taken up from its first source to the line after another group's total (a line
    captioned "Total ..." that is not the tie's), within the page and ``GROUP_REACH`` lines."""
    numbers = {ln.number for ln in tied}
    start = min(numbers)
    while start - 1 in lines and lines[start - 1].page == tied[0].page and start > min(numbers) - GROUP_REACH:
        above = lines[start - 1]
        if above.number not in numbers and re.match(r"\W*total\b", above.cells[0].text if above.cells else "", re.I):
            break
        start -= 1
    return start


def _group_lines(tied: list[Line], lines: dict[int, Line]) -> list[Line]:
    """The lines OCR read of a failed tie's group, on the page of its first line: from the group's start to its
    last line (see ``_group_start``)."""
    on_page = [ln for ln in tied if ln.page == tied[0].page]
    numbers = range(_group_start(on_page, lines), max(ln.number for ln in on_page) + 1)
    return [
        line
        for n in numbers
        if (line := lines.get(n)) is not None and line.page == tied[0].page and line.confidence < 1.0
    ]


def _heading_line(line: Line, left: float) -> bool:
    """A line of column headings ("Common stock  Additional  Retained"): words over the columns, no amount, and
    no caption where the statement's captions begin (``left``); a caption with a word OCR made of an amount
    ("Commissions receivable  Lelecpaes") is no heading."""
    words = all(parse_amount(c.text) is None and re.fullmatch(r"[A-Za-z][a-z'’-]{2,}( [A-Za-z'’-]+)*", c.text)
                for c in line.cells)  # fmt: skip
    first = line.cells[0].box if line.cells else None
    return words and (len(line.cells) >= 3 or (first is not None and first.x0 > left + 100))


ALIGNED = 8  # points: a cell whose right edge is this close to a column's lines up with it


def _amount_edges(lines: list[Line]) -> list[float]:
    """The right edges of the amounts on these lines: where their columns end."""
    return [c.box.x1 for ln in lines for c in ln.cells if c.box is not None and parse_amount(c.text) is not None]


def _in_column(box: Box, column: Box) -> bool:
    """Whether a cell stands in the column of ``column`` (a total's amount): it ends where the column ends, or most
    of it lies over the column and it ends at most a speck's width past it ("—-$'17508,524 5)")."""
    if abs(box.x1 - column.x1) <= ALIGNED:
        return True
    over = min(box.x1, column.x1) - max(box.x0, column.x0)
    return box.x1 <= column.x1 + 2 * ALIGNED and over > (box.x1 - box.x0) / 2


def _footing_unread(f: Finding) -> bool:
    """The footing's own note that a line OCR read has no amount in the total's column (not yet judged)."""
    return f.code == "INCOMPLETE-AMBIGUOUS" and f.statement is not None


def unread_amounts(findings: list[Finding], document: Document) -> list[tuple[Line, int, Box]]:
    """Where a footing's line has no amount in a column its total has one: the cell OCR garbled there
    ("FALAQT", "S725 aE", "3;316,107"), or, where no cell stands in the column, the empty place itself
    (cell index -1), each with the box to read again."""
    lines = {line.number: line for line in document.lines()}
    out: list[tuple[Line, int, Box]] = []
    for f in findings:
        if not _footing_unread(f) or not f.sources:
            continue
        total = lines.get(f.sources[0].line)
        if total is None:
            continue
        columns = [c.box for c in total.cells if c.box is not None and parse_amount(c.text) is not None]
        for src in f.sources[1:]:
            line = lines.get(src.line)
            if line is None or line.box is None:
                continue
            for column in (_column_on(document, line, c, total.page) for c in columns):
                if column is None:
                    continue
                if any(c.box is not None and abs(c.box.x1 - column.x1) <= ALIGNED
                       and parse_amount(c.text) is not None for c in line.cells):  # fmt: skip
                    continue  # this column's amount was read
                place = Box(column.x0 - 8, line.box.y0 - 1, column.x1 + 2, line.box.y1 + 1)
                garbled = [
                    i for i, c in enumerate(line.cells)
                    if c.box is not None and len(c.text) <= 16 and _in_column(c.box, column)
                    and (i > 0 or c.box.x0 >= column.x0 - 30)  # (an unlabelled subtotal's amount stands first)
                ]  # fmt: skip
                if garbled:  # read with the column's whole width: OCR may have split the amount ("i" "Ba" for 1,171)
                    box = line.cells[garbled[0]].box
                    assert box is not None
                    # up to the column's edge, where the figure ends: a speck read past it is no part of it
                    right = max(place.x1, box.x1) if box.x1 <= column.x1 + ALIGNED else place.x1
                    union = Box(min(place.x0, box.x0), min(place.y0, box.y0), right, max(place.y1, box.y1))
                    out.append((line, garbled[0], union))
                elif not any(c.box is not None and c.box.x1 > place.x0 and c.box.x0 < place.x1 for c in line.cells):
                    out.append((line, -1, place))  # nothing printed there as OCR read it
    return list({(ln.number, i, box): (ln, i, box) for ln, i, box in out}.values())


def _column_on(document: Document, line: Line, column: Box, page: int) -> Box | None:
    """Where ``column`` (a total's amount) stands on ``line``'s page: itself on the total's page; on another (a
    statement's lines on the page before its total) the nearest amount ending near it on the lines about ``line``,
    for a scanned page lies a little apart from the next (None: no amount there shows the column)."""
    if line.page == page:
        return column
    near = [
        c.box
        for other in document.lines()
        if other.page == line.page and other.number != line.number and abs(other.number - line.number) <= COLUMN_REACH
        for c in other.cells[1:]
        if c.box is not None and parse_amount(c.text) is not None and abs(c.box.x1 - column.x1) <= 3 * ALIGNED
    ]
    if not near:
        return None
    edge = min(near, key=lambda b: abs(b.x1 - column.x1)).x1
    return Box(edge - (column.x1 - column.x0), column.y0, edge, column.y1)


def amountless_lines(findings: list[Finding], document: Document) -> list[tuple[Line, int, Box]]:
    """Lines between a failed footing's lines, on its page, with no cell at all in the total's columns: OCR may
    have lost a small figure there ("31" read as a letter and dropped as a speck), and the line then reads as a
    caption wrapped onto the next. Each such place in a column is read again (cell index -1); a caption that
    really wraps has nothing printed there, and its second reading gives nothing."""
    lines = {line.number: line for line in document.lines()}
    out: list[tuple[Line, int, Box]] = []
    for f in findings:
        if f.severity is not Severity.ERROR or not f.code.endswith("-FOOT") or not f.sources:
            continue
        total = lines.get(f.sources[0].line)
        numbers = {s.line for s in f.sources if s.line in lines and lines[s.line].page == (total and total.page)}
        if total is None or len(numbers) < 3:
            continue
        columns = [c.box for c in total.cells if c.box is not None and parse_amount(c.text) is not None]
        for n in range(min(numbers) + 1, max(numbers)):
            line = lines.get(n)
            if n in numbers or line is None or line.box is None or line.confidence >= 1.0 or len(line.cells) != 1:
                continue
            if line.cells[0].text.rstrip().endswith(":"):
                continue  # a group's heading ("Receivables from:") carries no amount
            for column in columns:
                place = Box(column.x0 - 8, line.box.y0 - 1, column.x1 + 2, line.box.y1 + 1)
                if line.cells[0].box is not None and line.cells[0].box.x1 < place.x0:
                    out.append((line, -1, place))
    return out


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


def with_patches(document: Document, patches: list[Patch]) -> Document:
    """The document with each patch's amount read as its second reading (a cell added where there was none)."""
    doc = document
    for p in patches:
        current = next(ln for ln in doc.lines() if ln.number == p.line.number)
        if p.place is None:
            # the cell where it stands now: a reading over a wider box may have taken cells before it
            cell = p.line.cells[p.cell]
            index = next((k for k, c in enumerate(current.cells) if c.box == cell.box and c.text == cell.text), None)
            if index is not None:
                doc = patched(doc, current, index, p.printed, p.corrected, p.box)
        else:
            doc = _with_cell(doc, current, p.corrected, p.place)
    return doc


def _with_cell(document: Document, line: Line, text: str, box: Box) -> Document:
    """The document with an amount cell added to a line where OCR read nothing (its place read again)."""
    cells = sorted([*line.cells, Cell(text, 0, box, 0.5)], key=lambda c: c.box.x0 if c.box is not None else -1)
    return _with_cells(document, line, cells)


def _with_cells(document: Document, line: Line, cells: list[Cell]) -> Document:
    """The document with one line's cells read differently (numbered left to right, the line's text from them)."""
    cells = [replace(c, slot=k) for k, c in enumerate(cells)]
    new_line = replace(line, cells=tuple(cells), text="\t".join(c.text for c in cells))
    pages = tuple(
        Page(p.number, tuple(new_line if ln.number == new_line.number else ln for ln in p.lines))
        if p.number == new_line.page
        else p
        for p in document.pages
    )
    return replace(document, pages=pages)


MAX_VERSION_CELLS = 6  # cells whose other versions are tried when the second readings settle nothing, at most
MAX_SUBSETS = 6  # second readings beyond this many are tried all together and one by one, not in every subset


def _best_patches(
    document: Document, before: list[Finding], patches: list[Patch], check: Check
) -> tuple[Document, Filing, list[Finding], list[Patch]] | None:
    """The second readings to use: all of them, else each alone, else all but one, the first that reads better.
    (One of several second readings can itself be a misreading; the others still settle their ties.)"""
    tries = [patches]
    if len(patches) > 1:
        tries += [[p] for p in patches]
        if len(patches) <= MAX_SUBSETS:
            tries += [patches[:k] + patches[k + 1 :] for k in range(len(patches))] if len(patches) > 2 else []
    for chosen in tries:
        doc = with_patches(document, chosen)
        accepted = _improved(before, doc, check)
        if accepted is not None:
            return _pruned(document, doc, *accepted, chosen, check)
    return None


def _pruned(
    document: Document, doc: Document, filing: Filing, findings: list[Finding], chosen: list[Patch], check: Check
) -> tuple[Document, Filing, list[Finding], list[Patch]]:
    """The second readings of an accepted set that each do some good: one without which the document reads as well
    is dropped (a garbled cell read again as other wrong digits settles nothing, and is not used)."""
    for patch in list(chosen):
        if len(chosen) == 1:
            break
        rest = [p for p in chosen if p is not patch]
        without = with_patches(document, rest)
        new_filing, new_findings = check(without)
        if _failing(new_findings) <= _failing(findings):
            chosen, doc, filing, findings = rest, without, new_filing, new_findings
    return doc, filing, findings, chosen


def _other_versions(
    document: Document,
    before: list[Finding],
    patches: list[Patch],
    check: Check,
    read_versions: Rereads | None,
    form: Callable[[Patch, str], str | None],
) -> tuple[Document, Filing, list[Finding], list[Patch]] | None:
    """When the second readings settle nothing: each patched cell as its other versions read it (smoothed,
    thresholded, at another size); the first that makes the document read better, with the other second readings
    or alone, is used. Of the readings a degraded glyph allows, the totals choose; each is OCR's own reading of
    the cell, never a figure made to fit. ``form`` writes a version's reading as the cell's text (None: unusable)."""
    if read_versions is None:
        return None
    for k, patch in enumerate(patches[:MAX_VERSION_CELLS]):
        box = _patch_box(patch)
        if box is None:
            continue
        rest = patches[:k] + patches[k + 1 :]
        for reading in read_versions(document.path, patch.line.page, box):
            corrected = form(patch, reading)
            if corrected is None or corrected in (patch.corrected, patch.printed):
                continue
            other = replace(patch, corrected=corrected)
            for chosen in ([*rest, other], [other]) if rest else ([other],):
                doc = with_patches(document, chosen)
                accepted = _improved(before, doc, check)
                if accepted is not None:
                    return _pruned(document, doc, *accepted, chosen, check)
    return None


MAX_SOLUTIONS_TRIED = 12  # choices of readings the arithmetic allows that are checked on the whole document, at most


def _patch_box(patch: Patch) -> Box | None:
    """The box a patch's cell was read again over."""
    return patch.place if patch.cell < 0 else patch.box or patch.line.cells[patch.cell].box


def _total_column(total: Line | None, actual: Decimal, scale: Decimal) -> float | None:
    """Where a failed footing's total ends on its line: the right edge of the cell that reads as its amount."""
    if total is None:
        return None
    return next((c.box.x1 for c in total.cells if c.box is not None and (v := parse_amount(c.text)) is not None
                 and v * scale == actual), None)  # fmt: skip


def _places_to_read(findings: list[Finding], document: Document) -> list[tuple[Line, int, Box | None]]:
    """Where failed or unjudged ties have amounts not read: unreadable cells (over their column's width), a
    footing's garbled or empty place in a column, and amountless lines between a failed footing's lines."""
    places: list[tuple[Line, int, Box | None]] = [
        (line, i, _column_box(document, line, line.cells[i].box))
        for line, i, _ in unreadable_amounts(findings, document)
    ]
    return [*places, *unread_amounts(findings, document), *amountless_lines(findings, document)]


def _equations(filing: Filing, before: list[Finding], patches: list[Patch], document: Document) -> list[Equation]:
    """Each failed footing as an equation over the patched cells: a cell in the total's column is +1 on one of its
    lines (or on a line between them whose amount there was not read: a garbled or lost amount), -1 on its total."""
    lines = {line.number: line for line in document.lines()}
    out: list[Equation] = []
    for f in before:
        if f.severity is not Severity.ERROR or not f.code.endswith("-FOOT") or not f.sources:
            continue
        if not isinstance(f.expected, Decimal) or not isinstance(f.actual, Decimal):
            continue
        scale = _scale_of(filing, f)
        total = lines.get(f.sources[0].line)
        column = _total_column(total, f.actual, scale)
        if total is None or column is None:
            continue
        parts = {s.line for s in f.sources[1:]}
        span = range(min(parts | {total.number}), max(parts | {total.number}) + 1)
        signs = []
        for p in patches:
            box = _patch_box(p)
            aligned = box is not None and abs(box.x1 - column) <= ALIGNED + 2
            read_here = p.cell >= 0 and parse_amount(p.printed) is not None
            if not aligned or p.line.page != total.page:
                signs.append(0)
            elif p.line.number == total.number:
                signs.append(-1)
            elif p.line.number in parts or (p.line.number in span and not read_here):
                signs.append(1)
            else:
                signs.append(0)
        tolerance = Decimal(len(f.sources)) if scale != 1 else Decimal(0)
        out.append(Equation(tuple(signs), (f.actual - f.expected) / scale, tolerance))
    return out


MAX_SOLVER_CELLS = 14  # cells read more than one way that the arithmetic chooses among, at most
MAX_SOLVER_LOOKS = 30  # cells whose versions are read to find them (each is read in 9 versions), at most


def _footing_cells(filing: Filing, before: list[Finding], document: Document) -> list[tuple[Line, int]]:
    """The OCR'd amounts of each failed footing in its total's column: its total and its lines."""
    lines = {line.number: line for line in document.lines()}
    out: list[tuple[Line, int]] = []
    for f in before:
        if f.severity is not Severity.ERROR or not f.code.endswith("-FOOT") or not isinstance(f.actual, Decimal):
            continue
        total = lines.get(f.sources[0].line) if f.sources else None
        column = _total_column(total, f.actual, _scale_of(filing, f))
        if column is None:
            continue
        for src in f.sources:
            line = lines.get(src.line)
            if line is None or line.confidence >= 1.0:
                continue
            out += [(line, i) for i, c in enumerate(line.cells)
                    if i and c.box is not None and abs(c.box.x1 - column) <= ALIGNED + 2 and parse_amount(c.text) is not None]  # fmt: skip
    return list({(ln.number, i): (ln, i) for ln, i in out}.values())


def _solved(
    document: Document,
    filing: Filing,
    before: list[Finding],
    patches: list[Patch],
    check: Check,
    read_versions: Rereads | None,
    form: Callable[[Patch, str], str | None],
) -> tuple[Document, Filing, list[Finding], list[Patch]] | None:
    """When no second reading and no other version of one box settles the failed footings, several amounts may be
    misread at once: one reading per doubtful cell (as first read, as read again, or as another version of its
    box reads it) is chosen so that the footings' arithmetic holds (``tie_solver``); each such choice is checked
    on the whole document, and the one that reads best (the fewest ties failing or unjudged, then the footings
    nearest exact: printed figures foot exactly) is used only when no other reads as well. The cells are the
    doubtful ones, then the failed footings' unread lines (their place in the column), then the footings' other
    OCR'd amounts, ``MAX_SOLVER_CELLS`` at most."""
    if read_versions is None:
        return None
    unread = [Patch(line, i, line.cells[i].text if i >= 0 else "", "", box if i < 0 else None, box if i >= 0 else None)
              for line, i, box in _places_to_read(before, document)]  # fmt: skip
    readable = [
        Patch(line, i, line.cells[i].text, line.cells[i].text) for line, i in _footing_cells(filing, before, document)
    ]
    known: set[tuple[int, int, Box | None]] = set()
    cells: list[Patch] = []
    for p in [*patches, *unread, *readable]:  # the doubtful first, then the unread, then the rest of the footings
        key = (p.line.number, p.cell, p.place)
        if key not in known:
            known.add(key)
            cells.append(p)
    texts: list[list[str]] = []
    readings: list[list[Decimal]] = []
    patches = []
    for p in cells[:MAX_SOLVER_LOOKS]:
        if len(patches) == MAX_SOLVER_CELLS:
            break
        box = _patch_box(p)
        versions = read_versions(document.path, p.line.page, box) if box is not None else []
        options = [p.printed, *(t for t in [p.corrected, *(form(p, r) for r in versions)] if t)]
        by_value: dict[Decimal, str] = {}
        for k, text in enumerate(options):
            value = parse_amount(text) if text else None
            if value is None and k == 0:
                value = Decimal(0)  # nothing read there, or a garbled amount left out of the sums
            if value is not None and value not in by_value:
                by_value[value] = text
        if len(by_value) < 2:
            continue  # read one way only: nothing to choose (a blank place, a figure every version agrees on)
        patches.append(p)
        texts.append(list(by_value.values()))
        readings.append(list(by_value))
    equations = _equations(filing, before, patches, document)
    tried: list[tuple[tuple[int, Decimal], tuple[Document, Filing, list[Finding], list[Patch]]]] = []
    for pick in itertools.islice(choices(readings, equations), MAX_SOLUTIONS_TRIED):
        chosen = [replace(p, corrected=texts[k][i]) for k, (p, i) in enumerate(zip(patches, pick, strict=True)) if i]
        doc = with_patches(document, chosen)
        accepted = _improved(before, doc, check)
        if accepted is not None:
            changes = {k: readings[k][i] - readings[k][0] for k, i in enumerate(pick) if i}
            # a statement's printed figures foot exactly; within its rounding is the next best
            off = sum((e.off(changes) for e in equations), Decimal(0))
            tried.append(((len(_failing(accepted[1])), off), (doc, *accepted, chosen)))
    if not tried:
        return None
    best = min(rank for rank, _ in tried)
    winners = [result for rank, result in tried if rank == best]
    return winners[0] if len(winners) == 1 else None


@dataclass(frozen=True)
class Step:
    """A better reading repair found: the document as now read, its filing and findings, and what was changed."""

    document: Document
    filing: Filing
    findings: list[Finding]
    notes: list[Finding]


def _reread_unreadable(
    document: Document,
    findings: list[Finding],
    check: Check,
    read_box: Reread | None,
    read_versions: Rereads | None = None,
) -> Step | None:
    """Read again, at high resolution, each cell in a failed tie's amount column that OCR could not read as an
    amount, and the place of each amount a footing found not read; use the readings that read better."""
    if read_box is None:
        return None
    places = _places_to_read(findings, document)
    patches: list[Patch] = []
    for line, i, box in {(line.number, i if i >= 0 else box): (line, i, box) for line, i, box in places}.values():
        if box is None:
            continue
        second = read_box(document.path, line.page, box)
        if second is None or parse_amount(second.replace(" ", "")) is None:
            continue
        printed, place = (line.cells[i].text, None) if i >= 0 else ("", box)
        widened = box if i >= 0 and box != line.cells[i].box else None
        patches.append(Patch(line, i, printed, second.replace(" ", ""), place, widened))
    if not patches:
        return None
    best = _best_patches(document, findings, patches, check) or _other_versions(
        document, findings, patches, check, read_versions, _as_read
    )
    if best is None:
        return None
    doc, new_filing, new_findings, used = best
    notes = [
        Finding(
            code="OCR-AMOUNT-REREAD",
            severity=Severity.INFO,
            message=(
                f"'{p.printed}' in the amount column was not an amount; read again at high resolution it is "
                f"'{p.corrected}' (as {'one version' if p not in patches else 'most versions'} of the box read it), "
                "and with it a tie that failed or was not judged now holds, so it is used"
            ),
            expected=p.corrected,
            actual=p.printed,
            sources=(p.line.ref(document.path, document.reader),),
        )
        for p in used
    ]
    return Step(doc, new_filing, new_findings, notes)


COLUMN_REACH = 6  # lines above and below a garbled cell whose amounts show its column's extent


def _column_box(document: Document, line: Line, box: Box | None) -> Box | None:
    """A garbled cell's box widened to its column as the amounts above and below it stand ("MOS ie" read where
    13,713 is printed, its box ending short of the column's edge): the whole figure is read again, not a part."""
    if box is None:
        return None
    near = [
        c.box
        for other in document.lines()
        if other.page == line.page and 0 < abs(other.number - line.number) <= COLUMN_REACH
        for c in other.cells[1:]
        if c.box is not None
        and parse_amount(c.text) is not None
        and c.box.x0 <= box.x1
        and c.box.x1 >= box.x1 - ALIGNED
    ]
    if not near:
        return box
    column = min(near, key=lambda b: abs(b.x1 - box.x1))
    return Box(min(box.x0, column.x0), box.y0, max(box.x1, column.x1), box.y1)


def _as_read(patch: Patch, reading: str) -> str | None:
    """A version's reading as the cell's text, when it is an amount."""
    text = reading.replace(" ", "")
    return text if parse_amount(text) is not None else None


def _as_digits(patch: Patch, reading: str) -> str | None:
    """A version's digits in the first reading's marks ("(1,234)"), when that is an amount."""
    digits = re.sub(r"\D", "", reading)
    text = _like(patch.printed, digits) if digits else ""
    return text if text and parse_amount(text) is not None else None


def split_amounts(findings: list[Finding], document: Document) -> list[tuple[Line, int]]:
    """Two pieces side by side on a failed tie's lines that are one amount OCR split where a thousands comma
    stands ("$180" "342" for $180,342; "15279," "727" for 1,279,727; "2)" "335,761" for 2,335,761; "17121" "7." for
    1,713,217), or whose first digits it read as letters
    ("LS" "7" for 157): the first ending where no column of the tie ends (or the second ending closer to one),
    closer than two line heights."""
    lines = {line.number: line for line in document.lines()}
    out: list[tuple[Line, int]] = []
    for f in findings:
        if not _read_twice(f):
            continue
        tied = [lines[s.line] for s in f.sources if s.line in lines]
        if not tied:
            continue
        for line in _group_lines(tied, lines):
            if line.box is None:
                continue
            edges = _amount_edges([ln for ln in tied if ln.number != line.number])
            height = line.box.y1 - line.box.y0
            for i, (a, b) in enumerate(itertools.pairwise(line.cells)):
                if a.box is None or b.box is None or (line, i) in out:
                    continue
                comma_lost = re.fullmatch(r"\(?\$?\d[\d,]*[.;:)]?", a.text) and re.fullmatch(
                    r"\d{1,3}(,\d{3})*[.,;:]?\)?",
                    b.text,  # (the tail may be short, with a speck: "17121" "7.")
                )
                garbled_head = (  # "LS" "7" for 157: the first digits OCR read as letters
                    i > 0 and re.fullmatch(r"[^\s\d]{1,4}", a.text) and re.fullmatch(r"\d[\d,]*\)?", b.text)
                )
                a_off = min((abs(a.box.x1 - e) for e in edges), default=ALIGNED + 1)
                b_off = min((abs(b.box.x1 - e) for e in edges), default=ALIGNED + 1)
                if (
                    (comma_lost or garbled_head)
                    and b.box.x0 - a.box.x1 <= 2 * height
                    and not (a_off <= ALIGNED and a_off <= b_off)  # the first piece is no column's amount itself
                ):
                    out.append((line, i))
    return out


_WHOLE = re.compile(r"\(?\$?(\d{1,3}(,\d{3})+|\d+)\)?")  # one whole amount, as a second reading gives it


def _join_split(document: Document, findings: list[Finding], check: Check, read_box: Reread | None) -> Step | None:
    """Join each amount OCR split in two when the second reading of the two together is one whole amount (the
    pieces' digits, or other digits where a piece was misread) and the document reads better with it."""
    if read_box is None:
        return None
    for line, i in split_amounts(findings, document):
        a, b = line.cells[i], line.cells[i + 1]
        assert a.box is not None and b.box is not None
        place = Box(a.box.x0, min(a.box.y0, b.box.y0), b.box.x1, max(a.box.y1, b.box.y1))
        second = read_box(document.path, line.page, place)
        if second is None or not _WHOLE.fullmatch(second.replace(" ", "")):
            continue
        joined = _like(a.text, re.sub(r"\D", "", second))
        cells = [*line.cells[:i], Cell(joined, a.slot, place, min(a.confidence, b.confidence)), *line.cells[i + 2 :]]
        doc = _with_cells(document, line, cells)
        accepted = _improved(findings, doc, check)
        if accepted is not None:
            note = Finding(
                code="OCR-AMOUNT-REREAD",
                severity=Severity.INFO,
                message=(
                    f"'{a.text}' and '{b.text}' side by side are one amount OCR split in two: "
                    f"read again at high resolution the two read '{second}', and with {joined} the tie holds, so it "
                    "is used"
                ),
                expected=joined,
                actual=f"{a.text} {b.text}",
                sources=(line.ref(document.path, document.reader),),
            )
            return Step(doc, *accepted, [note])
    return None


def _digit_repairs(
    document: Document,
    filing: Filing,
    findings: list[Finding],
    check: Check,
    read_box: Reread | None,
    read_versions: Rereads | None = None,
) -> tuple[Step | None, list[Finding], list[Finding]]:
    """Each single-digit correction that makes a failed tie hold, read again: the first that the second reading
    confirms and that reads better is used; else the confirmed ones together; else the one correction (exactly
    one) that some other version of its box reads (``read_versions``) and that reads better. Returns that step
    (or None), and the suggestions for the corrections not confirmed, with the failed ties they are about."""
    suggestions: list[Finding] = []
    suggested: list[Finding] = []  # the failed tie each suggestion is about
    tried: set[tuple[int, int, str]] = set()
    confirmed_apart: list[tuple[Candidate, str]] = []  # confirmed by the second reading, but not enough alone
    unconfirmed: list[Candidate] = []
    for c in candidates(filing, findings, document):
        key = (c.line.number, c.cell_index, c.corrected)
        if key in tried:
            continue
        tried.add(key)
        second = reread(document, c.line, c.cell_index, read_box)
        if second is None or not _confirms(second, c.corrected):
            unconfirmed.append(c)
        if second is not None and _confirms(second, c.corrected):
            confirmed_apart.append((c, second))
            doc = patched(document, c.line, c.cell_index, c.printed, c.corrected)
            accepted = _improved(findings, doc, check)
            if accepted is not None:
                note = Finding(
                    code="OCR-DIGIT-REPAIRED",
                    severity=Severity.INFO,
                    message=(
                        f"'{c.printed}' was read again at high resolution as '{second}'; with {c.corrected} the tie "
                        f"holds, so {c.corrected} is used (first reading {c.printed})"
                    ),
                    expected=c.corrected,
                    actual=c.printed,
                    sources=(c.line.ref(document.path, document.reader),),
                )
                return Step(doc, *accepted, [note]), [], []
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
    step = _confirmed_together(document, findings, confirmed_apart, check) or _by_one_version(
        document, findings, unconfirmed, check, read_versions
    )
    return step, suggestions, suggested


def _by_one_version(
    document: Document, before: list[Finding], unconfirmed: list[Candidate], check: Check, read_versions: Rereads | None
) -> Step | None:
    """A correction the second reading did not confirm but another version of its box reads (a degraded glyph
    that reads "9" in most versions and "5" in one): used when it reads better and no other such correction
    does, so the totals choose among OCR's own readings only when exactly one of them ties."""
    if read_versions is None:
        return None
    better: list[tuple[Candidate, str, tuple[Filing, list[Finding]]]] = []
    for c in unconfirmed:
        box = c.line.cells[c.cell_index].box
        if box is None:
            continue
        reading = next((r for r in read_versions(document.path, c.line.page, box) if _confirms(r, c.corrected)), None)
        if reading is None:
            continue
        accepted = _improved(before, patched(document, c.line, c.cell_index, c.printed, c.corrected), check)
        if accepted is not None:
            better.append((c, reading, accepted))
    if len(better) != 1:
        return None
    c, reading, accepted = better[0]
    note = Finding(
        code="OCR-DIGIT-REPAIRED",
        severity=Severity.INFO,
        message=(
            f"'{c.printed}' reads '{reading}' in one version of its box read again at high resolution (most read "
            f"'{c.printed}'); with {c.corrected} the tie holds and no other reading makes it hold, so {c.corrected} "
            "is used"
        ),
        expected=c.corrected,
        actual=c.printed,
        sources=(c.line.ref(document.path, document.reader),),
    )
    return Step(patched(document, c.line, c.cell_index, c.printed, c.corrected), *accepted, [note])


def _confirms(second: str, corrected: str) -> bool:
    """Whether a second reading gives the corrected digits."""
    return corrected.strip("$()") in second.replace(" ", "") or re.sub(r"\D", "", second) == re.sub(
        r"\D", "", corrected
    )


MAX_ROUNDS = 6  # better readings used one after another in one document, at most
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


def _holding(filing: Filing) -> int:
    """How many of the filing's footings are judged and hold."""
    return sum(1 for st in filing.statements.values() for f in st.footings() if f.holds)


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


def repair(
    document: Document,
    filing: Filing,
    findings: list[Finding],
    check: Check,
    read_box: Reread | None = None,
    read_versions: Rereads | None = None,
) -> tuple[Filing, list[Finding]]:
    """Read the amounts of failed ties again (``read_box``) and use each reading that reads better, round after
    round (when none does, ``read_versions``' other readings of those boxes are tried); then suggest the
    corrections no second reading confirmed, and leave each tie whose reading stays in doubt unclaimed. Without
    ``read_box`` no reading is changed; candidates become suggestions."""
    read_box = _remembered(read_box)
    read_versions = _remembered(read_versions)
    notes: list[Finding] = []
    for _ in range(MAX_ROUNDS):
        if not _failing(findings):
            break
        step = _join_split(document, findings, check, read_box) or _reread_unreadable(
            document, findings, check, read_box, read_versions
        )
        if step is None:
            step = _digit_repairs(document, filing, findings, check, read_box, read_versions)[0]
        if step is None:
            second = _second_reading(document, findings, check, read_box, read_versions, filing)
            step = second if isinstance(second, Step) else None
        if step is None:
            break
        document, filing, findings = step.document, step.filing, step.findings
        notes += step.notes
    for _ in range(MAX_ROUNDS):
        step = _reread_strays(document, filing, findings, check, read_box, read_versions)
        if step is None:
            break
        document, filing, findings = step.document, step.filing, step.findings
        notes += step.notes
    _, suggestions, suggested = _digit_repairs(document, filing, findings, check, None)
    ambiguous = _ambiguous(suggestions, suggested, document)
    covered = {id(error) for error, _ in ambiguous}  # every other failed tie is read twice before it is claimed
    second = _second_reading(document, [f for f in findings if id(f) not in covered], check, read_box, judge_only=True)
    ambiguous += second if isinstance(second, list) else []
    ambiguous += _unread_in_column(findings, document, read_box, {id(error) for error, _ in ambiguous})
    kept = _not_claimed(findings, ambiguous)
    return filing, [*kept[: len(findings)], *suggestions[:5], *kept[len(findings) :], *notes]


def _unread_in_column(
    findings: list[Finding], document: Document, read_box: Reread | None, known: set[int]
) -> list[Ambiguity]:
    """A failed tie with a cell in its amount column that OCR could not read as an amount, read twice: the tie
    may hold with the amount printed there, so it is no claim that the report is wrong (a text layer's cells are
    exact, and are not among them)."""
    out: list[Ambiguity] = []
    for line, i, error in unreadable_amounts(findings, document):
        if id(error) in known:
            continue
        known.add(id(error))
        second = reread(document, line, i, read_box)
        note = Finding(
            code="INCOMPLETE-AMBIGUOUS",
            severity=Severity.WARNING,
            message=(
                f"{error.message.split(':')[0]}: the tie fails as OCR read the amounts, but '{line.cells[i].text}' "
                f"stands in its amount column and could not be read as an amount"
                + (f" (read again: '{second}')" if second else "")
                + ", so finop claims neither that it ties nor that it does not"
            ),
            sources=(*error.sources, line.ref(document.path, document.reader)),
        )
        out.append((error, note))
    return out


def _confirmed_together(
    document: Document,
    before: list[Finding],
    confirmed: list[tuple[Candidate, str]],
    check: Check,
) -> Step | None:
    """Two misread digits in one report (net income in the equity statement and a balance sheet line) each leave
    the other's tie failing, so neither reads better alone: every correction a second reading confirmed is
    applied together (one a cell), and kept when the document then reads better."""
    chosen: dict[tuple[int, int], tuple[Candidate, str]] = {}
    for c, second in confirmed:
        chosen.setdefault((c.line.number, c.cell_index), (c, second))
    if len(chosen) < 2:
        return None
    doc = with_patches(document, [Patch(c.line, c.cell_index, c.printed, c.corrected) for c, _ in chosen.values()])
    accepted = _improved(before, doc, check)
    if accepted is None:
        return None
    notes = [
        Finding(
            code="OCR-DIGIT-REPAIRED",
            severity=Severity.INFO,
            message=(
                f"'{c.printed}' was read again at high resolution as '{second}'; with {c.corrected} (and the other "
                f"{len(chosen) - 1} correction(s) read again the same way) the ties hold, so {c.corrected} is used "
                f"(first reading {c.printed})"
            ),
            expected=c.corrected,
            actual=c.printed,
            sources=(c.line.ref(document.path, document.reader),),
        )
        for c, second in chosen.values()
    ]
    return Step(doc, *accepted, notes)


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
# errors on amounts a second reading covers: every tie (a footing, the balance, the arithmetic, a roll-forward, the
# note against the schedule, the requirement against aggregate debit items) and every rule test on a figure read
# (the stated minimum against the rule's); on prose (a note) only the cells that are amounts are read again
SECOND_READ = re.compile(r"^(TIE|RULE)-")


def _read_twice(f: Finding) -> bool:
    """An error on amounts read from the page, which a second reading of them covers."""
    return f.severity is Severity.ERROR and bool(SECOND_READ.match(f.code)) and bool(f.sources)


def _second_reading(
    document: Document,
    findings: list[Finding],
    check: Check,
    read_box: Reread | None,
    read_versions: Rereads | None = None,
    filing: Filing | None = None,
    judge_only: bool = False,
) -> Step | list[Ambiguity]:
    """A tie that fails on amounts OCR read is a claim that the report is wrong only when a second reading of
    those amounts, at high resolution, gives the same digits. Every OCR'd amount on the lines of each failed
    tie is read again: when second readings make the document read better, they are used (OCR-AMOUNT-REREAD);
    when some differ but the tie still fails, the reading is ambiguous (INCOMPLETE-AMBIGUOUS); when all
    agree, the error stands. (A text layer's digits are exact: nothing is read again there.)"""
    if read_box is None:
        return []
    lines = {line.number: line for line in document.lines()}
    ambiguous: list[Ambiguity] = []
    patches: list[Patch] = []
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
                    patches.append(Patch(line, i, cell.text, _like(cell.text, digits)))
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
    if judge_only:  # only which failed ties the second readings leave in doubt
        return ambiguous
    best = (_best_patches(document, findings, patches, check)
            or _other_versions(document, findings, patches, check, read_versions, _as_digits)) if patches else None  # fmt: skip
    solved = None
    if best is None and filing is not None:
        best = solved = _solved(document, filing, findings, patches, check, read_versions, _as_digits)
    if best is not None:
        doc, new_filing, new_findings, used = best
        how = (
            "no one of them settles the ties alone, but this choice among the readings OCR gave each box (first, "
            "second, or another version of the box) makes them hold and no other choice does as well, so it is used"
            if solved
            else "with the second readings the ties hold, so they are used"
        )
        note = Finding(
            code="OCR-AMOUNT-REREAD",
            severity=Severity.INFO,
            message=(
                f"{len(used)} amount(s) of a failed tie read again at high resolution ("
                + "; ".join(f"'{p.printed}' as '{p.corrected}'" for p in used[:6])
                + f"); {how}"
            ),
            sources=tuple(p.line.ref(document.path, document.reader) for p in used[:6]),
        )
        return Step(doc, new_filing, new_findings, [note])
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
            if len(re.sub(r"\D", "", cell.text)) >= 2 and parse_amount(cell.text.rstrip(",.;: ")) is not None:
                out.append((line, i, False))  # a speck after the figure ("$451,") does not hide it
    tied = [lines[s.line] for s in f.sources if s.line in lines]
    if TIE_CODES.match(f.code) and tied:
        for line in _group_lines(tied, lines):
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
