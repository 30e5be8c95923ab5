"""The facts a generated report states, and whether a check of it read them all right with no false error."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from layoutgen.books import Report
from layoutgen.render import Layout
from layoutgen.style import Style


def truth(report: Report, style: Style) -> dict[str, object]:
    """Every fact the report prints, as finop names it, in dollars."""
    u = Decimal(style.scale)
    facts: dict[str, object] = {
        "period_end": report.period_end.isoformat(),
        "total_assets": report.total_assets() * u,
        "total_liabilities": report.total_liabilities() * u,
        "total_equity": report.total_equity() * u,
        "total_liabilities_and_equity": report.total_assets() * u,
    }
    if report.subordinated:
        facts["subordinated_liabilities"] = report.sub() * u
    if style.facing:
        facts["registrant_name"] = report.name
    if style.full:
        facts["net_income"] = report.net_income * u
        facts["equity_end"] = report.total_equity() * u
    nc = report.net_capital
    if nc is not None:
        if style.schedule:
            facts.update(net_capital=nc.net_capital * u, minimum_net_capital=nc.minimum * u,
                         excess_net_capital=nc.excess * u)  # fmt: skip
        else:
            layout = Layout(report, style)
            for name, units in (("net_capital", nc.net_capital), ("minimum_net_capital", nc.minimum),
                                ("excess_net_capital", nc.excess)):  # fmt: skip
                stated = _stated(layout.money(units))
                facts[name] = stated * u if style.note_units == "printed" else stated
    if style.reserve and report.reserve is not None:
        res = report.reserve
        facts.update(reserve_total_credits=res.total_credits * u, reserve_total_debits=res.total_debits * u,
                     reserve_excess=res.excess * u)  # fmt: skip
    return facts


def _stated(text: str) -> Decimal:
    """The dollars a note's figure states ('$5.2 billion', '$1,234')."""
    words = {"billion": 1_000_000_000, "million": 1_000_000}
    body, _, word = text.lstrip("$").partition(" ")
    return Decimal(body.replace(",", "")) * words.get(word, 1)


@dataclass
class Score:
    """What a check got wrong about one generated report; ``ok`` when nothing."""

    wrong: dict[str, tuple[object, object]] = field(default_factory=dict)  # fact: (expected, read)
    false_errors: list[str] = field(default_factory=list)
    status: str = "pass"

    @property
    def ok(self) -> bool:
        return not self.wrong and not self.false_errors and self.status == "pass"

    def __str__(self) -> str:
        parts = [f"status {self.status}"] if self.status != "pass" else []
        parts += [f"{k}: expected {e}, read {a}" for k, (e, a) in self.wrong.items()]
        parts += [f"false error {m}" for m in self.false_errors]
        return "; ".join(parts) or "ok"


def score(result, report: Report, style: Style) -> Score:
    """Compare a check's facts with the truth; every error finding on a generated report is a false one."""
    out = Score(status=result.status)
    facts = result.filing
    for name, expected in truth(report, style).items():
        got = facts.fact(name)
        got = got.isoformat() if hasattr(got, "isoformat") else got
        if name == "registrant_name":
            ok = isinstance(got, str) and got.strip().lower() == str(expected).lower()
        elif isinstance(expected, Decimal):
            ok = got is not None and Decimal(str(got)) == expected
        else:
            ok = got == expected
        if not ok:
            out.wrong[name] = (expected, got)
    out.false_errors = [f"{f.code}: {f.message}" for f in result.errors]
    return out
