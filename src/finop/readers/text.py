"""Reader for plain-text reports (OCR text like the example, or exported text).

Tabs separate cells and keep their column positions; form feeds separate pages.
Markdown-ish escapes (``\\$``) and stray HTML tags (``<u>``) are undone.
"""

from __future__ import annotations

import re
from pathlib import Path

from finop.errors import InputError
from finop.model.document import Cell, Document, Line, Page

READER = "text"
_TAG = re.compile(r"</?(?:u|b|i|em|strong|sup|sub|br|span)[^>]*>", re.IGNORECASE)
_ESCAPE = re.compile(r"\\([$_*#&%\[\]()-])")
_MAX_BYTES = 50 * 1024 * 1024


def decode(data: bytes, path: str) -> str:
    """Decode bytes as UTF-8 (or Windows-1252), refusing binary content."""
    if not data.strip():
        raise InputError(path, "the file is empty")
    sample = data[:65536]
    if b"\x00" in sample:
        raise InputError(path, "not a text file (it contains binary data); expected a .txt or .pdf report")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    control = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if control > max(8, len(text[:65536]) // 50):
        raise InputError(path, "not a text file (too many control characters); expected a report")
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


def parse_text(text: str, path: str) -> Document:
    """Turn report text into a Document (pages split on form feeds)."""
    pages: list[Page] = []
    number = 0
    for page_no, page_text in enumerate(text.replace("\r\n", "\n").split("\f"), start=1):
        lines: list[Line] = []
        for raw in page_text.split("\n"):
            number += 1
            cleaned = clean_line(raw)
            if not cleaned.strip():
                continue
            lines.append(Line(number=number, page=page_no, text=cleaned, cells=split_cells(cleaned)))
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
    return parse_text(decode(data, str(p)), str(p))
