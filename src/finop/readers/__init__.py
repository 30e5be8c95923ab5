"""Readers turn files into Documents. Pick one by name or let ``read_document`` sniff."""

from __future__ import annotations

import errno
import stat
from pathlib import Path

from finop.errors import InputError
from finop.model.document import Document, PageInterest
from finop.readers.text import read_text


def require_regular_file(p: Path) -> None:
    """Raise InputError, saying plainly why, unless ``p`` is a regular file finop may read: a missing file, a
    symbolic link that loops, a folder, a device (/dev/zero), a FIFO or a socket (reading one would never end
    or never start) are refused before anything is opened."""
    try:
        mode = p.stat().st_mode  # follows links; never blocks, as opening a FIFO would
    except OSError as exc:
        reason = {
            errno.ENOENT: "no such file",
            errno.ELOOP: "a symbolic link that loops (it never reaches a file)",
            errno.EACCES: "permission denied",
            errno.ENAMETOOLONG: "the name is too long",
            errno.ENOTDIR: "no such file (a part of the path is not a folder)",
        }.get(exc.errno or 0, f"cannot be read ({exc.strerror or exc})")
        raise InputError(p, reason) from None
    if stat.S_ISDIR(mode):
        raise InputError(p, "is a directory, not a report file")
    if not stat.S_ISREG(mode):
        kind = "a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or \
            stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode) else "not a regular file"  # fmt: skip
        raise InputError(p, f"is {kind}, not a report file")


def read_document(
    path: str | Path, pages: list[int] | None = None, ocr: str = "auto", interest: PageInterest | None = None
) -> Document:
    """Read any supported report file into a Document (``pages``, ``ocr`` and ``interest`` apply to PDFs)."""
    p = Path(path)
    require_regular_file(p)
    with p.open("rb") as fh:
        head = fh.read(5)
    if head == b"%PDF-" or p.suffix.lower() == ".pdf":
        if p.stat().st_size == 0:
            raise InputError(p, "the file is empty")
        from finop.readers.pdf import read_pdf

        return read_pdf(p, pages=pages, ocr=ocr, interest=interest)
    return read_text(p)


__all__ = ["read_document", "read_text", "require_regular_file"]
