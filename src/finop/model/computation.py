"""The Computation: ordered lines of the FOCUS Part IIA net capital computation, each explained, and its haircut groups."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from finop.model.assets import focus_group

SCHEMA_VERSION = "1"


@dataclass(frozen=True)
class HaircutGroup:
    """One group of positions and its haircut: class, maturity bracket, long and short, rate, amount."""

    asset_class: str
    treatment: str  # the class whose rule was applied ("equity" for (J) fallbacks)
    bracket: str
    long: Decimal
    short: Decimal  # as a positive amount
    base: Decimal  # the amount the rate applies to
    rate: Decimal
    amount: Decimal  # exact
    positions: int
    rule: str
    citation: str
    note: str = ""

    @property
    def focus_group(self) -> str:
        return focus_group(self.treatment)


@dataclass(frozen=True)
class CompLine:
    """One line of the computation: amount, FOCUS line and box, the rule and inputs it used."""

    key: str  # the fact name, e.g. "net_capital"
    caption: str
    amount: Decimal | None
    focus_line: str = ""  # e.g. "10"
    box: str = ""  # FOCUS item code, e.g. "3750"
    citations: tuple[str, ...] = ()
    inputs: dict[str, Any] = field(default_factory=dict)
    rule_values: dict[str, str] = field(default_factory=dict)
    section: str = "net_capital"  # net_capital | requirement | aggregate_indebtedness | early_warning
    indent: int = 0


@dataclass(frozen=True)
class Computation:
    """A whole computation of net capital and the requirement, as of a date."""

    firm: str
    as_of: str
    method: str
    lines: tuple[CompLine, ...]
    haircut_groups: tuple[HaircutGroup, ...]
    facts: dict[str, Any]
    positions: int = 0
    positions_excluded: int = 0

    def line(self, key: str) -> CompLine:
        for line in self.lines:
            if line.key == key:
                return line
        raise KeyError(key)

    def to_dict(self) -> dict[str, Any]:
        """The canonical JSON form of ``finop netcap -f json`` (docs/json.md), as plain Python values."""
        comp = self
        return {
            "schema_version": SCHEMA_VERSION,
            "firm": comp.firm,
            "as_of": comp.as_of,
            "method": comp.method,
            "facts": {k: (v if isinstance(v, bool) or v is None else str(v)) for k, v in comp.facts.items()},
            "lines": [
                {
                    "key": line.key,
                    "caption": line.caption,
                    "amount": _plain(line.amount),
                    "focus_line": line.focus_line,
                    "box": line.box,
                    "section": line.section,
                    "citations": list(line.citations),
                    "inputs": _plain(line.inputs),
                    "rule_values": line.rule_values,
                }
                for line in comp.lines
            ],
            "haircuts": [
                {
                    "asset_class": g.asset_class,
                    "treatment": g.treatment,
                    "focus_group": g.focus_group,
                    "bracket": g.bracket,
                    "long": str(g.long),
                    "short": str(g.short),
                    "base": str(g.base),
                    "rate": str(g.rate),
                    "amount": str(g.amount),
                    "positions": g.positions,
                    "rule": g.rule,
                    "citation": g.citation,
                    "note": g.note,
                }
                for g in comp.haircut_groups
            ],
            "positions": comp.positions,
            "positions_excluded": comp.positions_excluded,
        }


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value
