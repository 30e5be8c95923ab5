"""A PDF's compressed streams measured before PDFium decodes them: a 1 MB file whose page content inflates
to a gigabyte is refused, not decoded.

PDFium gives no hook to bound what it inflates, so the file's Flate streams that are not images are
inflated here first, a megabyte at a time, counting and discarding the output (images are bounded by their
declared size where they are triaged). A report's page content and fonts come to a few megabytes; past
``PER_STREAM`` for one stream, or ``PER_DOCUMENT`` for all, the file is refused.
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

from finop.errors import InputError

PER_STREAM = 64 * 1024 * 1024
PER_DOCUMENT = 256 * 1024 * 1024
_CHUNK = 1024 * 1024
_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")


def check_inflation(path: str | Path, per_stream: int = PER_STREAM, per_document: int = PER_DOCUMENT) -> None:
    """Raise ``InputError`` when the PDF's non-image Flate streams inflate past the limits."""
    data = Path(path).read_bytes()
    total = 0
    for m in _STREAM.finditer(data):
        head = data[max(0, m.start() - 2048) : m.start()]
        dictionary = head[head.rfind(b"obj") + 3 :] if b"obj" in head else head
        if b"/FlateDecode" not in dictionary or _IMAGE.search(dictionary):
            continue
        end = data.find(b"endstream", m.end())
        size = _inflated_size(data[m.end() : end if end >= 0 else len(data)], per_stream + 1)
        total += size
        if size > per_stream:
            raise InputError(path, f"a stream of the PDF inflates past {per_stream >> 20} MB (from "
                             f"{(end - m.end()) if end >= 0 else len(data) - m.end():,} bytes): refused as a "
                             "decompression bomb")  # fmt: skip
        if total > per_document:
            raise InputError(path, f"the PDF's streams inflate past {per_document >> 20} MB together: refused as a "
                             "decompression bomb")  # fmt: skip


def _inflated_size(compressed: bytes, limit: int) -> int:
    """Bytes ``compressed`` inflates to, counted up to ``limit`` (0 when it is not zlib data)."""
    inflater = zlib.decompressobj()
    size = 0
    try:
        pending = compressed
        while pending and size < limit and not inflater.eof:
            out = inflater.decompress(pending, _CHUNK)
            if not out and inflater.unconsumed_tail == pending:
                break  # no progress: nothing more comes out of it
            size += len(out)
            pending = inflater.unconsumed_tail
        return size
    except zlib.error:
        return size
