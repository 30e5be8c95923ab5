"""Net capital against its requirement and the early-warning level, as an SVG chart (matplotlib, Agg)."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from finop.money import format_amount

if TYPE_CHECKING:
    from finop.model.produced import ProducedReport

ZERO = Decimal(0)
INK = "#222222"
SHADES = ("#4d4d4d", "#b3b3b3")


def _amount(report: ProducedReport, concept: str) -> Decimal:
    """A money fact of the report (zero when it is not stated)."""
    value = report.filing.fact(concept)
    return value if isinstance(value, Decimal) else ZERO


def _as_of(report: ProducedReport) -> date | None:
    """The report's period end."""
    return report.filing.facing_page.period_end


def chart_series(reports: list[ProducedReport]) -> list[tuple[str, Decimal, Decimal, Decimal]]:
    """(label, net capital, minimum requirement, early-warning level) per report, oldest first, in Decimal."""
    ordered = sorted(reports, key=lambda r: _as_of(r) or date.min)
    out = []
    for r in ordered:
        end = _as_of(r)
        label = f"{end:%b} {end.day}, {end.year}" if end else "period end"
        out.append((label, _amount(r, "net_capital"), _amount(r, "minimum_net_capital"), r.early_warning or ZERO))
    return out


def _dollars(value: float, _pos: object = None) -> str:
    """An axis tick as whole dollars with thousands separators."""
    return format_amount(Decimal(round(value)))


def _figure(series: list[tuple[str, Decimal, Decimal, Decimal]]) -> Figure:
    """Net capital as a bar for each period end; the minimum requirement and the early-warning level as rules."""
    fig, ax = plt.subplots(figsize=(6.5, 3.4))
    xs = list(range(len(series)))
    net = [float(row[1]) for row in series]  # money becomes float only here, for plotting
    minimum = [float(row[2]) for row in series]
    early = [float(row[3]) for row in series]
    ax.bar(xs, net, 0.45, label="Net capital", color=SHADES[1], edgecolor=INK, linewidth=0.6, zorder=2)
    for k, (levels, name, style) in enumerate(
        ((minimum, "Minimum net capital required", "-"), (early, "Early-warning level", "--"))
    ):
        for x, y in zip(xs, levels, strict=True):
            ax.hlines(
                y,
                x - 0.38,
                x + 0.38,
                colors=INK,
                linestyles=style,
                linewidth=1.4 - 0.4 * k,
                zorder=3,
                label=name if x == 0 else None,
            )
        if len(xs) > 1:
            ax.plot(xs, levels, color=INK, linestyle=":", linewidth=0.6, zorder=3)
    ax.set_xticks(xs, [row[0] for row in series])
    ax.set_xlim(-0.9, len(xs) - 0.1)
    ax.set_ylim(0, max([*net, *minimum, *early, 1.0]) * 1.15)
    ax.yaxis.set_major_formatter(FuncFormatter(_dollars))
    ax.set_ylabel("Dollars")
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#dddddd", linewidth=0.5, zorder=0)
    ax.legend(frameon=False, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3)
    fig.tight_layout()
    return fig


def net_capital_chart_svg(reports: list[ProducedReport]) -> str:
    """The chart as an SVG document; its lettering drawn as outlines so it adds no text to a PDF text layer."""
    series = chart_series(reports)
    with plt.rc_context({"svg.fonttype": "path", "font.family": "DejaVu Serif", "font.size": 9}):
        fig = _figure(series)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg")
        plt.close(fig)
    text = buffer.getvalue()
    return text[text.index("<svg") :]
