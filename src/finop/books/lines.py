"""The FOCUS Part IIA statement of financial condition lines a trial balance maps to."""

from __future__ import annotations

ASSET_LINES = (
    "cash",
    "cash_segregated",  # FOCUS line 1 (cash) too, but shown apart and not cash in the statement of cash flows
    "receivable_bd_clearance",
    "receivable_bd_other",
    "receivable_noncustomer",
    "securities_owned",
    "not_readily_marketable",
    "securities_borrowed_subordination",
    "secured_demand_notes",
    "exchange_memberships",
    "affiliates",
    "fixed_assets",
    "other_assets",
)
LIABILITY_LINES = (
    "bank_loans",
    "payable_bd_clearance",
    "payable_bd_other",
    "payable_noncustomer",
    "securities_sold_short",
    "accounts_payable_accrued",
    "notes_payable_unsecured",
    "notes_payable_secured",
    "subordinated_cash",
    "subordinated_securities",
    "subordinated_sdn",
    "subordinated_memberships",
    "subordinated_not_qualified",
)
SUBORDINATED_ALLOWABLE = (
    "subordinated_cash",
    "subordinated_securities",
    "subordinated_sdn",
    "subordinated_memberships",
)
SUBORDINATED_LINES = (*SUBORDINATED_ALLOWABLE, "subordinated_not_qualified")
EQUITY_LINES = ("equity",)
# the FOCUS Part IIA statement of income; "revenue" and "expense" are the other revenue and other expenses lines
REVENUE_LINES = (
    "commissions",
    "trading_gains",
    "investment_gains",
    "underwriting",
    "fund_shares",
    "fees",
    "revenue",
)
EXPENSE_LINES = (
    "compensation",
    "commissions_paid",
    "interest_expense",
    "regulatory_fees",
    "expense",
    "income_taxes",
)
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
