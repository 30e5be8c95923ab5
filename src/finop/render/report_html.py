"""A produced annual report as one HTML document that reads like a filed Part III report.

Facing page, contents, the statements (one a page), the notes, the supplemental
schedules (net capital, the (d)(4) reconciliation, the Rule 15c3-3 exemption) and a
net capital chart. Amounts are formatted by ``finop.money``; the layout is a table
with a caption column and fixed amount columns, so the PDF made from it reads back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from importlib import resources
from typing import TYPE_CHECKING

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from finop.model.filing import Address, LineItem, Role, Statement, StatementKind
from finop.money import format_amount
from finop.render.report_chart import net_capital_chart_svg

if TYPE_CHECKING:
    from finop.model.produced import ProducedReport

K = StatementKind
STATEMENT_ORDER = (
    K.FINANCIAL_CONDITION,
    K.INCOME,
    K.CHANGES_IN_EQUITY,
    K.CHANGES_IN_SUBORDINATED,
    K.CASH_FLOWS,
)
AS_OF_KINDS = frozenset([K.FINANCIAL_CONDITION, K.NET_CAPITAL, K.RECONCILIATION, K.RESERVE, K.PAB_RESERVE])
GRAND_TOTALS = frozenset(
    [
        "total_assets",
        "total_liabilities_and_equity",
        "net_income",
        "rollforward_end",
        "cash_end",
        "excess_net_capital",
    ]
)
ANCHORS = {
    K.FINANCIAL_CONDITION: "financial-condition",
    K.INCOME: "income",
    K.CHANGES_IN_EQUITY: "changes-in-equity",
    K.CHANGES_IN_SUBORDINATED: "changes-in-subordinated",
    K.CASH_FLOWS: "cash-flows",
    K.NET_CAPITAL: "net-capital",
    K.RECONCILIATION: "reconciliation",
    K.RESERVE: "reserve",
    K.PAB_RESERVE: "pab-reserve",
}


@dataclass(frozen=True)
class Amount:
    """One printed amount cell: its text and the rules drawn around it."""

    text: str
    classes: str


@dataclass(frozen=True)
class Row:
    """One printed row of a statement."""

    caption: str
    level: int
    classes: str
    amounts: tuple[Amount, ...]


@dataclass(frozen=True)
class Page:
    """One statement or schedule as printed: heading lines, column heads and rows."""

    anchor: str
    title: str
    date_line: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    footer: bool
    toc_title: str


def long_date(day: date) -> str:
    """'December 31, 2003'."""
    return f"{day:%B} {day.day}, {day.year}"


def short_date(day: date | None) -> str:
    """'12/31/03', the facing page's MM/DD/YY."""
    return f"{day:%m/%d/%y}" if day else ""


def _full_year(start: date, end: date) -> bool:
    """True when the period is exactly one year."""
    try:
        return start == end.replace(year=end.year - 1) + timedelta(days=1)
    except ValueError:  # February 29
        return start == end.replace(year=end.year - 1, day=28) + timedelta(days=1)


def period_line(report: ProducedReport) -> str:
    """'Year Ended December 31, 2003', or the period's two dates when it is not a year."""
    fp = report.filing.facing_page
    end = fp.period_end or report.as_of
    if fp.period_start is None or _full_year(fp.period_start, end):
        return f"Year Ended {long_date(end)}"
    return f"Period from {long_date(fp.period_start)} to {long_date(end)}"


def upper_title(title: str) -> str:
    """A title in capitals, except rule references such as '15c3-1' and '17a-5(d)(4)'."""
    return " ".join(w if re.search(r"\d", w) else w.upper() for w in title.split())


SMALL_WORDS = frozenset(["a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "under"])


def title_case(title: str) -> str:
    """'Statement of Changes in Members' Equity': capitals on every word but the small ones and rule numbers."""
    words = title.split()
    return " ".join(
        w if (i and w.lower() in SMALL_WORDS) or re.search(r"\d", w) else w[:1].upper() + w[1:]
        for i, w in enumerate(words)
    )


def _cell(value: Decimal | None, *, dollar: bool, total: bool, grand: bool, zero_blank: bool) -> Amount:
    """One amount as printed, with its rules: a line above a total, two below a grand total."""
    classes = ["amt"]
    if value is not None and value >= 0:
        classes.append("pos")  # leaves room for the ')' of negatives, so the digits line up
    if total:
        classes.append("sub")
    if grand:
        classes.append("grand")
    if value is None or (zero_blank and value == 0):
        return Amount("", " ".join(classes))
    return Amount(("$" if dollar else "") + format_amount(value), " ".join(classes))


def _levels(items: tuple[LineItem, ...]) -> list[int]:
    """Indentation of each row: headers flush left, items under a header indented, totals a step less."""
    levels, header_section = [], None
    for item in items:
        if item.role is Role.HEADER:
            header_section = item.section
            levels.append(0)
        elif item.role is Role.TOTAL:
            levels.append(1 if header_section is not None and item.section == header_section else 0)
        else:
            levels.append(2 if header_section is not None and item.section == header_section else 0)
    return levels


def statement_rows(statement: Statement) -> tuple[Row, ...]:
    """The rows of a statement as printed: '$' on the first amount of each column and on grand totals."""
    width = len(statement.columns)
    seen = [False] * width
    rows = []
    last = len(statement.items) - 1
    for n, (item, level) in enumerate(zip(statement.items, _levels(statement.items), strict=True)):
        if item.role is Role.HEADER:
            rows.append(Row(item.label, level, "header", ()))
            continue
        total = item.role is Role.TOTAL
        grand = total and (item.concept in GRAND_TOTALS or n == last)
        cells = []
        for col in range(width):
            value = item.value(col)
            first = value is not None and not seen[col] and not (width > 1 and value == 0)
            rule_above = total and any(seen)
            cells.append(
                _cell(
                    value,
                    dollar=first or (grand and value is not None),
                    total=rule_above,
                    grand=grand,
                    zero_blank=width > 1 and not total,
                )
            )
            seen[col] = seen[col] or first
        classes = "total" + (" grand" if grand else "") if total else "item"
        rows.append(Row(item.label, level, classes, tuple(cells)))
    return tuple(rows)


def statement_page(report: ProducedReport, statement: Statement) -> Page:
    """A statement or schedule with its heading lines."""
    kind = statement.kind
    as_of = statement.as_of or report.as_of
    date_line = long_date(as_of) if kind in AS_OF_KINDS else period_line(report)
    columns = statement.columns if len(statement.columns) > 1 else ()
    return Page(
        anchor=ANCHORS.get(kind, kind.value),
        title=upper_title(_display_title(statement)),
        date_line=date_line,
        columns=tuple(c[:1].upper() + c[1:] for c in columns),
        rows=statement_rows(statement),
        footer=kind in STATEMENT_ORDER,
        toc_title=title_case(statement.title),
    )


def _display_title(statement: Statement) -> str:
    """The printed title: the net capital computation names the Commission, as filed reports do."""
    if statement.kind is K.NET_CAPITAL:
        return f"{statement.title} of the Securities and Exchange Commission"
    return statement.title


def address_parts(address: Address | None) -> dict[str, str]:
    """Street, city, state and ZIP code as separate fields (empty when unknown)."""
    a = address or Address()
    return {"street": a.street, "city": a.city, "state": a.state, "zip": a.zip}


def reconciliation_text(report: ProducedReport) -> str | None:
    """The (d)(4) sentence when there are no material differences (None otherwise)."""
    if report.differences is None or report.differences:
        return None
    return (
        "There are no material differences between the computation of net capital above and the "
        "computation the Company filed in its unaudited Part IIA FOCUS report as of the same date; "
        "accordingly no reconciliation is presented."
    )


def exemption_text(report: ProducedReport) -> str | None:
    """The Rule 15c3-3 position as the schedules state it."""
    ex = report.filing.exemption
    if ex is None:
        return None
    if not ex.exempt:
        return "The Company does not claim an exemption from Rule 15c3-3."
    paragraph = f" under paragraph {ex.paragraph} of that rule" if ex.paragraph else ""
    return (
        f"The Company claims exemption from Rule 15c3-3{paragraph}. It carries no customer accounts and holds "
        "no customer funds or securities, so the reserve computation and the possession or control "
        "information that rule calls for are not presented."
    )


POSSESSION_CAPTIONS = {
    "instructions_issued": "1. Customers' fully paid securities and excess margin securities not in the Company's "
    "possession or control as of the report date (for which instructions to reduce to possession or control had "
    "been issued as of the report date) but for which the required action was not taken by the Company within the "
    "time frames specified under Rule 15c3-3",
    "instructions_not_issued": "2. Customers' fully paid securities and excess margin securities for which "
    "instructions to reduce to possession or control had not been issued as of the report date, excluding items "
    "arising from temporary lags which result from normal business operations as permitted under Rule 15c3-3",
}


def possession_rows(report: ProducedReport) -> list[tuple[str, str, str]]:
    """The possession-or-control information (FOCUS Part II boxes 4586-4589): caption, market value, items."""
    given = report.books.firm.possession_or_control
    if not given:
        return []
    return [(POSSESSION_CAPTIONS[k], format_amount(v, dollar=True), str(n)) for k, (v, n) in given.items()]


def contents(
    report: ProducedReport, pages: list[Page], schedules: list[Page], reconciliation: Page | None = None
) -> list[tuple[str, str, int]]:
    """Table of contents entries: (title, anchor, indent); the (d)(4) reconciliation schedule when the report
    has one (differences from the FOCUS report as filed), else the statement that there are none."""
    out = [(p.toc_title, p.anchor, 0) for p in pages]
    out.append(("Notes to Financial Statements", "notes", 0))
    out.append(("Supplemental Information:", "", 0))
    out.extend((s.toc_title, s.anchor, 1) for s in schedules)
    if reconciliation is not None:
        out.append((reconciliation.toc_title, reconciliation.anchor, 1))
    elif report.differences is not None and not report.differences:
        out.append(("Statement on the Rule 17a-5(d)(4) reconciliation", "reconciliation", 1))
    if report.filing.exemption is not None:
        out.append(("Statement on exemption from Rule 15c3-3", "exemption", 1))
    if possession_rows(report):
        out.append(("Information Relating to Possession or Control Requirements under Rule 15c3-3", "possession", 1))
    out.append(("Net Capital Compared with Requirements (chart)", "chart", 0))
    return out


def _environment() -> Environment:
    """The Jinja environment: templates from the package, HTML escaped."""
    return Environment(
        loader=PackageLoader("finop.render", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def stylesheet() -> str:
    """The report's CSS."""
    return resources.files("finop.render").joinpath("templates/report.css").read_text(encoding="utf-8")


def render_html(report: ProducedReport, charts: list[ProducedReport] | None = None) -> str:
    """The whole report as one HTML document; ``charts`` adds earlier years to the net capital chart."""
    filing = report.filing
    pages = [statement_page(report, filing.statements[k]) for k in STATEMENT_ORDER if k in filing.statements]
    schedules = [statement_page(report, filing.statements[k]) for k in (K.NET_CAPITAL, K.RESERVE, K.PAB_RESERVE)
                 if k in filing.statements]  # fmt: skip
    reconciliation = None
    if report.differences and K.RECONCILIATION in filing.statements:
        reconciliation = statement_page(report, filing.statements[K.RECONCILIATION])
    fp = filing.facing_page
    chart_reports = [*(charts or []), report] if charts else [report]
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            css=Markup(stylesheet()),
            fp=fp,
            firm=fp.registrant_name or report.firm_name,
            start=short_date(fp.period_start),
            end=short_date(fp.period_end),
            address=address_parts(fp.address),
            accountant_address=address_parts(fp.accountant_address),
            contents=contents(report, pages, schedules, reconciliation),
            pages=pages,
            schedules=schedules,
            reconciliation=reconciliation,
            reconciliation_text=reconciliation_text(report),
            other_differences=report.extra.get("other_differences", []),
            exemption_text=exemption_text(report),
            possession=possession_rows(report),
            notes=report.notes,
            notes_date=period_line(report),
            as_of=long_date(report.as_of),
            chart=Markup(net_capital_chart_svg(chart_reports)),
            chart_years=len(chart_reports),
        )
    )
