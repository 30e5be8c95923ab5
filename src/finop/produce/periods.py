"""A run of several period folders: each produced, oldest first, each opening balance the previous closing."""

from __future__ import annotations

import itertools
from decimal import Decimal
from pathlib import Path

from finop.books.errors import BooksError
from finop.model.produced import ProducedReport
from finop.produce.report import produce
from finop.produce.statements import equity_by_caption


def produce_periods(folders: list[Path]) -> list[ProducedReport]:
    """Produce each period folder, oldest first; each opening balance must equal the previous closing."""
    reports = sorted((produce(f) for f in folders), key=lambda r: r.books.firm.as_of)
    for before, after in itertools.pairwise(reports):
        check_continuity(before, after)
    return reports


def check_continuity(before: ProducedReport, after: ProducedReport) -> None:
    """The later folder's opening balance is the earlier folder's closing, account by account."""
    prev, cur = before.books, after.books
    path = Path(cur.path) / "opening_balance.csv"
    if cur.opening is None:
        raise BooksError(path, f"missing: it must carry {prev.path}'s closing balances")
    if cur.firm.period[0] <= prev.firm.as_of:
        raise BooksError(
            Path(cur.path) / "firm.yaml", f"the period overlaps {prev.path} (which ends {prev.firm.as_of})"
        )
    closing = {(a.account, a.kind): a.amount for a in prev.trial_balance.accounts if a.kind in ("asset", "liability")}
    opening = {(a.account, a.kind): a.amount for a in cur.opening.accounts if a.kind in ("asset", "liability")}
    for key in sorted(set(closing) | set(opening)):
        was, now = closing.get(key, Decimal(0)), opening.get(key, Decimal(0))
        if was != now:
            raise BooksError(
                path,
                f"account {key[0]} opens at {now:,} but {prev.path} closed it at {was:,} (difference {now - was:,})",
            )
    eq_before = equity_by_caption(prev, prev.trial_balance, closing_income=True)
    eq_after = equity_by_caption(cur, cur.opening, closing_income=True)
    for cap in sorted(set(eq_before) | set(eq_after)):
        was, now = eq_before.get(cap, Decimal(0)), eq_after.get(cap, Decimal(0))
        if was != now:
            raise BooksError(path, f"equity '{cap}' opens at {now:,} but {prev.path} closed it at {was:,}")
