"""firm.yaml: who the firm is and how it computes its requirement."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from finop.books.amounts import books_amount
from finop.books.encoding import read_books_text
from finop.books.errors import BooksError

BUSINESS_TYPES = (
    "carrying",
    "k2i_special_account",
    "dealer",
    "introducing_receiving",
    "mutual_fund_insurance",
    "broker_other",
    "municipal_brokers_broker",
)
# the rule value that gives each business type's dollar minimum
BUSINESS_MINIMUM_RULE = {
    "carrying": "min_carrying",
    "k2i_special_account": "min_k2i",
    "dealer": "min_dealer",
    "introducing_receiving": "min_introducing_receiving",
    "mutual_fund_insurance": "min_mutual_fund_insurance",
    "broker_other": "min_broker_other",
    "municipal_brokers_broker": "min_municipal_brokers_broker",
}
ADJUSTMENT_KEYS = (
    "equity_not_allowable",  # FOCUS line 2, (c)(2)(i)(G)
    "other_allowable_credits",  # line 4B
    "secured_demand_note_deficiency",  # line 6B
    "commodity_charges",  # line 6C
    "other_deductions",  # line 6D
    "other_additions",  # line 7
    "contractual_commitments",  # line 9A
    "subordinated_securities_borrowings",  # line 9B
    "options_haircuts",  # line 9C options
    "other_haircuts",  # line 9E
    "ai_other",  # line 17: AI not on the statement of financial condition
)
KNOWN_KEYS = {
    "name", "as_of", "method", "business", "first_year", "aggregate_debit_items", "markets_made",
    "sec_file_number", "firm_id", "adjustments", "entity_type", "address", "contact", "accountant",
    "period_start", "exemption", "clearing_firm", "reserve_frequency", "average_total_credits",
    "reserve_account_balance", "pab_account_balance", "possession_or_control",
}  # fmt: skip
PARTY_KEYS = ("name", "street", "city", "state", "zip", "phone")


def _party(path: Path, key: str, raw: Any) -> Party:
    if raw is None:
        return Party()
    if not isinstance(raw, dict):
        raise BooksError(path, f"{key}: give a mapping of {', '.join(PARTY_KEYS)}")
    bad = sorted(set(raw) - set(PARTY_KEYS))
    if bad:
        raise BooksError(path, f"{key}: unknown field(s) {', '.join(map(str, bad))}; known: {', '.join(PARTY_KEYS)}")
    return Party(**{k: str(v) for k, v in raw.items() if v is not None})


RESERVE_FREQUENCIES = ("weekly", "daily", "monthly")
ENTITY_TYPES = ("llc", "partnership", "corporation", "sole_proprietorship")
EXEMPTIONS = ("(k)(1)", "(k)(2)(i)", "(k)(2)(ii)", "(k)(3)")


@dataclass(frozen=True)
class Party:
    """A name with an address (the registrant's office, the accountant) or a telephone (the contact)."""

    name: str = ""
    street: str = ""
    city: str = ""
    state: str = ""
    zip: str = ""
    phone: str = ""


@dataclass(frozen=True)
class FirmProfile:
    name: str
    as_of: dt.date
    method: str
    business: tuple[str, ...]
    first_year: bool = False
    aggregate_debit_items: Decimal | None = None
    markets_above_5: int = 0
    markets_at_or_below_5: int = 0
    sec_file_number: str | None = None
    adjustments: dict[str, Decimal] = field(default_factory=dict)
    entity_type: str = "corporation"
    period_start: dt.date | None = None  # default: the day after the same date a year before as_of
    firm_id: str | None = None
    address: Party = field(default_factory=Party)
    contact: Party = field(default_factory=Party)
    accountant: Party = field(default_factory=Party)
    exemption: str | None = None  # the Rule 15c3-3 (k) paragraph claimed
    clearing_firm: str | None = None  # for (k)(2)(ii)
    reserve_frequency: str = "weekly"  # how often the reserve formulas are computed: weekly, daily or monthly
    average_total_credits: Decimal | None = None  # mean customer + PAB total credits, 12 latest month-ends
    reserve_account_balance: Decimal | None = None  # on deposit in the Customer Reserve Bank Account
    pab_account_balance: Decimal | None = None  # on deposit in the PAB Reserve Bank Account
    # Rule 15c3-3 possession or control: customers' fully paid and excess margin securities not in possession or
    # control, by category (instructions_issued, instructions_not_issued) -> (market value, number of items)
    possession_or_control: dict[str, tuple[Decimal, int]] | None = None

    @property
    def period(self) -> tuple[dt.date, dt.date]:
        """The reporting period: period_start (or a year back from as_of) to as_of."""
        if self.period_start is not None:
            return self.period_start, self.as_of
        try:
            before = self.as_of.replace(year=self.as_of.year - 1)
        except ValueError:  # February 29
            before = self.as_of.replace(year=self.as_of.year - 1, day=28)
        return before + dt.timedelta(days=1), self.as_of

    def adjustment(self, key: str) -> Decimal:
        return self.adjustments.get(key, Decimal(0))


def _decimal(path: Path, key: str, raw: Any) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, (int, str)):
        if isinstance(raw, float):
            raise BooksError(path, f"{key}: write the amount {raw!r} as a quoted decimal string (no floats for money)")
        raise BooksError(path, f"{key}: {raw!r} is not an amount")
    try:
        return books_amount(str(raw))
    except ValueError as exc:
        raise BooksError(path, f"{key}: {exc}") from None


POSSESSION_CATEGORIES = ("instructions_issued", "instructions_not_issued")


def _possession(path: Path, raw: Any) -> dict[str, tuple[Decimal, int]] | None:
    """possession_or_control: {instructions_issued: {market_value, items}, instructions_not_issued: {...}}."""
    if raw is None:
        return None
    where = "possession_or_control"
    if not isinstance(raw, dict) or set(raw) - set(POSSESSION_CATEGORIES) or not raw:
        raise BooksError(path, f"{where}: give {' and '.join(POSSESSION_CATEGORIES)}, each with market_value and items")
    out: dict[str, tuple[Decimal, int]] = {}
    for category in POSSESSION_CATEGORIES:
        entry = raw.get(category) or {"market_value": "0", "items": 0}
        if not isinstance(entry, dict) or set(entry) != {"market_value", "items"}:
            raise BooksError(path, f"{where}.{category}: give market_value (a quoted amount) and items (a count)")
        value = _decimal(path, f"{where}.{category}.market_value", entry["market_value"])
        items = entry["items"]
        if isinstance(items, bool) or not isinstance(items, int) or items < 0 or value < 0:
            raise BooksError(
                path, f"{where}.{category}: market_value and items must not be negative; items a whole number"
            )
        out[category] = (value, items)
    return out


def load_firm(path: Path) -> FirmProfile:
    """Read and validate firm.yaml."""
    if not path.exists():
        raise BooksError(path, "missing: a books folder needs firm.yaml")
    try:
        data = yaml.safe_load(read_books_text(path))
    except yaml.YAMLError as exc:
        raise BooksError(path, f"not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise BooksError(path, "must be a mapping of fields (name, as_of, method, business, ...)")
    unknown = sorted(set(data) - KNOWN_KEYS)
    if unknown:
        raise BooksError(path, f"unknown field(s): {', '.join(unknown)}")
    for key in ("name", "as_of", "method", "business"):
        if key not in data:
            raise BooksError(path, f"missing field '{key}'")
    as_of = data["as_of"]
    if not isinstance(as_of, dt.date) or isinstance(as_of, dt.datetime):
        raise BooksError(path, f"as_of: {as_of!r} is not a date (YYYY-MM-DD)")
    if not 1900 <= as_of.year <= 2199:
        raise BooksError(path, f"as_of: {as_of.isoformat()} is not a plausible date of a balance sheet")
    method = data["method"]
    if method not in ("basic", "alternative"):
        raise BooksError(path, f"method: {method!r} must be 'basic' or 'alternative'")
    business = data["business"]
    if isinstance(business, str):
        business = [business]
    if not isinstance(business, list) or not business:
        raise BooksError(path, "business: give a list of business types")
    for b in business:
        if b not in BUSINESS_TYPES:
            raise BooksError(path, f"business: {b!r} is not one of {', '.join(BUSINESS_TYPES)}")
    adi = data.get("aggregate_debit_items")
    adi_value = None if adi is None else _decimal(path, "aggregate_debit_items", adi)
    if adi_value is not None and adi_value < 0:
        raise BooksError(path, f"aggregate_debit_items: {adi!r} is negative (a total of debit items is not)")
    markets = data.get("markets_made") or {}
    if not isinstance(markets, dict) or set(markets) - {"above_5", "at_or_below_5"}:
        raise BooksError(path, "markets_made: give above_5 and at_or_below_5 counts")
    counts = {}
    for key in ("above_5", "at_or_below_5"):
        v = markets.get(key, 0)
        if isinstance(v, bool) or not isinstance(v, int) or v < 0:
            raise BooksError(path, f"markets_made.{key}: {v!r} must be a whole number of markets")
        counts[key] = v
    first_year = data.get("first_year", False)
    if not isinstance(first_year, bool):
        raise BooksError(path, f"first_year: {first_year!r} must be true or false")
    adjustments_raw = data.get("adjustments") or {}
    if not isinstance(adjustments_raw, dict):
        raise BooksError(path, "adjustments: must be a mapping")
    bad = sorted(set(adjustments_raw) - set(ADJUSTMENT_KEYS))
    if bad:
        raise BooksError(path, f"adjustments: unknown key(s) {', '.join(bad)}; known: {', '.join(ADJUSTMENT_KEYS)}")
    adjustments = {k: _decimal(path, f"adjustments.{k}", v) for k, v in adjustments_raw.items()}
    entity_type = data.get("entity_type", "corporation")
    if entity_type not in ENTITY_TYPES:
        raise BooksError(path, f"entity_type: {entity_type!r} must be one of {', '.join(ENTITY_TYPES)}")
    period_start = data.get("period_start")
    if period_start is not None and (
        not isinstance(period_start, dt.date) or isinstance(period_start, dt.datetime) or period_start > as_of
    ):
        raise BooksError(path, f"period_start: {period_start!r} is not a date (YYYY-MM-DD) on or before as_of")
    exemption = data.get("exemption")
    if exemption is not None and str(exemption) not in EXEMPTIONS:
        raise BooksError(path, f"exemption: {exemption!r} must be one of {', '.join(EXEMPTIONS)} (or leave it out)")
    frequency = data.get("reserve_frequency", "weekly")
    if frequency not in RESERVE_FREQUENCIES:
        raise BooksError(path, f"reserve_frequency: {frequency!r} must be one of {', '.join(RESERVE_FREQUENCIES)}")
    reserve_amounts: dict[str, Decimal | None] = {}
    for key in ("average_total_credits", "reserve_account_balance", "pab_account_balance"):
        raw = data.get(key)
        value = None if raw is None else _decimal(path, key, raw)
        if value is not None and value < 0:
            raise BooksError(path, f"{key}: {raw!r} must not be negative")
        reserve_amounts[key] = value
    possession = _possession(path, data.get("possession_or_control"))
    return FirmProfile(
        name=str(data["name"]),
        as_of=as_of,
        method=method,
        business=tuple(business),
        first_year=first_year,
        aggregate_debit_items=adi_value,
        markets_above_5=counts["above_5"],
        markets_at_or_below_5=counts["at_or_below_5"],
        sec_file_number=None if data.get("sec_file_number") is None else str(data["sec_file_number"]),
        adjustments=adjustments,
        entity_type=entity_type,
        period_start=period_start,
        firm_id=None if data.get("firm_id") is None else str(data["firm_id"]),
        address=_party(path, "address", data.get("address")),
        contact=_party(path, "contact", data.get("contact")),
        accountant=_party(path, "accountant", data.get("accountant")),
        exemption=None if exemption is None else str(exemption),
        clearing_firm=None if data.get("clearing_firm") is None else str(data["clearing_firm"]),
        reserve_frequency=frequency,
        possession_or_control=possession,
        **reserve_amounts,  # type: ignore[arg-type]
    )
