"""Reader for plain-text reports (OCR text like the example, or exported text).

Tabs separate cells and keep their column positions; form feeds separate pages.
A page with no tab at all is laid out with spaces (``pdftotext -layout``, a typed report): there runs of two or
more spaces and dotted leaders separate cells, and each cell gets a box in character positions (one character
is ``CHAR_WIDTH`` points), so amounts fall into columns by where they end, as on a PDF page.
Markdown-ish escapes (``\\$``) and stray HTML tags (``<u>``) are undone.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from finop.errors import InputError
from finop.model.document import Cell, Document, Line, Page
from finop.model.source import Box
from finop.model.text import codec_of, decode_bytes

READER = "text"
_TAG = re.compile(r"</?(?:u|b|i|em|strong|sup|sub|br|span)[^>]*>", re.IGNORECASE)
_ESCAPE = re.compile(r"\\([$_*#&%\[\]()-])")
_MAX_BYTES = 50 * 1024 * 1024
CHAR_WIDTH = 6.0  # points a character of space-aligned text stands for (a 12-pitch typewriter's)
_CHUNK = re.compile(r"\S+(?: \S+)*")  # words apart by single spaces: a cell of space-aligned text
_LEADER = re.compile(r"\s*(?:\.\s?){3,}\s*")  # dotted leaders, ". . . ." or "......"
_FAR = 24  # a line whose first cell starts this far in has no caption: an amount alone in its column


def decode(data: bytes, path: str, notes: list[str] | None = None) -> str:
    """Decode a text report in the encoding it is written in (``model.text.codec_of``: UTF-8, UTF-16,
    Windows-1252). A few stray NUL bytes are dropped, with a note in ``notes``; binary content is refused."""
    if not data.strip():
        raise InputError(path, "the file is empty")
    codec = codec_of(data)
    if codec is None:
        raise InputError(path, "not a text file (it contains binary data); expected a .txt or .pdf report")
    text = decode_bytes(data, codec)
    stray = text.count("\x00")
    if stray:
        text = text.replace("\x00", "")
        if notes is not None:
            notes.append(f"{stray} NUL byte(s) in the text were dropped")
    if not text.strip():
        raise InputError(path, "the file is empty")
    control = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if control > max(8, len(text[:65536]) // 50):
        raise InputError(
            path, "not a text file (binary data: too many control characters); expected a .txt or .pdf report"
        )
    return text


def clean_line(text: str) -> str:
    """Undo markup that OCR-to-markdown tools add, keep everything else as printed."""
    text = _TAG.sub("", text)
    text = _ESCAPE.sub(r"\1", text)
    return text.replace("\u00a0", " ").rstrip()


def split_cells(text: str) -> tuple[Cell, ...]:
    """Tab-separated cells; the slot keeps the column position, empty cells included."""
    parts = text.split("\t")
    return tuple(Cell(text=p.strip(), slot=i) for i, p in enumerate(parts))


def split_spaced(text: str) -> tuple[Cell, ...]:
    """Cells of a space-aligned line, each boxed by its character positions; leaders dropped, a lone "$" kept
    with the amount after it, and an empty caption before an amount that stands alone far to the right."""
    spans: list[tuple[int, int, str]] = []
    for m in _CHUNK.finditer(text):
        pos = m.start()
        for piece in _LEADER.split(m.group()):
            start = text.find(piece, pos) if piece else pos
            if piece.strip():
                spans.append((start, start + len(piece), piece))
            pos = start + len(piece)
    merged: list[tuple[int, int, str]] = []
    for span in spans:
        if merged and merged[-1][2] in ("$", "($"):
            start, _, sign = merged.pop()
            span = (start, span[1], f"$ {span[2]}" if sign == "$" else f"($ {span[2]}")
        merged.append(span)
    cells = [Cell(text=t, slot=0, box=Box(a * CHAR_WIDTH, 0.0, b * CHAR_WIDTH, 10.0)) for a, b, t in merged]
    if merged and merged[0][0] >= _FAR:
        cells.insert(0, Cell(text="", slot=0))
    return tuple(Cell(text=c.text, slot=i, box=c.box) for i, c in enumerate(cells))


def parse_text(text: str, path: str) -> Document:
    """Turn report text into a Document (pages split on form feeds)."""
    pages: list[Page] = []
    number = 0
    for page_no, page_text in enumerate(text.replace("\r\n", "\n").split("\f"), start=1):
        lines: list[Line] = []
        split = split_cells if "\t" in page_text else split_spaced
        for raw in page_text.split("\n"):
            number += 1
            cleaned = clean_line(raw)
            if not cleaned.strip():
                continue
            lines.append(Line(number=number, page=page_no, text=cleaned, cells=split(cleaned)))
        pages.append(Page(number=page_no, lines=tuple(lines)))
    return Document(path=path, reader=READER, pages=tuple(pages))


def read_text(path: str | Path) -> Document:
    """Read a text report from disk."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > _MAX_BYTES:
            raise InputError(p, f"the file is too large for a text report ({size:,} bytes)")
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(p, "no such file") from None
    except IsADirectoryError:
        raise InputError(p, "is a directory, not a report file") from None
    except PermissionError:
        raise InputError(p, "permission denied") from None
    notes: list[str] = []
    document = parse_text(decode(data, str(p), notes), str(p))
    return replace(document, notes=(*document.notes, *notes)) if notes else document
