"""trial_balance.csv: account balances mapped to FOCUS Part IIA lines."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from finop.books.amounts import books_amount
from finop.books.chart import ALL_LINES, ASSET_COLUMNS, EQUITY_COLUMNS, EXPENSE_COLUMNS, LIABILITY_COLUMNS, kind_of
from finop.books.encoding import encoding_of
from finop.books.errors import BooksError, csv_record

REQUIRED_COLUMNS = ("account", "description", "amount", "line", "column")
OPTIONAL_COLUMNS = ("caption", "cash_flow")
CASH_FLOW_CLASSES = ("operating", "investing", "financing")
ZERO = Decimal(0)


@dataclass(frozen=True)
class Account:
    """One trial balance row, amount in the line's normal direction."""

    account: str
    description: str
    amount: Decimal
    line: str
    column: str
    row: int  # the file line the account is on (the header is line 1)
    caption: str = ""  # how the statements show it (accounts with one caption are one row); default: the line's
    cash_flow: str = ""  # operating, investing or financing (default by line; see docs/books.md)

    @property
    def kind(self) -> str:
        return kind_of(self.line)


@dataclass(frozen=True)
class TrialBalance:
    path: str
    accounts: tuple[Account, ...]

    def total(self, *, kind: str | None = None, line: str | None = None, column: str | None = None) -> Decimal:
        return sum(
            (
                a.amount
                for a in self.accounts
                if (kind is None or a.kind == kind)
                and (line is None or a.line == line)
                and (column is None or a.column == column)
            ),
            ZERO,
        )

    def line_total(self, line: str) -> Decimal:
        return self.total(line=line)

    def lines_present(self) -> set[str]:
        return {a.line for a in self.accounts}

    @property
    def net_income(self) -> Decimal:
        return self.total(kind="revenue") - self.total(kind="expense")


def _amount(path: Path, row: int, text: str) -> Decimal:
    try:
        return books_amount(text)
    except ValueError as exc:
        raise BooksError(path, f"amount {exc}", row=row, column="amount") from None


def load_trial_balance(path: Path, *, required: bool = True) -> TrialBalance:
    """Read and validate a trial balance (it must balance: debits = credits)."""
    if not path.exists():
        if required:
            raise BooksError(path, "missing: a books folder needs trial_balance.csv")
        return TrialBalance(str(path), ())
    with path.open(newline="", encoding=encoding_of(path), errors="replace") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames or []
        missing = [c for c in REQUIRED_COLUMNS if c not in header]
        if missing:
            raise BooksError(
                path, f"missing column(s) {', '.join(missing)}; the columns are {', '.join(REQUIRED_COLUMNS)}"
            )
        accounts: list[Account] = []
        for n, raw in enumerate(reader, start=2):  # file line numbers: header is line 1
            rec = csv_record(path, n, raw)
            if not any(v.strip() for v in rec.values()):
                continue
            line = (rec.get("line") or "").strip()
            if line not in ALL_LINES:
                raise BooksError(path, f"unknown line {line!r}; see docs/books.md for the lines", row=n, column="line")
            column = (rec.get("column") or "").strip()
            kind = kind_of(line)
            if kind == "asset" and column not in ASSET_COLUMNS:
                raise BooksError(
                    path,
                    f"an asset line needs column allowable or nonallowable, not {column!r}",
                    row=n,
                    column="column",
                )
            if kind == "liability" and column not in LIABILITY_COLUMNS:
                raise BooksError(
                    path, f"a liability line needs column ai or non_ai, not {column!r}", row=n, column="column"
                )
            if kind == "equity" and column and column not in EQUITY_COLUMNS:
                raise BooksError(
                    path, f"an equity line's column is empty or one of {', '.join(EQUITY_COLUMNS)}, not {column!r}",
                    row=n, column="column",
                )  # fmt: skip
            if kind == "expense" and column and column not in EXPENSE_COLUMNS:
                raise BooksError(
                    path, f"an expense line's column is empty or noncash, not {column!r}", row=n, column="column"
                )
            if kind == "revenue" and column:
                raise BooksError(
                    path, f"column must be empty for a revenue line, not {column!r}", row=n, column="column"
                )
            cash_flow = (rec.get("cash_flow") or "").strip()
            if cash_flow and (cash_flow not in CASH_FLOW_CLASSES or kind not in ("asset", "liability")):
                raise BooksError(
                    path, f"cash_flow {cash_flow!r}: give operating, investing or financing, on asset and liability rows",
                    row=n, column="cash_flow",
                )  # fmt: skip
            accounts.append(
                Account(
                    account=(rec.get("account") or "").strip(),
                    description=(rec.get("description") or "").strip(),
                    amount=_amount(path, n, rec.get("amount") or ""),
                    line=line,
                    column=column,
                    row=n,
                    caption=(rec.get("caption") or "").strip(),
                    cash_flow=cash_flow,
                )
            )
    if not accounts:
        raise BooksError(path, "no accounts: the trial balance is empty")
    tb = TrialBalance(str(path), tuple(accounts))
    debits = tb.total(kind="asset") + tb.total(kind="expense")
    credits = tb.total(kind="liability") + tb.total(kind="equity") + tb.total(kind="revenue")
    if debits != credits:
        raise BooksError(
            path,
            f"does not balance: assets + expenses = {debits:,} but liabilities + equity + revenue = {credits:,} "
            f"(difference {debits - credits:,})",
        )
    return tb
