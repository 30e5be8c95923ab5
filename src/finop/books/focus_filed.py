"""focus_filed.yaml: the year-end FOCUS Part IIA figures as the firm filed them (box code -> amount)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from finop.books.encoding import read_books_text
from finop.books.errors import BooksError


def load_focus_filed(path: Path) -> dict[str, Decimal] | None:
    """Box codes (strings of digits) to amounts; None when the folder has no such file."""
    if not path.exists():
        return None
    try:
        data = yaml.safe_load(read_books_text(path))
    except yaml.YAMLError as exc:
        raise BooksError(path, f"not valid YAML: {exc}") from None
    if not isinstance(data, dict) or not data:
        raise BooksError(path, 'must map FOCUS box codes to amounts, e.g. "3750": "1268650"')
    out: dict[str, Decimal] = {}
    for key, raw in data.items():
        code = str(key)
        if not code.isdigit():
            raise BooksError(path, f"{key!r} is not a FOCUS box code (digits, e.g. 3750)")
        if isinstance(raw, float):
            raise BooksError(path, f"{code}: write the amount {raw!r} as a quoted decimal string (no floats for money)")
        if isinstance(raw, bool) or not isinstance(raw, (int, str)):
            raise BooksError(path, f"{code}: {raw!r} is not an amount")
        try:
            out[code] = Decimal(str(raw).replace(",", ""))
        except InvalidOperation:
            raise BooksError(path, f"{code}: {raw!r} is not a decimal amount") from None
    return out
