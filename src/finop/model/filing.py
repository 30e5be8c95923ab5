"""The canonical model of an annual report (Form X-17A-5 Part III).

Immutable records. Every amount is a ``Decimal`` in whole dollars after scaling;
every amount read from a document keeps its ``SourceRef``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from finop.model.concepts import statements
from finop.model.findings import Finding
from finop.model.source import SourceRef
from finop.money import rounding_tolerance

if TYPE_CHECKING:
    from finop.model.cover import CoverPage, Submission


def plain(value: Any) -> Any:
    """A value as the JSON form writes it: Decimal as exact text, dates as ISO text, addresses as objects,
    mappings and sequences value by value."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Address):
        return {"street": value.street, "city": value.city, "state": value.state, "zip": value.zip}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


class StatementKind(StrEnum):
    FINANCIAL_CONDITION = "financial_condition"
    INCOME = "income"
    CHANGES_IN_EQUITY = "changes_in_equity"
    CHANGES_IN_SUBORDINATED = "changes_in_subordinated"
    CASH_FLOWS = "cash_flows"
    NET_CAPITAL = "net_capital"
    RESERVE = "reserve"
    PAB_RESERVE = "pab_reserve"
    RECONCILIATION = "reconciliation"

    @property
    def label(self) -> str:
        """Its name in running text: "statement of financial condition" (concepts.yaml)."""
        return statements()[self.value].name

    @property
    def heading(self) -> str:
        """Its title as a heading: "Statement of financial condition"."""
        return statements()[self.value].heading

    @property
    def prefix(self) -> str:
        """The code prefix of its tie findings: TIE-SFC-FOOT."""
        return statements()[self.value].prefix

    @property
    def title_patterns(self) -> tuple[re.Pattern[str], ...]:
        """The patterns of the titles it is printed under."""
        return statements()[self.value].titles


class Role(StrEnum):
    ITEM = "item"
    TOTAL = "total"
    HEADER = "header"


@dataclass(frozen=True)
class Amount:
    """One amount of a statement row: its value (whole dollars after scaling), as printed, and where it was read."""

    value: Decimal | None
    printed: str = ""  # the text as the page prints it ("$(1,234)"); empty for a produced amount
    source: SourceRef | None = None


@dataclass(frozen=True)
class LineItem:
    """One row of a statement: its caption, one ``Amount`` per column, and what it is."""

    id: str
    label: str
    amounts: tuple[Amount, ...]
    role: Role = Role.ITEM
    section: str = ""
    context: str = ""
    concept: str | None = None
    components: tuple[str, ...] = ()  # ids of the rows this total must equal the sum of

    @classmethod
    def of(
        cls,
        id: str,
        label: str,
        values: tuple[Decimal | None, ...],
        sources: tuple[SourceRef | None, ...] = (),
        printed: tuple[str, ...] = (),
        **fields: Any,
    ) -> LineItem:
        """A row from its values by column, with their sources and printed texts when read."""
        amounts = tuple(
            Amount(v, printed[i] if i < len(printed) else "", sources[i] if i < len(sources) else None)
            for i, v in enumerate(values)
        )
        return cls(id=id, label=label, amounts=amounts, **fields)

    @property
    def values(self) -> tuple[Decimal | None, ...]:
        return tuple(a.value for a in self.amounts)

    @property
    def sources(self) -> tuple[SourceRef | None, ...]:
        return tuple(a.source for a in self.amounts)

    @property
    def printed(self) -> tuple[str, ...]:
        """The printed texts by column; empty when nothing was printed (a produced row)."""
        texts = tuple(a.printed for a in self.amounts)
        return texts if any(texts) else ()

    def value(self, column: int = 0) -> Decimal | None:
        return self.amounts[column].value if column < len(self.amounts) else None

    def source(self, column: int = 0) -> SourceRef | None:
        if column < len(self.amounts) and self.amounts[column].source is not None:
            return self.amounts[column].source
        return next((a.source for a in self.amounts if a.source is not None), None)

    def scaled(self, factor: int) -> LineItem:
        """The row with every value multiplied by ``factor`` (a statement read in thousands)."""
        amounts = tuple(replace(a, value=a.value * factor if a.value is not None else None) for a in self.amounts)
        return replace(self, amounts=amounts)

    @property
    def caption(self) -> str:
        """Context and label together, as a reader would say the row."""
        return f"{self.context} — {self.label}" if self.context else self.label


@dataclass(frozen=True)
class Footing:
    """One total of a statement against the sum of its components in one column."""

    total: LineItem
    parts: tuple[LineItem, ...]
    column: int
    expected: Decimal  # the sum of the parts
    actual: Decimal  # the total as read
    holds: bool  # within the rounding tolerance


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

    def tolerance(self, terms: int) -> Decimal:
        """$1 of rounding per added line, in the statement's unit ($1,000 a line "in thousands")."""
        return rounding_tolerance(terms, self.scale)

    def footings(self) -> Iterator[Footing]:
        """Every total against the sum of its components, column by column (where any has an amount)."""
        ids = {i.id: i for i in self.items}
        for total in self.items:
            if not total.components:
                continue
            parts = [ids[c] for c in total.components if c in ids]
            for col in range(len(self.columns)):
                actual = total.value(col)
                values = [p.value(col) for p in parts]
                if actual is None or all(v is None for v in values):
                    continue
                expected = sum((v for v in values if v is not None), Decimal(0))
                yield Footing(
                    total, tuple(parts), col, expected, actual, abs(actual - expected) <= self.tolerance(len(parts))
                )

    @property
    def quality(self) -> float:
        """How well the reading holds together, from 0 to 1: the share of its totals that foot, times the mean
        confidence of the reader in its amounts (1.0 for a text layer; OCR's own confidence for a scan)."""
        checks = list(self.footings())
        footing = sum(1 for c in checks if c.holds) / len(checks) if checks else 1.0
        confidences = [a.source.confidence for i in self.items for a in i.amounts if a.value is not None and a.source]
        confidence = sum(confidences) / len(confidences) if confidences else 1.0
        return round(footing * confidence, 3)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "title": self.title,
            "as_of": plain(self.as_of),
            "columns": list(self.columns),
            "scale": self.scale,
            "page": self.page,
            "source": self.source.to_dict() if self.source else None,
            "quality": self.quality,
            "items": [
                {
                    "id": i.id,
                    "label": i.label,
                    "context": i.context,
                    "role": i.role.value,
                    "section": i.section,
                    "concept": i.concept,
                    "values": [plain(v) for v in i.values],
                    "printed": list(i.printed),
                    "components": list(i.components),
                    "line": i.source().line if i.source() else None,
                    "page": i.source().page if i.source() else None,
                }
                for i in self.items
            ],
        }


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

    FIELDS = (
        "registrant_name",
        "sec_file_number",
        "firm_id",
        "period_start",
        "period_end",
        "address",
        "contact_name",
        "contact_phone",
        "accountant_name",
        "accountant_address",
    )

    def to_dict(self) -> dict[str, Any]:
        out = {name: plain(getattr(self, name)) for name in self.FIELDS}
        out["sources"] = {k: v.to_dict() for k, v in self.sources.items()}
        return out


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
    printed: str = ""  # the figure as the note prints it ("$1.7 billion", "$1,268,650"), when known

    @property
    def rounding(self) -> Decimal:
        """How far the stated figure may be from the exact one: half a unit of its last printed digit, in dollars
        ("$1.7 billion": 50 million; "$12 million": 500,000; "$1,268,650": 0)."""
        m = re.search(r"(\d[\d,]*)(?:\.(\d+))?\s*(thousand|million|billion)?", self.printed, re.I)
        if m is None or not m.group(3):
            return Decimal(0)
        unit = {"thousand": Decimal(1000), "million": Decimal(1_000_000), "billion": Decimal(1_000_000_000)}
        return unit[m.group(3).lower()] / 10 ** len(m.group(2) or "") / 2

    @property
    def rounded(self) -> bool:
        """The note rounds the figure coarser than a million ("$1.2 billion", "$2 billion", "$3.5 million")."""
        return bool(re.search(r"\d\.\d+\s*(?:million|billion)\b|\d\s*billion\b", self.text, re.I))

    @property
    def explicit_unit(self) -> bool:
        """The note's own words give the unit ("$3.7 billion", "in thousands")."""
        return bool(re.search(r"million|billion|thousand", self.text, re.I))


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
    period_end: date | None = None  # the end of the period the report's prose covers ("for the year ended ...")


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
    cover: CoverPage | None = None  # the XML cover page filed with the report (EDGAR, since 2025)
    submission: Submission | None = None  # the filing on EDGAR (accession, form, date filed), when known

    def statement(self, kind: StatementKind) -> Statement | None:
        return self.statements.get(kind)

    def fact(self, concept: str) -> Decimal | str | None:
        f = self.facts.get(concept)
        return f.value if f else None

    def amount(self, concept: str) -> Decimal | None:
        value = self.fact(concept)
        return value if isinstance(value, Decimal) else None

    def to_dict(self) -> dict[str, Any]:
        """The filing's part of the canonical JSON (docs/json.md), as plain Python values."""
        rec = self.reconciliation
        return {
            "facing_page": self.facing_page.to_dict(),
            "facts": {k: plain(f.value) for k, f in self.facts.items()},
            "fact_sources": {
                k: {"origin": f.origin, "source": f.source.to_dict() if f.source else None}
                for k, f in self.facts.items()
            },
            "statements": {k.value: s.to_dict() for k, s in self.statements.items()},
            "notes": [
                {
                    "concept": n.concept,
                    "value": str(n.value),
                    "text": n.text,
                    "source": n.source.to_dict() if n.source else None,
                }
                for n in self.notes
            ],
            "net_capital_method": self.method,
            "exemption_15c3_3": (
                {"exempt": self.exemption.exempt, "paragraph": self.exemption.paragraph} if self.exemption else None
            ),
            "reconciliation": (
                {
                    "no_material_differences": rec.no_material_differences,
                    "statement": rec.statement.to_dict() if rec.statement else None,
                }
                if rec
                else None
            ),
            "submission": self.submission.to_dict() if self.submission else None,
            "cover": self.cover.to_dict() if self.cover else None,
        }
