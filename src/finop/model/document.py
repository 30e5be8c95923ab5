"""What a reader produces: pages of lines of cells, with positions and confidence.

Readers know file formats and nothing about accounting; the extractor reads a
``Document`` and knows nothing about file formats.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from finop.model.source import Box, SourceRef


@dataclass(frozen=True, slots=True)
class Cell:
    """A run of text in a line: a tab-separated field, or a group of words in a PDF row.

    ``slot`` orders the cells of a line left to right; ``box`` places it on the page.
    """

    text: str
    slot: int
    box: Box | None = None
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Line:
    """One printed line of a page."""

    number: int  # 1-based, through the whole document: a text file's own line number; a PDF's running count
    page: int
    text: str
    cells: tuple[Cell, ...]
    confidence: float = 1.0
    page_line: int = 0  # 1-based on its page, for a PDF (what a person counts on the page); 0 for a text file

    @property
    def box(self) -> Box | None:
        boxes = [c.box for c in self.cells if c.box is not None]
        if not boxes:
            return None
        return Box(
            min(b.x0 for b in boxes), min(b.y0 for b in boxes), max(b.x1 for b in boxes), max(b.y1 for b in boxes)
        )

    def ref(self, file: str, reader: str, text: str | None = None) -> SourceRef:
        """A source reference pointing at this line (with its box on the page when known)."""
        return SourceRef(
            file=file,
            page=self.page,
            line=self.number,
            text=self.text if text is None else text,
            reader=reader,
            confidence=self.confidence,
            box=self.box,
            page_line=self.page_line,
        )


@dataclass(frozen=True, slots=True)
class Page:
    number: int
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class PageInterest:
    """Which pages of a PDF the extractor wants read word by word, as patterns on a page's text.

    Given by ``finop.extract`` to the PDF reader, which knows file formats and not accounting.
    """

    key_page: re.Pattern[str]  # names a statement, a schedule or a regulatory figure
    table_page: re.Pattern[str]  # a statement or schedule title line
    facing_page: re.Pattern[str]
    titles: tuple[str, ...]  # titles matched loosely on a scanner's OCR layer ("STATENENT OF ANANCIAL")
    note_page: re.Pattern[str]  # a page whose headline names net capital
    net_capital_figure: re.Pattern[str]  # a net capital figure in running text
    net_capital_heading: re.Pattern[str] | None = None  # a note's heading naming net capital, at a line's start
    net_capital_statement: re.Pattern[str] | None = None  # the firm's net capital stated ("net capital of $...")


@dataclass(frozen=True)
class Document:
    """A read document: its pages, the reader that produced it, reader notes, and its layer.

    ``layer`` is what the file held: ``text`` (a text file or a PDF with a good text layer),
    ``image+ocr-text`` (scans with the scanner's hidden OCR layer), ``scanned`` (no text) or
    ``text-garbled`` (a text layer with a broken font encoding).
    """

    path: str
    reader: str
    pages: tuple[Page, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)
    layer: str = "text"

    def lines(self) -> Iterator[Line]:
        for page in self.pages:
            yield from page.lines

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines())
