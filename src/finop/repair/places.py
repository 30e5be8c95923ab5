"""Where repair reads again: the cells and empty places of failed or unjudged ties where an amount stands."""

from __future__ import annotations

import itertools
import re

from finop.model.document import Document, Line
from finop.model.findings import Finding, Severity
from finop.model.source import Box
from finop.money import parse_amount
from finop.repair.outcome import TIE_CODES, _footing_unread


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


def _place(column: Box, line: Line) -> Box:
    """The box where ``column``'s amount stands on ``line``: the column's width (a little more before it, where a
    longer figure starts) over the line's height."""
    assert line.box is not None
    return Box(column.x0 - 8, line.box.y0 - 1, column.x1 + 2, line.box.y1 + 1)


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
                place = _place(column, line)
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
    near = [b for b in _amounts_about(document, line) if abs(b.x1 - column.x1) <= 3 * ALIGNED]
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
                place = _place(column, line)
                if line.cells[0].box is not None and line.cells[0].box.x1 < place.x0:
                    out.append((line, -1, place))
    return out


def _places_to_read(findings: list[Finding], document: Document) -> list[tuple[Line, int, Box | None]]:
    """Where failed or unjudged ties have amounts not read: unreadable cells (over their column's width), a
    footing's garbled or empty place in a column, and amountless lines between a failed footing's lines."""
    places: list[tuple[Line, int, Box | None]] = [
        (line, i, _column_box(document, line, line.cells[i].box))
        for line, i, _ in unreadable_amounts(findings, document)
    ]
    return [*places, *unread_amounts(findings, document), *amountless_lines(findings, document)]


COLUMN_REACH = 6  # lines above and below a garbled cell whose amounts show its column's extent


def _amounts_about(document: Document, line: Line) -> list[Box]:
    """The boxes of the amounts on the lines above and below ``line`` on its page (``COLUMN_REACH`` each way):
    where its columns stand."""
    return [
        c.box
        for other in document.lines()
        if other.page == line.page and 0 < abs(other.number - line.number) <= COLUMN_REACH
        for c in other.cells[1:]
        if c.box is not None and parse_amount(c.text) is not None
    ]


def _column_box(document: Document, line: Line, box: Box | None) -> Box | None:
    """A garbled cell's box widened to its column as the amounts above and below it stand ("MOS ie" read where
    13,713 is printed, its box ending short of the column's edge): the whole figure is read again, not a part."""
    if box is None:
        return None
    near = [b for b in _amounts_about(document, line) if b.x0 <= box.x1 and b.x1 >= box.x1 - ALIGNED]
    if not near:
        return box
    column = min(near, key=lambda b: abs(b.x1 - box.x1))
    return Box(min(box.x0, column.x0), box.y0, max(box.x1, column.x1), box.y1)


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


# errors on amounts a second reading covers: every tie (a footing, the balance, the arithmetic, a roll-forward, the
# note against the schedule, the requirement against aggregate debit items) and every rule test on a figure read
# (the stated minimum against the rule's); on prose (a note) only the cells that are amounts are read again
SECOND_READ = re.compile(r"^(TIE|RULE)-")


def _read_twice(f: Finding) -> bool:
    """An error on amounts read from the page, which a second reading of them covers."""
    return f.severity is Severity.ERROR and bool(SECOND_READ.match(f.code)) and bool(f.sources)


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
