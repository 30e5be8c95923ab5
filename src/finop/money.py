"""Money as Decimal: the one parser for printed amounts, and the formatter.

Printed amounts come as ``$ 1,625,324``, ``(14,785,694)``, ``$(14,614,597)``,
``1,234-``, ``-1,234`` or OCR-damaged ``(6,281 ,569)``. A lone dash means nil.
No float ever touches an amount.

Decided on purpose (docs/text-input.md, tests/test_money.py):
- digits are ASCII 0-9 only: Arabic-Indic or full-width digits are not an amount of a US filing;
- a minus is ``-``, ``–`` (en dash) or ``−`` (U+2212), in front or trailing; parentheses are a minus too;
- one sign at most: ``-(1,234)``, ``(-1,234)`` or ``--1,234`` is not an amount (it could mean either);
- a space between two digits is not bridged: ``100 200`` is two numbers, not 100200 (the spaces OCR puts
  inside one amount, around a thousands comma or after ``$``, are undone first).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

ZERO = Decimal(0)
ONE = Decimal(1)

_DASHES = "-–—"
_MINUS = "-–\u2212"  # hyphen-minus, en dash, minus sign
# One amount token as printed in a statement column (after whitespace splitting).
AMOUNT_TOKEN = re.compile(
    r"""^
    (?P<lead>[$(\-–\u2212]*\$?\(?)    # $, (, leading minus in any order
    (?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)
    (?P<trail>\)?[-–\u2212]?)
    $""",
    re.VERBOSE | re.ASCII,  # \d: 0-9 only
)
_NIL = re.compile(r"^\$?\s*[-–—\u2212]+$")
_SPACED_THOUSANDS = re.compile(r"(\d) ?, ?(\d{3})(?!\d)")


def normalise_amount_text(text: str) -> str:
    """Undo OCR spacing inside numbers and markdown escapes, e.g. ``\\$ (6,281 ,569)``."""
    text = text.replace("\\$", "$").replace("\u00a0", " ")
    text = re.sub(r"_+(?=[\d$(])|(?<=[\d)])_+", "", text)  # OCR'd underlines touching an amount ("$_29,895")
    text = re.sub(r"(?<=\$)\s*[~:;'\"—–]+\s*(?=\d)", "", text)  # specks between "$" and the digits ("$ ~—:1,008")
    text = _SPACED_THOUSANDS.sub(r"\1,\2", text)
    text = re.sub(r"(?<=\d,\d{3})\s?\.\s?(?=\d{3}(?!\d))", ",", text)  # "31,035.621": a comma OCR read as a full stop
    text = re.sub(r"\$\s+(?=[\d(])", "$", text)
    text = re.sub(r"\(\s+(?=[\d$])", "(", text)
    text = re.sub(r"(?<=\d)\s+\)", ")", text)
    return text


def is_nil(token: str) -> bool:
    """A dash standing for a nil amount."""
    return bool(_NIL.match(token.strip()))


def parse_amount(token: str) -> Decimal | None:
    """Parse one printed amount token into Decimal, or None when it is not an amount.

    >>> parse_amount("$ (1,234)")
    Decimal('-1234')
    """
    text = normalise_amount_text(token.strip())
    if re.search(r"\d\s+\d", text):
        return None  # two numbers, not one
    text = re.sub(r"\s+", "", text)
    if not text:
        return None
    if is_nil(text):
        return ZERO
    m = AMOUNT_TOKEN.match(text)
    if not m:
        return None
    lead, num, trail = m.group("lead"), m.group("num"), m.group("trail")
    opens = lead.count("(")
    closes = trail.count(")")
    if opens != closes or opens > 1:
        return None
    try:
        value = Decimal(num.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - regex guarantees digits
        return None
    signs = opens + sum(lead.count(c) for c in _MINUS) + (1 if trail[-1:] in tuple(_MINUS) else 0)
    if signs > 1:
        return None  # a double negative could mean either
    return value.copy_negate() if signs else value


def has_money_marks(token: str) -> bool:
    """True when a token is unmistakably an amount: $, parentheses or thousands commas."""
    return bool(re.search(r"[$(]|\d,\d{3}", token))


def format_amount(value: Decimal | None, *, dollar: bool = False) -> str:
    """Format as a statement prints it: ``1,234``, ``(1,234)``; None as an empty string."""
    if value is None:
        return ""
    body = f"{value.copy_abs():,f}"  # exact (abs() rounds to the context), fixed point: never 1E+28
    if dollar:
        body = "$" + body
    return f"({body})" if value < 0 else body


def whole(value: Decimal) -> Decimal:
    """Round to whole dollars as FOCUS reports and finop's statements print them: half up (0.50 -> 1).

    The one rounding rule of finop; a requirement that must not fall short rounds up
    (``finop.engine.requirement``), and says so.
    """
    return value.quantize(ONE, rounding=ROUND_HALF_UP)


def rounding_tolerance(terms: int, unit: int = 1) -> Decimal:
    """How far a total may differ from the sum of its lines: $1 of rounding per added line, in the statement's
    unit ($1,000 a line "in thousands")."""
    return Decimal(max(terms, 1) * unit)
