"""The document with amounts read otherwise: a patch per amount read again, and the readers repair is given."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TypeVar

from finop.model.document import Cell, Document, Line, Page
from finop.model.filing import Filing
from finop.model.findings import Finding
from finop.model.source import Box
from finop.money import parse_amount

T = TypeVar("T")


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


def _patch_box(patch: Patch) -> Box | None:
    """The box a patch's cell was read again over."""
    return patch.place if patch.cell < 0 else patch.box or patch.line.cells[patch.cell].box


@dataclass(frozen=True)
class Step:
    """A better reading repair found: the document as now read, its filing and findings, and what was changed."""

    document: Document
    filing: Filing
    findings: list[Finding]
    notes: list[Finding]


def _as_read(patch: Patch, reading: str) -> str | None:
    """A version's reading as the cell's text, when it is an amount."""
    text = reading.replace(" ", "")
    return text if parse_amount(text) is not None else None


def _as_digits(patch: Patch, reading: str) -> str | None:
    """A version's digits in the first reading's marks ("(1,234)"), when that is an amount."""
    digits = re.sub(r"\D", "", reading)
    text = _like(patch.printed, digits) if digits else ""
    return text if text and parse_amount(text) is not None else None


def _like(printed: str, digits: str) -> str:
    """The second reading's digits in the first reading's dress: its $, parentheses, sign and thousands commas."""
    body = f"${int(digits):,}" if "$" in printed else f"{int(digits):,}"
    first = printed.strip()[:1]
    return f"({body})" if first == "(" else f"-{body}" if first == "-" else body
