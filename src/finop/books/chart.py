"""The FOCUS Part IIA lines a trial balance maps to, and the columns of its accounts."""

from __future__ import annotations

from finop.model.concepts import books_lines

# the lines of each kind, in statement order: finop/model/data/concepts.yaml (concepts with `books`)
ASSET_LINES = books_lines("asset")  # cash_segregated: FOCUS line 1 too, but shown apart, not cash in the cash flows
LIABILITY_LINES = books_lines("liability")
SUBORDINATED_ALLOWABLE = (
    "subordinated_cash",
    "subordinated_securities",
    "subordinated_sdn",
    "subordinated_memberships",
)
SUBORDINATED_LINES = (*SUBORDINATED_ALLOWABLE, "subordinated_not_qualified")
EQUITY_LINES = books_lines("equity")
# the FOCUS Part IIA statement of income; "revenue" and "expense" are the other revenue and other expenses lines
REVENUE_LINES = books_lines("revenue")
EXPENSE_LINES = books_lines("expense")
INCOME_LINES = (*REVENUE_LINES, *EXPENSE_LINES)
ALL_LINES = (*ASSET_LINES, *LIABILITY_LINES, *EQUITY_LINES, *INCOME_LINES)
EQUITY_COLUMNS = ("contributed", "retained", "other")  # the columns of the statement of changes in equity
EXPENSE_COLUMNS = ("noncash",)  # an expense not paid in cash (depreciation), added back in the cash flows

ASSET_COLUMNS = ("allowable", "nonallowable")
LIABILITY_COLUMNS = ("ai", "non_ai")


def kind_of(line: str) -> str:
    """'asset', 'liability', 'equity', 'revenue' or 'expense'."""
    if line in ASSET_LINES:
        return "asset"
    if line in LIABILITY_LINES:
        return "liability"
    if line in EQUITY_LINES:
        return "equity"
    if line in REVENUE_LINES:
        return "revenue"
    if line in EXPENSE_LINES:
        return "expense"
    raise KeyError(line)
