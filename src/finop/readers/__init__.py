"""Readers turn files into Documents. Pick one by name or let ``read_document`` sniff."""

from __future__ import annotations

from pathlib import Path

from finop.errors import InputError
from finop.model.document import Document
from finop.readers.text import read_text


def read_document(path: str | Path) -> Document:
    """Read any supported report file into a Document."""
    p = Path(path)
    if not p.exists():
        raise InputError(p, "no such file")
    if p.is_dir():
        raise InputError(p, "is a directory, not a report file")
    with p.open("rb") as fh:
        head = fh.read(5)
    if head == b"%PDF-" or p.suffix.lower() == ".pdf":
        raise InputError(p, "PDF reports are not supported yet by this version; give the report as text")
    return read_text(p)


__all__ = ["read_document", "read_text"]
