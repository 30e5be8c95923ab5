"""Amounts in books files: one strict reading, the same in every file.

A books amount is written ``1234.56``, ``1,234.56``, ``-1,234.56``, ``(1,234.56)`` or with a ``$``
(``$1,234``, ``-$1,234``). Unlike a printed report, a books file is typed by the firm, so anything else
is refused with the reason rather than guessed at:

- thousands separators only where they belong (``1,00`` is refused, not read as 100);
- one sign at most (``(-1.00)`` is refused: it could mean either);
- ASCII digits only; no exponent (``1e28``), no ``NaN`` or ``Infinity``;
- at most 15 digits before the point (under a quadrillion dollars) and 6 after it, so that every sum
  of a books file stays exact in the engine's integer cents.
"""

from __future__ import annotations

import re
from decimal import Decimal

MAX_INTEGER_DIGITS = 15
MAX_FRACTION_DIGITS = 6

_BOOKS_AMOUNT = re.compile(
    r"""^(?P<open>\()?
    (?P<minus>-)?
    \$?
    (?P<int>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)
    (?:\.(?P<frac>[0-9]+))?
    (?P<close>\))?$""",
    re.VERBOSE | re.ASCII,
)
FORMS = "1234.56, 1,234.56, -1,234.56, (1,234.56) or $1,234"


def books_amount(text: str) -> Decimal:
    """The amount ``text`` states; ``ValueError`` saying why when it is not a well-formed amount."""
    t = text.strip()
    m = _BOOKS_AMOUNT.match(t)
    if not m:
        if re.fullmatch(r"\(?-?\$?[0-9][0-9,]*,[0-9,]*(\.[0-9]*)?\)?", t):
            raise ValueError(f"{text.strip()!r} has thousands separators out of place (write {FORMS})")
        raise ValueError(f"{text.strip()!r} is not an amount (write {FORMS})")
    if bool(m["open"]) != bool(m["close"]):
        raise ValueError(f"{t!r} has an unmatched parenthesis")
    if m["open"] and m["minus"]:
        raise ValueError(f"{t!r} has two signs (a minus inside parentheses): write -1.00 or (1.00)")
    digits = m["int"].replace(",", "").lstrip("0")
    if len(digits) > MAX_INTEGER_DIGITS:
        raise ValueError(f"{t!r} is too large (at most {MAX_INTEGER_DIGITS} digits before the point)")
    if m["frac"] and len(m["frac"]) > MAX_FRACTION_DIGITS:
        raise ValueError(f"{t!r} has more than {MAX_FRACTION_DIGITS} digits after the point")
    value = Decimal(m["int"].replace(",", "") + (f".{m['frac']}" if m["frac"] else ""))
    return -value if (m["open"] or m["minus"]) else value
