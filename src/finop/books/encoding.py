"""The text encoding of a books file (``model.text.codec_of``: UTF-8 with or without its BOM, UTF-16,
Windows-1252 which Latin-1 text reads as), and binary content refused naming the file."""

from __future__ import annotations

from pathlib import Path

from finop.books.errors import BooksError
from finop.model.text import codec_of, decode_bytes

_SAMPLE = 65536


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(_SAMPLE)
    except OSError as exc:
        raise BooksError(path, f"cannot be read: {exc.strerror or exc}") from None


def encoding_of(path: Path) -> str:
    """The Python codec to open ``path`` with; ``BooksError`` for a file that is not text."""
    head = _head(path)
    codec = codec_of(head)
    if codec is None or (b"\x00" in head and not codec.startswith("utf-16")):  # typed CSV or YAML has no NUL
        raise BooksError(path, "not a text file (it contains binary data): save it as CSV or YAML text")
    return {"utf-16-le-bom": "utf-16", "utf-16-be-bom": "utf-16"}.get(codec, codec)


def read_books_text(path: Path) -> str:
    """A books file's text, in whichever of the encodings above it is written."""
    _ = encoding_of(path)  # refuses binary content, naming the file
    data = path.read_bytes()
    codec = codec_of(data)
    return decode_bytes(data, codec or "utf-8-sig")
