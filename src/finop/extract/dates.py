"""Dates as reports print them, including OCR-garbled facing-page dates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
_WORD_DATE = re.compile(
    r"\b(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?\s+(\d{1,2})\s*,?\s*((?:19|20)\d\d)\b",
    re.IGNORECASE,
)
# characters OCR confuses with digits in dates
_CONFUSABLE = str.maketrans(
    {
        "]": "1",
        "[": "1",
        "|": "1",
        "l": "1",
        "I": "1",
        "i": "1",
        "!": "1",
        "O": "0",
        "o": "0",
        "○": "0",
        "°": "0",
        "D": "0",
        "Q": "0",
        "S": "5",
        "s": "5",
        "B": "8",
        "Z": "2",
        "z": "2",
    }
)


@dataclass(frozen=True)
class ReadDate:
    value: date
    repaired: bool
    printed: str


def word_dates(text: str) -> list[date]:
    """Every 'December 31, 2003' style date in a text."""
    out = []
    for m in _WORD_DATE.finditer(text):
        try:
            out.append(date(int(m.group(3)), MONTHS[m.group(1).lower()], int(m.group(2))))
        except ValueError:
            continue
    return out


def _year(text: str) -> int | None:
    if len(text) == 2:
        y = int(text)
        return 2000 + y if y < 70 else 1900 + y
    if len(text) == 4 and text[:2] in ("19", "20"):
        return int(text)
    return None


def _valid(y: int | None, m: int, d: int) -> date | None:
    if y is None:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def numeric_date(printed: str, anchor_year: int | None = None) -> ReadDate | None:
    """Read a MM/DD/YY(YY) date, repairing OCR damage where one reading is plausible.

    ``01/01/0308`` (a stray stamp after the year) gives 2003-01-01 and
    ``] ; 2/31/03○3`` gives 2003-12-31, both marked repaired.
    """
    raw = printed.strip()
    strict = re.fullmatch(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{2}|\d{4})", raw)
    if strict:
        d = _valid(_year(strict.group(3)), int(strict.group(1)), int(strict.group(2)))
        if d:
            return ReadDate(d, False, printed)
    cleaned = raw.translate(_CONFUSABLE)
    cleaned = re.sub(r"[^\d/]", "", cleaned)
    candidates: list[date] = []
    for m in re.finditer(r"(?=(\d{1,2})/(\d{1,2})/(\d{2,6}))", cleaned):
        month, day, tail = int(m.group(1)), int(m.group(2)), m.group(3)
        for ylen in (4, 2):
            if len(tail) >= ylen:
                d = _valid(_year(tail[:ylen]), month, day)
                if d:
                    candidates.append(d)
    if not candidates:
        return None
    if anchor_year is not None:
        for c in candidates:
            if c.year == anchor_year:
                return ReadDate(c, True, printed)
    return ReadDate(candidates[0], True, printed)
