"""Readers turn files into Documents. Pick one by name or let ``read_document`` sniff."""

from __future__ import annotations

from pathlib import Path

from finop.errors import InputError
from finop.model.document import Document, PageInterest
from finop.readers.text import read_text


def read_document(
    path: str | Path, pages: list[int] | None = None, ocr: str = "auto", interest: PageInterest | None = None
) -> Document:
    """Read any supported report file into a Document (``pages``, ``ocr`` and ``interest`` apply to PDFs)."""
    p = Path(path)
    if not p.exists():
        raise InputError(p, "no such file")
    if p.is_dir():
        raise InputError(p, "is a directory, not a report file")
    with p.open("rb") as fh:
        head = fh.read(5)
    if head == b"%PDF-" or p.suffix.lower() == ".pdf":
        if p.stat().st_size == 0:
            raise InputError(p, "the file is empty")
        from finop.readers.pdf import read_pdf

        return read_pdf(p, pages=pages, ocr=ocr, interest=interest)
    return read_text(p)


__all__ = ["read_document", "read_text"]
