"""The canonical model of an annual report (Form X-17A-5 Part III).

Immutable records. Every amount is a ``Decimal`` in whole dollars after scaling;
every amount read from a document keeps its ``SourceRef``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from finop.model.source import SourceRef

if TYPE_CHECKING:
    from finop.findings import Finding


class StatementKind(StrEnum):
    FINANCIAL_CONDITION = "financial_condition"
    INCOME = "income"
    CHANGES_IN_EQUITY = "changes_in_equity"
    CHANGES_IN_SUBORDINATED = "changes_in_subordinated"
    CASH_FLOWS = "cash_flows"
    NET_CAPITAL = "net_capital"
    RESERVE = "reserve"
    RECONCILIATION = "reconciliation"


class Role(StrEnum):
    ITEM = "item"
    TOTAL = "total"
    HEADER = "header"


@dataclass(frozen=True)
class LineItem:
    """One row of a statement: its caption, its amounts by column, and what it is."""

    id: str
    label: str
    values: tuple[Decimal | None, ...]
    sources: tuple[SourceRef | None, ...]
    role: Role = Role.ITEM
    section: str = ""
    context: str = ""
    concept: str | None = None
    components: tuple[str, ...] = ()  # ids of the rows this total must equal the sum of
    printed: tuple[str, ...] = ()

    def value(self, column: int = 0) -> Decimal | None:
        return self.values[column] if column < len(self.values) else None

    def source(self, column: int = 0) -> SourceRef | None:
        if column < len(self.sources) and self.sources[column] is not None:
            return self.sources[column]
        return next((s for s in self.sources if s is not None), None)

    @property
    def caption(self) -> str:
        """Context and label together, as a reader would say the row."""
        return f"{self.context} — {self.label}" if self.context else self.label


@dataclass(frozen=True)
class Statement:
    """A statement or a tabular schedule, as extracted."""

    kind: StatementKind
    title: str
    items: tuple[LineItem, ...]
    columns: tuple[str, ...] = ("amount",)
    scale: int = 1
    date_text: str = ""
    as_of: date | None = None
    source: SourceRef | None = None
    primary_column: int = 0

    def by_id(self, item_id: str) -> LineItem:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def find(self, concept: str) -> LineItem | None:
        return next((i for i in self.items if i.concept == concept), None)

    def amount(self, concept: str) -> Decimal | None:
        item = self.find(concept)
        return item.value(self.primary_column) if item else None

    @property
    def page(self) -> int | None:
        return self.source.page if self.source else None


@dataclass(frozen=True)
class Address:
    street: str = ""
    city: str = ""
    state: str = ""
    zip: str = ""

    def __str__(self) -> str:
        tail = " ".join(p for p in (self.state, self.zip) if p)
        return ", ".join(p for p in (self.street, self.city, tail) if p)


@dataclass(frozen=True)
class FacingPage:
    """Part III facing page fields, each with where it was read."""

    registrant_name: str | None = None
    sec_file_number: str | None = None
    firm_id: str | None = None
    period_start: date | None = None
    period_end: date | None = None
    address: Address | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    accountant_name: str | None = None
    accountant_address: Address | None = None
    sources: dict[str, SourceRef] = field(default_factory=dict)


@dataclass(frozen=True)
class Exemption:
    """The Rule 15c3-3 position the report states: exempt under a (k) paragraph, or not."""

    exempt: bool
    paragraph: str | None
    source: SourceRef | None = None


@dataclass(frozen=True)
class Reconciliation:
    """The Rule 17a-5(d)(4) reconciliation with the unaudited FOCUS report."""

    no_material_differences: bool
    statement: Statement | None = None
    source: SourceRef | None = None


@dataclass(frozen=True)
class NoteFigure:
    """A figure stated in the notes, e.g. net capital in the regulatory note."""

    concept: str
    value: Decimal
    text: str
    source: SourceRef | None = None


@dataclass(frozen=True)
class Fact:
    """One value of the flat facts map, with where it came from."""

    concept: str
    value: Decimal | str
    origin: str  # e.g. "financial_condition", "notes", "facing_page", "derived"
    source: SourceRef | None = None


@dataclass(frozen=True)
class BodyIdentity:
    """Registrant name and SEC file number as the report body (not the facing page) gives them."""

    registrant_name: str | None = None
    sec_file_number: str | None = None
    sources: dict[str, SourceRef] = field(default_factory=dict)


@dataclass(frozen=True)
class Filing:
    """A whole annual report, from whichever direction it came (read or computed)."""

    path: str
    reader: str
    facing_page: FacingPage
    statements: dict[StatementKind, Statement]
    facts: dict[str, Fact]
    notes: tuple[NoteFigure, ...] = ()
    exemption: Exemption | None = None
    reconciliation: Reconciliation | None = None
    method: str | None = None  # "basic" | "alternative" as the report states it
    method_source: SourceRef | None = None
    body: BodyIdentity = field(default_factory=BodyIdentity)
    statement_dates: tuple[tuple[date, SourceRef], ...] = ()
    findings: tuple[Finding, ...] = ()  # findings raised while extracting

    def statement(self, kind: StatementKind) -> Statement | None:
        return self.statements.get(kind)

    def fact(self, concept: str) -> Decimal | str | None:
        f = self.facts.get(concept)
        return f.value if f else None

    def amount(self, concept: str) -> Decimal | None:
        value = self.fact(concept)
        return value if isinstance(value, Decimal) else None
