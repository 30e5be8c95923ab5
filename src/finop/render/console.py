"""The readable text report of ``finop check``, drawn with rich."""

from __future__ import annotations

from decimal import Decimal

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from finop.model.filing import Role, Statement
from finop.model.findings import Severity
from finop.model.produced import ProducedReport
from finop.model.result import CheckResult
from finop.money import format_amount
from finop.render.terminal import clean, plain

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _facing(result: CheckResult) -> Panel:
    fp = result.filing.facing_page
    t = Table.grid(padding=(0, 2))
    t.add_column(style="bold")
    t.add_column()
    period = " to ".join(d.isoformat() for d in (fp.period_start, fp.period_end) if d) or "—"
    rows = [
        ("Registrant", fp.registrant_name or "—"),
        ("SEC file number", fp.sec_file_number or "—"),
        ("Firm ID", fp.firm_id or "—"),
        ("Period", period),
        ("Contact", " ".join(x for x in (fp.contact_name, fp.contact_phone) if x) or "—"),
        ("Accountant", fp.accountant_name or "—"),
        ("Accountant address", str(fp.accountant_address) if fp.accountant_address else "—"),
    ]
    for k, v in rows:
        t.add_row(k, plain(v))
    notes = result.summary.reader_notes
    if notes:
        t.add_row("Read", plain("; ".join(str(n) for n in notes)))
    return Panel(t, title=plain(f"Facing page — {result.filing.path}"), title_align="left")


def _statement(st: Statement) -> Table:
    title = st.kind.heading
    where = f" ({st.source.where()})" if st.source else ""
    scale = {
        1000: "  [printed in thousands, shown in dollars]",
        1_000_000: "  [printed in millions, shown in dollars]",
    }.get(st.scale, "")
    t = Table(title=plain(f"{title}{where}{scale}"), title_justify="left", show_edge=False, pad_edge=False)
    t.add_column("line", justify="right", style="dim")
    t.add_column("caption")
    for col in st.columns:
        t.add_column(plain(col) if len(st.columns) > 1 else "amount", justify="right")
    for item in st.items:
        src = item.source()
        line = str(src.page_line or src.line) if src else ""
        if item.role is Role.HEADER:
            t.add_row(line, plain(item.label, "italic"), *([""] * len(st.columns)))
            continue
        label = plain(item.caption, "bold" if item.role is Role.TOTAL else "")
        t.add_row(line, label, *(format_amount(v) for v in item.values))
    return t


def _facts(result: CheckResult) -> Table:
    t = Table(title="Facts", title_justify="left", show_edge=False)
    t.add_column("concept")
    t.add_column("value", justify="right")
    t.add_column("from", style="dim")
    for name, fact in result.filing.facts.items():
        v = fact.value
        shown = format_amount(v) if isinstance(v, Decimal) else str(v)
        where = f"{fact.origin}, {fact.source.where()}" if fact.source else fact.origin
        t.add_row(name, plain(shown), plain(where))
    return t


def _findings(result: CheckResult) -> Table | Text:
    if not result.findings:
        return Text("No findings.", style="green")
    t = Table(title="Findings", title_justify="left", show_edge=False)
    t.add_column("severity")
    t.add_column("code")
    t.add_column("where", style="dim")
    t.add_column("finding")
    for f in result.findings:
        where = f.source.where() if f.source else ""
        msg = plain(f.message)
        if f.source and f.source.text:
            msg.append(clean(f"\n  > {f.source.text[:110]}"), style="dim")
        t.add_row(Text(f.severity.value, style=STYLE[f.severity]), f.code, plain(where), msg)
    return t


def render(result: CheckResult, console: Console) -> None:
    parts: list = [_facing(result)]
    for st in result.filing.statements.values():
        parts.append(_statement(st))
        parts.append(Text(""))
    parts.append(_facts(result))
    parts.append(Text(""))
    parts.append(_findings(result))
    s = result.summary
    style = {"pass": "bold green", "fail": "bold red", "incomplete": "bold yellow"}[result.status]
    verdict = Text(result.status.upper(), style=style)
    verdict.append(
        f"  {s.errors} error(s), {s.warnings} warning(s), {s.infos} info — "
        f"{s.checks_run} checks in {result.seconds * 1000:.0f} ms",
        style="",
    )
    parts.append(verdict)
    console.print(Group(*parts))


def render_produced(report: ProducedReport, console: Console) -> None:
    """The headline figures of a produced report, the (d)(4) reconciliation, and the files written."""
    table = Table(title=plain(f"{report.firm_name} — {report.as_of:%B %d, %Y}"), title_justify="left",
                  show_edge=False)  # fmt: skip
    table.add_column("figure")
    table.add_column("amount", justify="right")
    for name in ("total_assets", "total_equity", "net_income", "net_capital", "minimum_net_capital",
                 "excess_net_capital"):  # fmt: skip
        value = report.filing.amount(name)
        if value is not None:
            table.add_row(name, format_amount(value))
    console.print(table)
    if report.differences is not None:
        console.print(
            "(d)(4) reconciliation: "
            + (
                "no material differences from the FOCUS report as filed"
                if not report.differences
                else f"{len(report.differences)} difference(s) from the FOCUS report as filed, listed in the report"
            )
        )
    for path in report.files:
        console.print(plain(f"wrote {path}"))
