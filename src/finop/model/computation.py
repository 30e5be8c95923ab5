"""The Computation: ordered lines of the FOCUS Part IIA net capital computation, each explained, and its haircut groups."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from finop.model.assets import focus_group
from finop.model.filing import plain

if TYPE_CHECKING:
    import pandas as pd

    from finop.model.reserve import ReserveComputation

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
    reserve: ReserveComputation | None = None  # the Rule 15c3-3 reserve computations, when the books have them

    def line(self, key: str) -> CompLine:
        for line in self.lines:
            if line.key == key:
                return line
        raise KeyError(key)

    def __repr__(self) -> str:
        f = self.facts
        return (f"<Computation {self.firm} {self.as_of} ({self.method}): net capital {f.get('net_capital')}, "
                f"requirement {f.get('minimum_net_capital')}, excess {f.get('excess_net_capital')}>")  # fmt: skip

    def lines_frame(self) -> pd.DataFrame:
        """One row per computation line: key, caption, amount (Decimal), FOCUS line and box, section, citations."""
        import pandas as pd

        rows = [{"key": x.key, "caption": x.caption, "amount": x.amount, "focus_line": x.focus_line, "box": x.box,
                 "section": x.section, "citations": "; ".join(x.citations)} for x in self.lines]  # fmt: skip
        return pd.DataFrame(rows, columns=["key", "caption", "amount", "focus_line", "box", "section", "citations"])

    def facts_frame(self) -> pd.DataFrame:
        """One row per computed fact: concept and value (Decimal, or a flag)."""
        import pandas as pd

        return pd.DataFrame([{"concept": k, "value": v} for k, v in self.facts.items()], columns=["concept", "value"])

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{html.escape(x.focus_line)}</td><td>{html.escape(x.caption)}</td>"
            f"<td style='text-align:right'>{html.escape(str(x.amount))}</td></tr>"
            for x in self.lines
        )
        return f"<div><p>{html.escape(repr(self))}</p><table>{rows}</table></div>"

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
                    "amount": plain(line.amount),
                    "focus_line": line.focus_line,
                    "box": line.box,
                    "section": line.section,
                    "citations": list(line.citations),
                    "inputs": plain(line.inputs),
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
            **({"reserve": comp.reserve.to_dict()} if comp.reserve is not None else {}),
        }
