"""Turn a section's lines into statement rows: columns, scale, captions, amounts.

Knows table layout (columns, merged rows, scale), not what the rows mean:
``structure`` gives them meaning.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from finop.extract.rows import Amt, Caption, RawLine, amount_cell, split_captions, split_line
from finop.extract.sections import Section
from finop.model.document import Cell, Line
from finop.model.findings import Finding, Severity
from finop.model.source import SourceRef
from finop.money import parse_amount

_THOUSANDS = re.compile(
    r"in\s+thousands|\(\s*0{3}'?s?\s+omitted\s*\)|000'?s\s+omitted|dollars\s+in\s+thousands"
    r"|\(\s*(?:in\s+)?\$\s?0{3}'?s?\b|\bin\s+\$\s?0{3}'?s?\b",  # "(in $000s, except ...)", "($000)"
    re.I,
)
_MILLIONS = re.compile(r"in\s+millions", re.I)
# OCR'd rules, specks and stray letters before a caption ("__ Obligation", "we Total assets", "r ) Financial")
_LEAD_JUNK = re.compile(r"^(?:[_~=*•·.,;:'\"|\\/\s-]+|[a-z]{1,3}\s*\)?\s+)(?=[A-Z(])")


@dataclass
class Row:
    """A statement row before it gets its meaning."""

    label: str
    context: str
    values: list[Decimal | None]
    sources: list[SourceRef | None]
    printed: list[str]
    line: Line
    header: bool = False


@dataclass
class Table:
    rows: list[Row]
    columns: list[str]
    scale: int
    findings: list[Finding] = field(default_factory=list)


_SCALE_WORD = re.compile(r"\b(thousands|millions)\b|0{3}'?s\s+omitted", re.I)


def detect_scale(lines: list[Line]) -> int:
    """'(In thousands)', '(Dollars in millions)', '000s omitted' near the heading (OCR may garble the 'In')."""
    for line in lines:
        if _MILLIONS.search(line.text):
            return 1_000_000
        if _THOUSANDS.search(line.text):
            return 1000
        m = _SCALE_WORD.search(line.text)
        if m and len(line.text) < 80:
            return 1_000_000 if m.group(1) and m.group(1).lower() == "millions" else 1000
    return 1


def _over_columns(raw: RawLine, positions: list[float]) -> bool:
    """True when a line of two or more text cells stands over the amount columns, each cell ending where a
    column of amounts ends (a PDF's right-aligned column headings: 'Members' equity  Accumulated deficit')."""
    cells = [c for c in raw.line.cells if c.text.strip()]
    if len(cells) < 2 or len(positions) < 2 or any(c.box is None for c in cells):
        return False
    matched = [next((i for i, x in enumerate(positions) if abs(c.box.x1 - x) <= 12), None) for c in cells]  # type: ignore[union-attr]
    return all(m is not None for m in matched) and len(set(matched)) == len(cells)


def _aligned_cells(raw: RawLine, positions: list[float]) -> dict[int, str] | None:
    """The text cells of a line that stands over the amount columns, by column (None: some cell does not)."""
    cells = [c for c in raw.line.cells if c.text.strip()]  # an empty caption cell holds no heading
    if raw.amounts or not cells or any(c.box is None for c in cells):
        return None
    out: dict[int, str] = {}
    for cell in cells:
        col = next((i for i, x in enumerate(positions) if abs(cell.box.x1 - x) <= 12), None)  # type: ignore[union-attr]
        if col is None or col in out:
            return None
        if col > 0 and cell.box.x0 < positions[col - 1] - 4:  # type: ignore[union-attr]
            return None  # it runs over the column to its left: a centred title or date, not a heading
        out[col] = cell.text
    return out


def _caption_left_of(raw: RawLine, positions: list[float]) -> bool:
    """A line of caption text alone, ending left of every amount column."""
    cells = [c for c in raw.line.cells if c.text.strip()]
    return bool(cells) and not raw.amounts and all(c.box is not None and c.box.x1 < min(positions) - 24 for c in cells)


def _stacked_header(raws: list[RawLine], positions: list[float]) -> tuple[list[str], list[int]]:
    """Column names printed over two or three lines, each piece right-aligned over its column
    ('Additional paid-' / 'in capital'): the pieces of each column joined top to bottom."""
    first = next((i for i, r in enumerate(raws) if r.amounts), len(raws))
    used: list[int] = []
    for idx in range(first - 1, -1, -1):  # the block of heading lines just above the first amounts
        cells = _aligned_cells(raws[idx], positions)
        if cells is None and not used and _caption_left_of(raws[idx], positions):
            continue  # the first line's caption, wrapped above its amounts ("Balance, December 31," / "2023 ...")
        if cells is None:
            break
        used.insert(0, idx)
    pieces: dict[int, list[str]] = {}
    for idx in used:
        for col, text in (_aligned_cells(raws[idx], positions) or {}).items():
            pieces.setdefault(col, []).append(text)
    if len(used) < 2 or len(pieces) != len(positions):
        return [], []
    names = []
    for col in range(len(positions)):
        name = ""
        for piece in pieces[col]:
            name = name + piece if name.endswith("-") else f"{name} {piece}".strip()
        names.append(name)
    return names, used


def _column_header(raws: list[RawLine], positions: list[float] | None = None) -> tuple[list[str], int | None]:
    """Column names from a year row or a row of text cells before the first amount row."""
    for idx, raw in enumerate(raws):
        if raw.year_header:
            return raw.year_header, idx
        if raw.amounts:
            return [], None
        if positions and _over_columns(raw, positions):
            return [c.text for c in raw.line.cells if c.text.strip()], idx
        texts = [c.text for c in raw.line.cells]
        if len(texts) >= 3 and not texts[0] and sum(1 for t in texts if t) >= 2:
            return [t for t in texts[1:] if t], idx
        if len(texts) >= 2 and sum(1 for t in texts[1:] if t) >= 2 and not texts[0]:
            return [t for t in texts[1:] if t], idx
    return [], None


def positional_columns(raws: list[RawLine]) -> list[float]:
    """Right edges of the amount columns, from where amounts line up (PDF and OCR readers only)."""
    xs = sorted(g[0].x1 for r in raws for g in r.groups if g and g[0].x1 is not None)
    if len(xs) < 3:
        return []
    clusters: list[list[float]] = [[xs[0]]]
    for x in xs[1:]:
        if x - clusters[-1][-1] <= 8:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    rows = sum(1 for r in raws if r.groups)
    return [statistics.median(c) for c in clusters if len(c) >= max(2, 0.15 * rows)]


COLUMN_ALIGNED = 8.0  # points: a cell (garbled or not) ending this close to where a column's amounts end stands in it


def promote_column_amount(raw: RawLine, columns: list[float]) -> None:
    """A line's first cell that is a bare number standing in an amount column is an amount, not a caption
    (an unlabelled subtotal "89" under its group: too short to carry a comma or a $)."""
    cells = raw.line.cells
    first = next((c for c in cells if c.text.strip()), None)
    if first is None or first.box is None or raw.year_header or not raw.label or raw.label != first.text.strip():
        return
    value = parse_amount(raw.label)
    if value is None or any(ch.isalpha() for ch in raw.label):
        return
    if any(abs(first.box.x1 - c) <= 10 for c in columns) and first.box.x0 > min(columns) - 120:
        raw.groups = [[Amt(value, raw.label, 0, first.box.x1)], *raw.groups]
        raw.groups = [[Amt(a.value, a.text, slot, a.x1) for a in g] for slot, g in enumerate(raw.groups)]
        raw.label = ""


def reclaim_column_cells(raw: RawLine, columns: list[float]) -> None:
    """An OCR'd row with a cell in every amount column, one of them garbled ("2023  rd  226  B20  562",
    "... 36,088,318  DLA 27S5"): reading amounts from the right stopped at the garbled cell and left the rest in the
    caption. Where the cells after the caption fill the columns exactly (each column's last cell ending at its
    edge, any piece before it inside the column), each column's cells are its amount: read, or kept unread.
    A cell belongs to the column whose stretch of the line it overlaps most ("$'17508,524 5)" run a little past
    its column's edge by a speck)."""
    line = raw.line
    if line.confidence >= 1.0 or raw.year_header or len(columns) < 2:
        return
    cells = [c for c in line.cells if c.text.strip()]
    if len(cells) < 2 or any(c.box is None for c in cells) or cells[0].box.x1 > columns[0] - 40:  # type: ignore[union-attr]
        return
    width = min(b - a for a, b in itertools.pairwise(columns))
    spans = list(zip([columns[0] - width, *columns[:-1]], columns, strict=True))  # each column's stretch of the line
    by_column: list[list[Cell]] = [[] for _ in columns]
    for cell in cells[1:]:
        box = cell.box
        assert box is not None
        overlaps = [min(box.x1, b) - max(box.x0, a) for a, b in spans]
        col = max(range(len(columns)), key=lambda i: overlaps[i])
        if overlaps[col] <= 0 or box.x1 > columns[-1] + COLUMN_ALIGNED:
            return  # outside the columns
        by_column[col].append(cell)
    groups: list[list[Amt]] = []
    for slot, (group, x) in enumerate(zip(by_column, columns, strict=True)):
        off = abs(group[-1].box.x1 - x) if group and group[-1].box is not None else None
        if off is None or off > 2 * COLUMN_ALIGNED:
            return  # a column with nothing in it, or a cell standing short of its edge: not a row of the table
        amts = amount_cell(group[0].text, strict=False) if len(group) == 1 and off <= COLUMN_ALIGNED else None
        groups.append([Amt(a.value, a.text, slot, x) for a in amts] if amts and len(amts) == 1 else [])
    if sum(1 for g in groups if g) <= len(raw.amounts):
        return  # nothing more is read this way (a line of headings over the columns reads no amount at all)
    raw.label = cells[0].text.strip()
    raw.groups = groups


def demote_caption_amounts(raw: RawLine, columns: list[float]) -> None:
    """Amounts that do not stand in an amount column belong to the caption ("net of reserve of $11")."""
    keep: list[list[Amt]] = []
    moved: list[str] = []
    for group in raw.groups:
        x1 = group[0].x1 if group else None
        if x1 is not None and not any(abs(x1 - c) <= 10 for c in columns):
            moved.extend(a.text for a in group)
        else:
            keep.append(group)
    if moved:
        raw.label = f"{raw.label} {' '.join(moved)}".strip()
        raw.groups = keep


_SECTION_WORD = re.compile(
    r"^\W*(assets|liabilities|(total\s+)?(members?|stockholders?|partners?|shareholders?)['’]?s?['’]?\s+(equity|capital)|equity|capital)\W*$",
    re.I,
)


def _caption_only(raw: RawLine) -> bool:
    return (
        not raw.groups
        and not raw.year_header
        and sum(ch.isalpha() for ch in raw.label) >= 3
        and not raw.label.rstrip().endswith(":")
        and not _SECTION_WORD.match(raw.label)
        and not raw.label.lower().startswith("total")
    )


def join_drifted_amounts(raws: list[RawLine], amount_x1: Sequence[float] = ()) -> list[RawLine]:
    """An uncaptioned amount just above a caption-only line is that caption's amount (OCR put it a line higher),
    unless it is the sum of the lines above it (then it is an uncaptioned subtotal), or the caption has an amount
    of its own that OCR could not read (``_unread_amount``: ``amount_x1`` are where the table's amounts end)."""
    out: list[RawLine] = []
    for i, raw in enumerate(raws):
        nxt = raws[i + 1] if i + 1 < len(raws) else None
        if (
            nxt is not None
            and len(raw.amounts) == 1
            and not any(ch.isalpha() for ch in raw.label)
            and _caption_only(nxt)
            and not _unread_amount(nxt, amount_x1)
        ):
            above = _amounts_above(out)
            if not above or abs(sum(above, Decimal(0)) - raw.amounts[0].value) > len(above):
                nxt.label, nxt.groups = nxt.label, raw.groups
                continue
        out.append(raw)
    return out


def join_wrapped_captions(raws: list[RawLine], amount_x1: Sequence[float] = ()) -> list[RawLine]:
    """A caption that wraps onto the next line ("...regulations" / "(includes ...)  14,646") is one caption;
    so is one wrapped over three lines or more, each line after the first starting in lower case ("Securities
    borrowed to effectuate short sales by customers and" / "securities borrowed to make delivery on
    customers' securities failed" / "to deliver  800,000"). A line whose own amount OCR could not read
    (``_unread_amount``: "Affiliates  LO") wraps onto nothing: the uncaptioned amount below it is another line's."""
    out: list[RawLine] = []
    i = 0
    while i < len(raws):
        raw = raws[i]
        nxt = raws[i + 1] if i + 1 < len(raws) else None
        if nxt is not None and _unread_amount(raw, amount_x1):
            nxt = None
        if (
            nxt is not None
            and not raw.groups
            and not raw.year_header
            and raw.label
            and not raw.label.rstrip().endswith(":")
            and not nxt.groups
            and not nxt.year_header
            and nxt.label[:1].islower()
            and i + 2 < len(raws)
            and (raws[i + 2].label[:1].islower() or raws[i + 2].label[:1] == "(")
        ):
            nxt.label = f"{raw.label} {nxt.label}"  # the middle of a caption wrapped over three lines or more
            i += 1
            continue
        if (
            nxt is not None
            and not raw.groups
            and not raw.year_header
            and raw.label
            and not raw.label.rstrip().endswith(":")
            and nxt.groups
            and nxt.label[:1]
            and (nxt.label[:1].islower() or nxt.label[:1] == "(")
        ):
            nxt.label = f"{raw.label} {nxt.label}"
            i += 1
            continue
        if (
            nxt is not None
            and not raw.groups
            and not raw.year_header
            and sum(ch.isalpha() for ch in raw.label) >= 3
            and not raw.label.rstrip().endswith(":")
            and not _SECTION_WORD.match(raw.label)
            and nxt.groups
            and not any(ch.isalpha() for ch in nxt.label)
            and not raw.label.lower().startswith("total")
            and not _sums_the_lines_above(out, nxt)
        ):
            # the amount OCR put a line lower than its caption
            nxt.label = raw.label
            i += 1
            continue
        out.append(raw)
        i += 1
    return out


def _amounts_above(out: list[RawLine]) -> list[Decimal]:
    """The last amounts of the lines above, back to the group's heading (a caption-only line)."""
    above: list[Decimal] = []
    for prev in reversed(out):
        if not prev.amounts:
            if sum(ch.isalpha() for ch in prev.label) >= 3:
                break
            continue  # OCR specks ("_") between the lines
        above.append(prev.amounts[-1].value)
    return above


def _sums_the_lines_above(out: list[RawLine], raw: RawLine) -> bool:
    """An uncaptioned amount that equals the sum of the amounts above it, within one printed unit a line (the
    caption whose amount OCR lost counts as a line): the group's subtotal, not that caption's amount."""
    above = _amounts_above(out)
    return (
        len(raw.amounts) == 1
        and len(above) >= 2
        and abs(sum(above, Decimal(0)) - raw.amounts[0].value) <= len(above) + 1
    )


def _unread_amount(raw: RawLine, amount_x1: Sequence[float]) -> bool:
    """An OCR'd line with a caption and, where the table's amounts stand, a cell with digits OCR could not read as
    an amount ("Balance, December 31, 2015  1 el Ac I", "Net income  S75"): a line of the statement whose amounts
    were not read, not a heading (a heading taken for it would leave its total footing without it). A few letters
    with no digit ("Affiliates  LO" where 757 is printed) count when they end where three or more of the table's
    amounts end and the caption is no group heading ("Payables to:"): a word of a caption does not stand there."""
    line = raw.line
    if line.confidence >= 1.0 or len(line.cells) < 2 or sum(ch.isalpha() for ch in line.cells[0].text) < 3:
        return False
    caption = line.cells[0].text
    if re.match(r"\W*total\b", caption, re.I):
        return False  # a total's lines are read: the totals over it foot across them (repair reads it as a stray cell)

    def unread(cell: Cell) -> bool:
        if cell.box is None:
            return False
        x1 = cell.box.x1
        if any(ch.isdigit() for ch in cell.text):
            return len(cell.text) <= 16 and any(abs(x1 - x) <= COLUMN_ALIGNED for x in amount_x1)
        column = sum(abs(x1 - x) <= COLUMN_ALIGNED for x in amount_x1) >= 3
        return column and len(cell.text.strip()) <= 3 and not caption.rstrip().endswith(":")

    return any(unread(c) for c in line.cells[1:])


class TableBuilder:
    def __init__(self, section: Section, file: str, reader: str) -> None:
        self.section = section
        self.file = file
        self.reader = reader

    def _ref(self, line: Line) -> SourceRef:
        return line.ref(self.file, self.reader)

    def build(self) -> Table:
        lines = self.section.lines
        raws = [split_line(line) for line in lines]
        positions = positional_columns(raws)
        if positions:
            for raw in raws:
                promote_column_amount(raw, positions)
                reclaim_column_cells(raw, positions)
                demote_caption_amounts(raw, positions)
        # where the table's amounts end (joining lines moves amounts between lines, never adds or drops one)
        amount_x1 = [a.x1 for raw in raws for a in raw.amounts if a.x1 is not None]
        raws = join_drifted_amounts(join_wrapped_captions(raws, amount_x1), amount_x1)
        scale = detect_scale([self.section.heading, *lines[:6]])
        columns, header_idx = _column_header(raws, positions)
        header_lines = {header_idx} if header_idx is not None else set()
        if positions and len(positions) >= 2 and len(columns) != len(positions):
            stacked, used = _stacked_header(raws, positions)
            if stacked:
                columns, header_idx, header_lines = stacked, None, set(used)
        ncols = max(1, len(columns))
        self.positions = positions if ncols > 1 and len(positions) == ncols else []
        self.column_x1: list[float] = []
        if header_idx is not None and raws[header_idx].year_x1 and all(x is not None for x in raws[header_idx].year_x1):
            self.column_x1 = [x for x in raws[header_idx].year_x1 if x is not None]
        table = Table(rows=[], columns=columns or ["amount"], scale=scale)
        for idx, raw in enumerate(raws):
            if idx in header_lines:
                continue
            raw.label = _LEAD_JUNK.sub("", raw.label)
            if not raw.amounts and _unread_amount(raw, amount_x1):
                ref = self._ref(raw.line)
                table.rows.append(Row(label=raw.line.cells[0].text.strip(), context="", values=[None] * ncols,
                                      sources=[ref] * ncols, printed=[""] * ncols, line=raw.line))  # fmt: skip
                continue
            if not raw.amounts:
                letters = sum(ch.isalpha() for ch in raw.label)
                if letters >= 3 and not _THOUSANDS.search(raw.label) and not _MILLIONS.search(raw.label):
                    table.rows.append(self._header(raw))
                continue
            if ncols == 1:
                self._single_column(raw, table)
            else:
                self._multi_column(raw, ncols, table)
        return table

    def _header(self, raw: RawLine) -> Row:
        text = raw.label.rstrip(":—- ").strip()
        return Row(label=text, context="", values=[], sources=[], printed=[], line=raw.line, header=True)

    def _single_column(self, raw: RawLine, table: Table) -> None:
        amts = raw.amounts
        split = split_captions(raw.label, len(amts))
        ref = self._ref(raw.line)
        captions, trailing = split if split is not None else (None, [])
        if captions is None:
            table.findings.append(
                Finding(
                    code="EXTRACT-MERGED-ROW",
                    severity=Severity.WARNING,
                    message=(
                        f"{len(amts)} amounts on one line but the caption could not be split "
                        f"into {len(amts)} captions; the first amount keeps the caption"
                    ),
                    sources=(ref,),
                )
            )
            captions = [Caption(label=raw.label, context="")] + [
                Caption(label=f"(unlabelled amount {i + 2})", context="") for i in range(len(amts) - 1)
            ]
        for cap, amt in zip(captions, amts, strict=True):
            table.rows.append(
                Row(
                    label=cap.label,
                    context=cap.context,
                    values=[amt.value],  # in the printed unit: the Filing's assembly applies it once
                    sources=[ref],
                    printed=[amt.text],
                    line=raw.line,
                )
            )
        for text in trailing:
            table.rows.append(
                Row(label=text, context="", values=[], sources=[], printed=[], line=raw.line, header=True)
            )

    def _by_position(self, cells: list[list[Amt]]) -> list[int] | None:
        """The column of each amount of a short row, by where it ends on the page (None: not known)."""
        if not self.positions or any(not g or g[-1].x1 is None for g in cells):
            return None
        cols = [min(range(len(self.positions)), key=lambda i: abs(self.positions[i] - g[-1].x1)) for g in cells]  # type: ignore[operator]
        return cols if len(set(cols)) == len(cols) else None

    def _multi_column(self, raw: RawLine, ncols: int, table: Table) -> None:
        groups = raw.groups
        ref = self._ref(raw.line)
        values: list[Decimal | None] = [None] * ncols
        printed: list[str] = [""] * ncols
        cells = [[a] for a in groups[0]] if len(groups) == 1 and len(groups[0]) == ncols else groups
        if len(cells) > ncols:  # extra empty leading cells
            while len(cells) > ncols and not cells[0]:
                cells = cells[1:]
            cells = cells[-ncols:]
        offset = ncols - len(cells)  # right-align short rows
        placed = self._by_position(cells) if len(cells) < ncols else None
        # a short row with an amount OCR could not read, placed by no position: which column each of its
        # amounts stands in is not known (the unread one may be any), so none is taken as read
        unplaced = len(cells) < ncols and placed is None and any(not g for g in cells)
        for i, group in enumerate(cells):
            if group and not unplaced:
                col = placed[i] if placed is not None else offset + i
                values[col] = group[-1].value
                printed[col] = group[-1].text
        split = split_captions(raw.label, 1)
        caption = split[0][0] if split else None
        label = caption.label if caption else raw.label
        context = caption.context if caption else ""
        table.rows.append(
            Row(
                label=label,
                context=context,
                values=values,
                # an unplaced row keeps its place on the page in every column: amounts stand there, unread
                sources=[ref if v is not None or unplaced else None for v in values],
                printed=printed,
                line=raw.line,
            )
        )
