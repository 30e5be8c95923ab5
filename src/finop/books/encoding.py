"""The text encoding of a books file (``model.text.codec_of``: UTF-8 with or without its BOM, UTF-16,
Windows-1252 which Latin-1 text reads as), and binary content refused naming the file."""

from __future__ import annotations

from pathlib import Path

from finop.books.errors import BooksError
from finop.model.text import codec_of, decode_bytes

_SAMPLE = 65536


def _codec(path: Path, data: bytes) -> str:
    """The codec of ``data`` (the file's bytes, or their first 64 KB); ``BooksError`` when it is not text."""
    codec = codec_of(data)
    if codec is None or (b"\x00" in data[:_SAMPLE] and not codec.startswith("utf-16")):  # typed CSV or YAML has no NUL
        raise BooksError(path, "not a text file (it contains binary data): save it as CSV or YAML text")
    return codec


def encoding_of(path: Path) -> str:
    """The Python codec to open ``path`` with (judged from its first 64 KB); ``BooksError`` if it is not text."""
    try:
        with path.open("rb") as fh:
            head = fh.read(_SAMPLE)
    except OSError as exc:
        raise BooksError(path, f"cannot be read: {exc.strerror or exc}") from None
    codec = _codec(path, head)
    return "utf-16" if codec.startswith("utf-16") and codec.endswith("-bom") else codec


def read_books_text(path: Path) -> str:
    """A books file's text, in whichever of the encodings above it is written (the file read once)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BooksError(path, f"cannot be read: {exc.strerror or exc}") from None
    return decode_bytes(data, _codec(path, data))
