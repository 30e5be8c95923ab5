"""The ReserveComputation: the Rule 15c3-3 reserve formulas (Exhibit A), customer and PAB, line by line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from finop.model.computation import CompLine
from finop.model.filing import plain

SCHEMA_VERSION = "1"


def item_number(line: CompLine) -> int | None:
    """The Exhibit A item number of an item line ("reserve_item_10", "pab_item_1"), None for any other line."""
    prefix, _, number = line.key.rpartition("_item_")
    return int(number) if prefix in ("reserve", "pab") and number.isdigit() else None


@dataclass(frozen=True)
class ReserveComputation:
    """Both reserve computations of one date, each line with its citation, and their facts.

    ``lines`` are in Exhibit A order, the customer computation (section ``customer``) first, then the PAB
    computation (section ``pab``) and the daily-computation test (section ``frequency``). ``warnings`` are
    what a FINOP must act on (daily computation required but not made, a deposit short)."""

    firm: str
    as_of: str
    method: str
    frequency: str
    lines: tuple[CompLine, ...]
    facts: dict[str, Any]
    warnings: tuple[str, ...] = ()

    def line(self, key: str) -> CompLine:
        for line in self.lines:
            if line.key == key:
                return line
        raise KeyError(key)

    def section(self, name: str) -> tuple[CompLine, ...]:
        return tuple(x for x in self.lines if x.section == name)

    def __repr__(self) -> str:
        f = self.facts
        return (f"<ReserveComputation {self.firm} {self.as_of} ({self.frequency}): customer required "
                f"{f.get('reserve_required')}, PAB required {f.get('pab_reserve_required')}>")  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        """The canonical JSON form of ``finop reserve -f json`` (docs/json.md), as plain Python values."""
        return {
            "schema_version": SCHEMA_VERSION,
            "firm": self.firm,
            "as_of": self.as_of,
            "method": self.method,
            "frequency": self.frequency,
            "facts": {k: (v if isinstance(v, bool) or v is None else str(v)) for k, v in self.facts.items()},
            "lines": [
                {
                    "key": x.key,
                    "caption": x.caption,
                    "amount": plain(x.amount),
                    "focus_line": x.focus_line,
                    "box": x.box,
                    "section": x.section,
                    "citations": list(x.citations),
                    "inputs": plain(x.inputs),
                    "rule_values": x.rule_values,
                }
                for x in self.lines
            ],
            "warnings": list(self.warnings),
        }
