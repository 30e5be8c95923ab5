"""A net capital Computation as a readable table with citations (its JSON is ``Computation.to_dict``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from finop.model.computation import Computation
from finop.money import format_amount


def render(comp: Computation, console: Console) -> None:
    t = Table(
        title=f"Computation of net capital — {comp.firm}, {comp.as_of} ({comp.method} method)",
        title_justify="left",
        show_edge=False,
    )
    t.add_column("line", justify="right", style="dim")
    t.add_column("box", style="dim")
    t.add_column("caption")
    t.add_column("amount", justify="right")
    t.add_column("rule", style="dim")
    section = "net_capital"
    for line in comp.lines:
        if line.section != section:
            t.add_section()
            section = line.section
        amount = (
            format_amount(line.amount)
            if isinstance(line.amount, Decimal) and line.key != "ai_ratio_percent"
            else (f"{line.amount}%" if line.amount is not None else "")
        )
        bold = line.key in (
            "net_capital",
            "minimum_net_capital",
            "excess_net_capital",
            "total_capital",
            "net_capital_before_haircuts",
        )
        t.add_row(
            line.focus_line,
            line.box,
            Text("  " * line.indent + line.caption, style="bold" if bold else ""),
            amount,
            "; ".join(line.citations),
        )
    h = Table(title="Haircut detail", title_justify="left", show_edge=False)
    for col in ("class", "maturity", "long", "short", "rate", "haircut", "positions", "rule"):
        h.add_column(col, justify="right" if col in ("long", "short", "rate", "haircut", "positions") else "left")
    for g in comp.haircut_groups:
        h.add_row(
            g.asset_class if g.treatment == g.asset_class else f"{g.asset_class} → (J)",
            g.bracket,
            format_amount(g.long),
            format_amount(g.short),
            f"{g.rate * 100:.3f}%".rstrip("0").rstrip("."),
            f"{g.amount:,.2f}",
            str(g.positions),
            g.citation.split(";")[0],
        )
    facts = comp.facts
    status = Text()
    if facts["below_minimum"]:
        status.append(
            "BELOW MINIMUM: net capital is under the requirement (17 CFR 240.17a-11(b)(1) notice)", style="bold red"
        )
    elif facts["below_early_warning"]:
        status.append(
            "EARLY WARNING: net capital is under 120% of the requirement (17 CFR 240.17a-11(c)(3) notice)",
            style="yellow",
        )
    else:
        status.append("Net capital is above the requirement and the early-warning level.", style="green")
    parts: list[Any] = [t, Text("")]
    if comp.haircut_groups:
        parts += [h, Text("")]
    parts.append(status)
    console.print(Group(*parts))
