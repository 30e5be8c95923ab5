"""A books folder: firm.yaml, trial_balance.csv, positions.csv, and optional files (see docs/books.md)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import numpy as np

from finop.books.changes import EQUITY_KINDS, SUBORDINATED_KINDS, Change, load_changes
from finop.books.errors import BooksError
from finop.books.firm import FirmProfile, load_firm
from finop.books.focus_filed import load_focus_filed
from finop.books.positions import Positions, load_positions
from finop.books.reserve import ReserveBooks, load_reserve
from finop.books.trial_balance import TrialBalance, load_trial_balance


@dataclass(frozen=True)
class Books:
    path: str
    firm: FirmProfile
    trial_balance: TrialBalance
    positions: Positions
    opening: TrialBalance | None = None  # opening_balance.csv: the trial balance at the prior year end
    equity_changes: tuple[Change, ...] = ()
    subordinated_changes: tuple[Change, ...] = ()
    focus_filed: dict[str, Decimal] | None = None  # focus_filed.yaml: box code -> amount as filed
    reserve: ReserveBooks | None = None  # reserve.csv: the Exhibit A items, customer and PAB


def _check_positions_against_lines(books_dir: Path, tb: TrialBalance, pos: Positions) -> None:
    """Positions under securities owned / sold short sum to those lines; elsewhere they fit inside their line."""
    path = Path(pos.path)
    for code, line in enumerate(pos.lines):
        mask = pos.line == code
        total = Decimal(int(pos.cents[mask].sum())) / 100
        tb_total = tb.line_total(line)
        if line == "securities_sold_short":
            total = -total
        if line in ("securities_owned", "securities_sold_short"):
            if total != tb_total:
                raise BooksError(
                    path,
                    f"positions carried under {line} sum to {total:,} but the trial balance line {line} is {tb_total:,} "
                    f"(difference {total - tb_total:,})",
                )
        elif abs(total) > abs(tb_total):
            raise BooksError(
                path,
                f"positions carried under {line} sum to {total:,}, more than the trial balance line {line} ({tb_total:,})",
            )
    for line in ("securities_owned", "securities_sold_short"):
        if tb.line_total(line) != 0 and line not in pos.lines:
            raise BooksError(
                books_dir / "positions.csv",
                f"the trial balance carries {line} of {tb.line_total(line):,} but no position is carried under it",
            )
    short_code = pos.lines.index("securities_sold_short") if "securities_sold_short" in pos.lines else -1
    on_short_line = pos.line == short_code
    wrong = (pos.cents < 0) != on_short_line
    if wrong.any():
        idx = int(np.flatnonzero(wrong)[0])
        raise BooksError(
            path,
            f"row {idx + 2}: short positions (negative market_value) belong under securities_sold_short, and only they do",
        )


def load_books(directory: str | Path) -> Books:
    """Load and cross-check a books folder."""
    d = Path(directory)
    if not d.exists():
        raise BooksError(d, "no such books folder")
    if not d.is_dir():
        raise BooksError(d, "is not a folder: give the books folder (firm.yaml, trial_balance.csv, positions.csv)")
    firm = load_firm(d / "firm.yaml")
    tb = load_trial_balance(d / "trial_balance.csv")
    positions = load_positions(d / "positions.csv")
    _check_positions_against_lines(d, tb, positions)
    opening = load_trial_balance(d / "opening_balance.csv", required=False) or None
    reserve = load_reserve(d / "reserve.csv")
    if (
        firm.method == "alternative"
        and firm.aggregate_debit_items is None
        and not (reserve and reserve.has("customer"))
    ):
        raise BooksError(
            d / "firm.yaml",
            "the alternative method needs aggregate debit items: give aggregate_debit_items, or the customer "
            "reserve computation in reserve.csv",
        )
    return Books(
        path=str(d),
        firm=firm,
        trial_balance=tb,
        positions=positions,
        opening=opening if opening and opening.accounts else None,
        equity_changes=load_changes(d / "equity_changes.csv", EQUITY_KINDS, firm.period, equity=True),
        subordinated_changes=load_changes(
            d / "subordinated_changes.csv", SUBORDINATED_KINDS, firm.period, equity=False
        ),
        focus_filed=load_focus_filed(d / "focus_filed.yaml"),
        reserve=reserve,
    )


__all__ = ["Books", "BooksError", "FirmProfile", "Positions", "ReserveBooks", "TrialBalance", "load_books"]
