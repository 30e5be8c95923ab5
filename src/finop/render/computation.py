"""A net capital Computation as a readable table with citations (its JSON is ``Computation.to_dict``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from finop.model.computation import Computation
from finop.model.reserve import ReserveComputation
from finop.money import format_amount
from finop.render.terminal import plain

_SECTION_TITLES = {
    "customer": "Customer reserve computation (Exhibit A)",
    "pab": "PAB reserve computation (Exhibit A, PAB Notes)",
    "frequency": "Daily computation (Rule 15c3-3(e)(3), 2024 amendment)",
}
_BOLD = {"reserve_total_credits", "reserve_total_debits", "reserve_required", "reserve_deficiency",
         "pab_total_credits", "pab_total_debits", "pab_reserve_required", "pab_deficiency"}  # fmt: skip


def reserve_table(res: ReserveComputation) -> Group:
    """The reserve computations as tables, one per section, with each line's rule, and the warnings."""
    parts: list[Any] = []
    for section, title in _SECTION_TITLES.items():
        lines = res.section(section)
        if not lines:
            continue
        t = Table(title=plain(f"{title} — {res.firm}, {res.as_of} ({res.method} method, {res.frequency})"),
                  title_justify="left", show_edge=False)  # fmt: skip
        t.add_column("caption", max_width=80)
        t.add_column("amount", justify="right")
        t.add_column("rule", style="dim")
        for line in lines:
            if line.amount is None:
                shown = f"from {line.inputs['in_force_from']}" if "in_force_from" in line.inputs else "not given"
            else:
                shown = format_amount(line.amount)
            t.add_row(plain("  " * line.indent + line.caption, "bold" if line.key in _BOLD else ""), plain(shown),
                      plain("; ".join(c for c in line.citations if c)))  # fmt: skip
        parts += [t, Text("")]
    daily = res.facts.get("daily_computation_required")
    parts.append(Text(f"Daily computation required: {'unknown' if daily is None else 'yes' if daily else 'no'}"))
    for w in res.warnings:
        parts.append(Text(f"WARNING: {w}", style="yellow"))
    return Group(*parts)


def render_reserve(res: ReserveComputation, console: Console) -> None:
    console.print(reserve_table(res))


def render(comp: Computation, console: Console) -> None:
    t = Table(
        title=plain(f"Computation of net capital — {comp.firm}, {comp.as_of} ({comp.method} method)"),
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
            plain("  " * line.indent + line.caption, "bold" if bold else ""),
            plain(amount),
            plain("; ".join(line.citations)),
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
            plain(g.citation.split(";")[0]),
        )
    facts = comp.facts
    status = Text()
    if facts["below_minimum"]:
        status.append(
            "BELOW MINIMUM: net capital is under the requirement (17 CFR 240.17a-11(b)(1) notice)", style="bold red"
        )
    elif facts["below_early_warning"]:
        level = ("the greater of 5% of aggregate debit items and 120% of the requirement (17 CFR 240.17a-11(c)(2), "
                 "(c)(3) notice)" if comp.method == "alternative" else
                 "120% of the requirement (17 CFR 240.17a-11(c)(3) notice)")  # fmt: skip
        status.append(f"EARLY WARNING: net capital is under {level}", style="yellow")
    else:
        status.append("Net capital is above the requirement and the early-warning level.", style="green")
    parts: list[Any] = [t, Text("")]
    if comp.haircut_groups:
        parts += [h, Text("")]
    parts.append(status)
    if comp.reserve is not None:
        parts += [Text(""), reserve_table(comp.reserve)]
    console.print(Group(*parts))
