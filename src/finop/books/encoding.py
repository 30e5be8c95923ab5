"""The text encoding of a books file: UTF-8 (with or without its BOM), UTF-16 (by its BOM), or
Windows-1252 (Latin-1 text reads as it), and binary content refused naming the file."""

from __future__ import annotations

from pathlib import Path

from finop.books.errors import BooksError


def encoding_of(path: Path) -> str:
    """The Python codec to read ``path`` with; ``BooksError`` for a file that is not text."""
    try:
        head = path.read_bytes()[:65536]
    except OSError as exc:
        raise BooksError(path, f"cannot be read: {exc.strerror or exc}") from None
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if b"\x00" in head:
        raise BooksError(path, "not a text file (it contains binary data): save it as CSV or YAML text")
    try:
        head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not merely a character cut at the end of the sample
            return "cp1252"
    return "utf-8-sig"


def read_books_text(path: Path) -> str:
    """A books file's text, in whichever of the encodings above it is written."""
    codec = encoding_of(path)
    return path.read_bytes().decode(codec, errors="replace")
