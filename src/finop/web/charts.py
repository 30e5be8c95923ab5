"""Small SVG line charts for the review UI, drawn here (no plotting library in the browser): readable
money axes ($ thousands, millions or billions, never 1e10), a point per period end, and periods whose
filing failed or is incomplete marked."""

from __future__ import annotations

from decimal import Decimal
from html import escape

W, H, LEFT, RIGHT, TOP, BOTTOM = 620, 240, 78, 16, 28, 36
STATUS_MARK = {"fail": "#b91c1c", "incomplete": "#b45309"}


def money_unit(largest: Decimal) -> tuple[Decimal, str]:
    """The unit an axis of amounts up to ``largest`` reads best in."""
    for size, name in ((Decimal(10) ** 9, "billions"), (Decimal(10) ** 6, "millions"), (Decimal(1000), "thousands")):
        if largest >= size:
            return size, name
    return Decimal(1), "dollars"


def _ticks(low: Decimal, high: Decimal, count: int = 4) -> list[Decimal]:
    """Round steps from at or below ``low`` to at or above ``high``."""
    if high == low:
        high = low + 1
    raw = (high - low) / count
    magnitude = Decimal(10) ** (len(str(int(raw))) - 1) if raw >= 1 else Decimal(1)
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    ticks = [(low / step).to_integral_value(rounding="ROUND_FLOOR") * step]
    while ticks[-1] < high:
        ticks.append(ticks[-1] + step)
    return ticks


def line_chart(title: str, periods: list[str], series: dict[str, list[Decimal | None]], statuses: list[str | None],
               percent: bool = False) -> str:  # fmt: skip
    """An SVG chart of one or more series over ``periods``; each point a circle (with its value as a tooltip),
    each failed or incomplete period marked under the axis."""
    values = [v for line in series.values() for v in line if v is not None]
    if not values:
        return f'<figure class="chart"><figcaption>{escape(title)}</figcaption><p class="muted">not read</p></figure>'
    low, high = min(min(values), Decimal(0)), max(values)
    unit, unit_name = (Decimal(1), "percent") if percent else money_unit(max(abs(low), abs(high)))
    ticks = _ticks(low / unit, high / unit)
    lo, hi = ticks[0] * unit, ticks[-1] * unit
    span = (hi - lo) or Decimal(1)

    def x(i: int) -> float:
        return LEFT + (W - LEFT - RIGHT) * (i + 0.5) / max(len(periods), 1)

    def y(v: Decimal) -> float:
        return TOP + float((hi - v) / span) * (H - TOP - BOTTOM)  # a pixel position (a share of the axis), not money

    colours = ["#1d4ed8", "#b91c1c", "#b45309", "#15803d"]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" role="img" aria-label="{escape(title)}">']
    for t in ticks:
        ty = y(t * unit)
        label = f"{t:,.0f}" if t == t.to_integral_value() else f"{t:,.1f}"
        parts.append(f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="#e5e7eb"/>')
        parts.append(
            f'<text x="{LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end" font-size="11" fill="#374151">{label}</text>'
        )
    parts.append(f'<text x="8" y="16" font-size="11" fill="#6b7280">{"%" if percent else "$ " + unit_name}</text>')
    for i, period in enumerate(periods):
        parts.append(f'<text x="{x(i):.1f}" y="{H - 18}" text-anchor="middle" font-size="11" fill="#374151">'
                     f'{escape(period[:4])}</text>')  # fmt: skip
        mark = STATUS_MARK.get(statuses[i] or "")
        if mark:
            parts.append(f'<text class="status-mark" x="{x(i):.1f}" y="{H - 4}" text-anchor="middle" font-size="10" '
                         f'fill="{mark}">{escape(statuses[i] or "")}</text>')  # fmt: skip
    for k, (name, line) in enumerate(series.items()):
        colour = colours[k % len(colours)]
        points = [(x(i), y(v), v) for i, v in enumerate(line) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py, _ in points)
            parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{path}"/>')
        for px, py, v in points:
            parts.append(f'<circle class="point" cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{colour}">'
                         f'<title>{escape(name)}: {v:,}</title></circle>')  # fmt: skip
    parts.append("</svg>")
    legend = " ".join(
        f'<span style="color:{colours[k % len(colours)]}">● {escape(n)}</span>' for k, n in enumerate(series)
    )
    return f'<figure class="chart"><figcaption>{escape(title)} {legend}</figcaption>{"".join(parts)}</figure>'
