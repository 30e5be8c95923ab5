"""The FOCUS Part IIA statement of financial condition lines a trial balance maps to."""

from __future__ import annotations

ASSET_LINES = (
    "cash",
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
INCOME_LINES = ("revenue", "expense")
ALL_LINES = (*ASSET_LINES, *LIABILITY_LINES, *EQUITY_LINES, *INCOME_LINES)

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
    return line
