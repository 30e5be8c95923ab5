"""Text normalisation of captions and titles, shared by the reader's extractor and the checks."""

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
