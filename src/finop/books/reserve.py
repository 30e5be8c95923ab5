"""reserve.csv: the items of the Rule 15c3-3 reserve computations (Exhibit A), customer and PAB.

Columns (a public contract, docs/books.md): ``account`` (customer or pab), ``item`` (the Exhibit A item
number, as the rule in force on the computation date numbers it), ``amount`` (dollars, not negative),
``description`` (optional). Several rows of one item add up. Which item numbers exist on a date is the
rules' business: the engine refuses an item the rule in force does not define, naming the line.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from finop.books.encoding import encoding_of
from finop.books.errors import BooksError, csv_record
from finop.money import parse_amount

ACCOUNTS = ("customer", "pab")
REQUIRED_COLUMNS = ("account", "item", "amount")
OPTIONAL_COLUMNS = ("description",)
ZERO = Decimal(0)


@dataclass(frozen=True)
class ReserveEntry:
    """One row of reserve.csv."""

    account: str  # customer | pab
    item: int
    amount: Decimal
    description: str
    line: int  # the file line (the header is line 1)


@dataclass(frozen=True)
class ReserveBooks:
    """The rows of reserve.csv."""

    path: str
    entries: tuple[ReserveEntry, ...]

    def has(self, account: str) -> bool:
        return any(e.account == account for e in self.entries)

    def amounts(self, account: str) -> dict[int, Decimal]:
        """Item number -> the sum of the account's rows for it."""
        out: dict[int, Decimal] = {}
        for e in self.entries:
            if e.account == account:
                out[e.item] = out.get(e.item, ZERO) + e.amount
        return out

    def rows(self, account: str, item: int) -> tuple[ReserveEntry, ...]:
        return tuple(e for e in self.entries if e.account == account and e.item == item)


def _error(path: Path, line: int, problem: str, column: str) -> BooksError:
    return BooksError(path, problem, row=line, column=column, row_word="line")


def _amount(path: Path, line: int, text: str) -> Decimal:
    """Dollars as printed ("1,234.56", "$1,234"; a dash is nil), never negative."""
    if not text.strip():
        raise _error(path, line, "no amount: give the item's amount in dollars", "amount")
    value = parse_amount(text)
    if value is None:
        raise _error(path, line, f"amount {text.strip()!r} is not a number", "amount")
    if value < 0:
        raise _error(path, line, f"negative amount {text.strip()!r}: Exhibit A amounts are not negative "
                     "(a debit item goes under its debit item number, not as a negative credit)", "amount")  # fmt: skip
    return value


def _item(path: Path, line: int, text: str) -> int:
    t = text.strip()
    if not t.isdigit() or int(t) < 1:
        raise _error(path, line, f"item {t!r} is not an Exhibit A item number (a whole number, 1 to 15)", "item")
    return int(t)


def load_reserve(path: Path) -> ReserveBooks | None:
    """Read reserve.csv if the books folder has one (None when it does not)."""
    if not path.exists():
        return None
    try:
        fh = path.open(newline="", encoding=encoding_of(path), errors="replace")
    except OSError as exc:
        raise BooksError(path, f"cannot be read: {exc.strerror or exc}") from None
    with fh:
        try:
            reader = csv.DictReader(fh)
            header = [h.strip() for h in (reader.fieldnames or [])]
        except (UnicodeDecodeError, csv.Error) as exc:
            raise BooksError(path, f"is not a UTF-8 CSV file ({exc})") from None
        missing = [c for c in REQUIRED_COLUMNS if c not in header]
        if missing:
            raise BooksError(path, f"missing column(s) {', '.join(missing)}; the columns are "
                             f"{', '.join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)} (description optional)")  # fmt: skip
        unknown = [c for c in header if c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
        if unknown:
            raise BooksError(path, f"unknown column(s) {', '.join(unknown)}; the columns are "
                             f"{', '.join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)}")  # fmt: skip
        entries: list[ReserveEntry] = []
        try:
            for n, raw in enumerate(reader, start=2):
                rec = {k.strip(): v for k, v in csv_record(path, n, raw).items()}
                if not any(v.strip() for v in rec.values()):
                    continue
                account = rec.get("account", "").strip().lower()
                if account not in ACCOUNTS:
                    raise _error(path, n, f"unknown account {rec.get('account', '').strip()!r}: give customer or pab",
                                 "account")  # fmt: skip
                entries.append(ReserveEntry(account, _item(path, n, rec.get("item", "")),
                                            _amount(path, n, rec.get("amount", "")),
                                            rec.get("description", "").strip(), n))  # fmt: skip
        except (UnicodeDecodeError, csv.Error) as exc:
            raise BooksError(path, f"is not a UTF-8 CSV file ({exc})") from None
    if not entries:
        raise BooksError(path, "no rows: give the Exhibit A items, or remove the file")
    return ReserveBooks(str(path), tuple(entries))
