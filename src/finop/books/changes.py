"""equity_changes.csv and subordinated_changes.csv: what moved equity and subordinated debt in the period."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from finop.books.amounts import books_amount
from finop.books.encoding import encoding_of
from finop.books.errors import BooksError, csv_record

EQUITY_KINDS = ("contribution", "distribution", "other")
SUBORDINATED_KINDS = ("increase", "decrease")


@dataclass(frozen=True)
class Change:
    """One dated movement: a capital contribution, a distribution, a new or repaid subordinated loan."""

    date: dt.date
    kind: str
    amount: Decimal  # positive; the kind gives the direction (an "other" equity change is signed)
    description: str
    component: str  # equity changes: the column it moves (contributed, retained, other); empty for debt
    row: int
    account: str = ""  # equity changes: the trial balance account it moves (when a column has several rows)


def _date(path: Path, row: int, text: str) -> dt.date:
    if not text.strip():
        raise BooksError(path, "the change has no date (YYYY-MM-DD)", row=row, column="date")
    try:
        when = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise BooksError(path, f"date {text!r} is not a date (YYYY-MM-DD)", row=row, column="date") from None
    if not 1900 <= when.year <= 2199:
        raise BooksError(path, f"date {text.strip()!r} is not a plausible date of a change", row=row, column="date")
    return when


def _amount(path: Path, row: int, text: str, signed: bool) -> Decimal:
    try:
        value = books_amount(text)
    except ValueError as exc:
        raise BooksError(path, f"amount {exc}", row=row, column="amount") from None
    if value < 0 and not signed:
        raise BooksError(
            path, f"amount {text!r} must be positive: the kind says which way it goes", row=row, column="amount"
        )
    return value


def load_changes(
    path: Path, kinds: tuple[str, ...], period: tuple[dt.date, dt.date], *, equity: bool
) -> tuple[Change, ...]:
    """Read a changes file (absent: no changes); every row needs a date inside the period, a kind and an amount."""
    if not path.exists():
        return ()
    columns = ("date", "kind", "amount", "description")
    out: list[Change] = []
    with path.open(newline="", encoding=encoding_of(path), errors="replace") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise BooksError(path, f"missing column(s) {', '.join(missing)}; the columns are {', '.join(columns)}")
        for n, raw in enumerate(reader, start=2):
            rec = csv_record(path, n, raw)
            if not any(v.strip() for v in rec.values()):
                continue
            when = _date(path, n, rec.get("date") or "")
            if not period[0] <= when <= period[1]:
                raise BooksError(
                    path, f"date {when} is outside the period {period[0]} to {period[1]}", row=n, column="date"
                )
            kind = (rec.get("kind") or "").strip()
            if kind not in kinds:
                raise BooksError(path, f"kind {kind!r} must be one of {', '.join(kinds)}", row=n, column="kind")
            amount = _amount(path, n, rec.get("amount") or "", signed=equity and kind == "other")
            component = (rec.get("component") or "").strip()
            if equity and component and component not in ("contributed", "retained", "other"):
                raise BooksError(
                    path, f"component {component!r} must be contributed, retained or other", row=n, column="component"
                )
            account = (rec.get("account") or "").strip()
            if account and not equity:
                raise BooksError(path, "the account column is for equity changes only", row=n, column="account")
            out.append(Change(when, kind, amount, (rec.get("description") or "").strip(), component, n, account))
    return tuple(out)


def default_component(change: Change) -> str:
    """The equity column a change moves when the file does not say: contributions add to contributed
    capital, distributions come out of retained earnings, other changes go to other equity."""
    if change.component:
        return change.component
    return {"contribution": "contributed", "distribution": "retained"}.get(change.kind, "other")


def signed_amount(change: Change) -> Decimal:
    """The change as it moves the balance: distributions and decreases negative."""
    return -change.amount if change.kind in ("distribution", "decrease") else change.amount
