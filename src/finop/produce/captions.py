"""How the statements word each FOCUS line, and the equity section for each kind of entity."""

from __future__ import annotations

LINE_CAPTIONS: dict[str, str] = {
    # assets
    "cash": "Cash and cash equivalents",
    "cash_segregated": "Cash segregated under federal and other regulations",
    "receivable_bd_clearance": "Receivable from brokers or dealers and clearing organizations",
    "receivable_bd_other": "Receivable from brokers or dealers, other",
    "receivable_noncustomer": "Receivable from non-customers",
    "securities_owned": "Securities owned, at fair value",
    "not_readily_marketable": "Securities not readily marketable, at estimated fair value",
    "securities_borrowed_subordination": "Securities borrowed under subordination agreements",
    "secured_demand_notes": "Secured demand notes receivable",
    "exchange_memberships": "Memberships in exchanges",
    "affiliates": "Receivable from affiliates",
    "fixed_assets": "Furniture, equipment and leasehold improvements, net",
    "other_assets": "Other assets",
    # liabilities
    "bank_loans": "Bank loans payable",
    "payable_bd_clearance": "Payable to brokers or dealers and clearing organizations",
    "payable_bd_other": "Payable to brokers or dealers, other",
    "payable_noncustomer": "Payable to non-customers",
    "securities_sold_short": "Securities sold, not yet purchased, at fair value",
    "accounts_payable_accrued": "Accounts payable and accrued expenses",
    "notes_payable_unsecured": "Notes payable, unsecured",
    "notes_payable_secured": "Notes payable, secured",
    "subordinated_cash": "Subordinated borrowings",
    "subordinated_securities": "Subordinated securities borrowings",
    "subordinated_sdn": "Secured demand note collateral agreements",
    "subordinated_memberships": "Exchange memberships contributed for use of the company",
    "subordinated_not_qualified": "Subordinated borrowings not qualified for net capital",
    # income statement
    "commissions": "Commissions",
    "trading_gains": "Gains on firm trading accounts",
    "investment_gains": "Gains on firm investment accounts",
    "underwriting": "Underwriting and selling group participations",
    "fund_shares": "Sales of investment company shares",
    "fees": "Account supervision, advisory and administrative fees",
    "revenue": "Other revenue",
    "compensation": "Employee compensation and benefits",
    "commissions_paid": "Commissions paid to other brokers or dealers",
    "interest_expense": "Interest expense",
    "regulatory_fees": "Regulatory fees and expenses",
    "expense": "Other expenses",
    "income_taxes": "Income taxes",
}

# entity type -> (the owners' word, the section title)
EQUITY_WORDS: dict[str, tuple[str, str]] = {
    "llc": ("members'", "Members' equity"),
    "partnership": ("partners'", "Partners' capital"),
    "corporation": ("stockholder's", "Stockholder's equity"),
    "sole_proprietorship": ("proprietor's", "Proprietor's capital"),
}

RETAINED_WORDS = ("retained", "accumulated", "deficit", "earnings", "undistributed")


def caption_of(line: str, caption: str) -> str:
    """The account's caption as written in the books, else the standard one for its line."""
    return caption or LINE_CAPTIONS.get(line, line.replace("_", " ").capitalize())
