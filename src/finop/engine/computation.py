"""The Computation: ordered lines of the FOCUS Part IIA net capital computation, each explained."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from finop.engine.haircuts import HaircutGroup


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
