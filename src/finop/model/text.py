"""Text normalisation of captions and titles, shared by the reader's extractor and the checks; and the one
guess of a text file's encoding, shared by the text reader and the books loaders."""

from __future__ import annotations

import re

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
# common OCR confusions inside words (digits or pipes for letters)
_OCR_WORD_FIXES = [
    (re.compile(r"(?<=[a-z])1(?=[a-z])"), "l"),
    (re.compile(r"(?<=[a-z])0(?=[a-z])"), "o"),
    (re.compile(r"(?<=[a-z])[|\]\[](?=[a-z])"), "l"),  # "Ba]ance"
    (re.compile(r"liabilit[il1]es"), "liabilities"),
    (
        re.compile(r"\b(?:[fl1]i|h)ab[il1f][il1f]?[il1f]ties\b"),
        "liabilities",
    ),  # "Liabifities", "fiabilities", "Habilities"
    (re.compile(r"\btota[!1|i\]\[]"), "total"),  # "Tota! assets", "Tota] liabilities"
]


def straight_quotes(text: str) -> str:
    """Typographic quotes and dashes as plain ones ("Partners’ Capital" is "Partners' Capital")."""
    return text.translate(_QUOTES)


def norm(text: str) -> str:
    """Lower-case, straight quotes, plain dashes, single spaces, common OCR fixes."""
    t = text.translate(_QUOTES).lower()
    for pattern, repl in _OCR_WORD_FIXES:
        t = pattern.sub(repl, t)
    t = re.sub(r"\s+", " ", t).strip(" :.-").lstrip("'\"")  # a speck OCR reads as a quote before a caption
    t = t.rstrip(" ~_*•·|:.-")  # and specks OCR reads after one ("NET CAPITAL ~"): no caption ends in them
    return t


def codec_of(data: bytes) -> str | None:
    """The codec a text file's bytes are in: UTF-16 (by its byte-order mark, or by the NUL bytes every other
    byte of ASCII text has), UTF-8 (with or without its BOM), else Windows-1252 (which Latin-1 text reads
    as too); None for binary content (NUL bytes past a stray few)."""
    if data.startswith(b"\xff\xfe") and not data.startswith(b"\xff\xfe\x00\x00"):
        return "utf-16-le-bom"
    if data.startswith(b"\xfe\xff"):
        return "utf-16-be-bom"
    sample = data[:4096]
    if len(sample) >= 8 and len(sample) % 2 == 0:
        even, odd = sample[0::2], sample[1::2]
        if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
            return "utf-16-le"
        if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
            return "utf-16-be"
    head = data[:65536]
    if head.count(b"\x00") > max(8, len(head) // 100):
        return None
    try:
        head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4 or len(head) == len(data):  # not merely a character cut off by the sample
            return "cp1252"
    return "utf-8-sig"


def decode_bytes(data: bytes, codec: str) -> str:
    """``data`` in ``codec`` (as ``codec_of`` names it), undecodable bytes replaced."""
    if codec.endswith("-bom"):
        return data[2:].decode(codec.removesuffix("-bom"), errors="replace")
    return data.decode(codec, errors="replace")
