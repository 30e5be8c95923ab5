"""Caption normalisation and the caption patterns that name canonical concepts."""

from __future__ import annotations

import re

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
# common OCR confusions inside words (digits or pipes for letters)
_OCR_WORD_FIXES = [
    (re.compile(r"(?<=[a-z])1(?=[a-z])"), "l"),
    (re.compile(r"(?<=[a-z])0(?=[a-z])"), "o"),
    (re.compile(r"(?<=[a-z])[|\]\[](?=[a-z])"), "l"),  # "Ba]ance"
    (re.compile(r"liabilit[il1]es"), "liabilities"),
    (re.compile(r"\b(?:[fl1]i|h)ab[il1f][il1f]?[il1f]ties\b"), "liabilities"),  # "Liabifities", "fiabilities", "Habilities"
    (re.compile(r"\btota[!1|i\]\[]"), "total"),  # "Tota! assets", "Tota] liabilities"
]


def norm(text: str) -> str:
    """Lower-case, straight quotes, plain dashes, single spaces, common OCR fixes."""
    t = text.translate(_QUOTES).lower()
    for pattern, repl in _OCR_WORD_FIXES:
        t = pattern.sub(repl, t)
    t = re.sub(r"\s+", " ", t).strip(" :.-").lstrip("'\"")  # a speck OCR reads as a quote before a caption
    return t


def matches(pattern: str, text: str) -> bool:
    return re.search(pattern, text) is not None


OWNER = r"(members?'?s?'?|stockholders?'?s?'?|shareholders?'?s?'?|partners?'?s?'?|owners?'?s?'?|ownership|member)"
EQUITY_WORDS = (
    r"equity|capital stock|common stock|preferred stock|paid[- ]in|retained|accumulated (deficit|earnings)"
    r"|partners'? capital|members'? capital|treasury|deficit|general partner|limited partner"
    r"|(members?|partners?|stockholders?|shareholders?|owners?)'?s?'? (contributions?|capital|interests?)"
    r"|capital contributions?"
)
NET_INCOME = (
    r"^net\s*(income|loss|earnings|\(loss\)|income\s*\(loss\)|\(loss\)\s*income|loss\s*\(income\)"
    r"|\(income\)\s*loss|profit)(\s+for\s+the\s+(year|period))?$"
)
LOSS_ONLY = r"\bloss\b"
GAIN_WORDS = r"\b(income|earnings|profit)\b"
