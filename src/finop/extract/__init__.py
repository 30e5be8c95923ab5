"""Document -> Filing: find the statements and schedules, read them, give rows meaning."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from finop.extract.facing import facing_lines, read_body_identity, read_facing, statement_date
from finop.extract.notes import find_exemption, find_method, note_figures
from finop.extract.sections import Section, find_sections
from finop.extract.structure import STRUCTURERS
from finop.extract.table import TableBuilder
from finop.model.document import Document
from finop.model.facts import build_facts
from finop.model.filing import Fact, Filing, NoteFigure, Reconciliation, Statement, StatementKind
from finop.model.findings import Finding, Severity

K = StatementKind
_NO_DIFFERENCES = re.compile(
    r"no\s+material\s+differences?|no\s+differences|not\s+differ\s+materially|no\s+reconciliation\s+is\s+(needed|necessary|required)",
    re.I,
)
_AI_PERCENT = re.compile(
    r"percentage\s+of\s+aggregate\s+indebtedness\s+to\s+net\s+capital\D{0,20}?(\d+(?:\.\d+)?)\s*%", re.I
)
_AI_TO_ONE = re.compile(
    r"ratio\s+of\s+aggregate\s+indebtedness\s+to\s+net\s+capital\D{0,20}?(\d+(?:\.\d+)?)\s*(?:to|:)\s*1\b", re.I
)
_MATRIX_TOTAL = re.compile(r"total", re.I)


def _statement(section: Section, file: str, reader: str) -> tuple[Statement, list[Finding]]:
    assert section.kind is not None
    table = TableBuilder(section, file, reader).build()
    structured = STRUCTURERS[section.kind](table.rows)
    columns = tuple(table.columns)
    primary = 0
    years = [int(c) for c in columns if c.isdigit() and len(c) == 4]
    if len(years) == len(columns) > 1:
        primary = columns.index(str(max(years)))  # the current year, wherever it stands
    if section.kind in (K.CHANGES_IN_EQUITY, K.CHANGES_IN_SUBORDINATED) and len(columns) > 1:
        # the total column (usually last) carries the equity figures
        totals = [i for i, c in enumerate(columns) if _MATRIX_TOTAL.search(c)]
        primary = totals[-1] if totals else len(columns) - 1
    heading = section.heading
    statement = Statement(
        kind=section.kind,
        title=heading.text.strip(),
        items=tuple(structured.items),
        columns=columns,
        scale=table.scale,
        date_text=heading.text,
        as_of=statement_date(heading, section.lines),
        source=heading.ref(file, reader),
        primary_column=primary,
    )
    return statement, [*table.findings, *structured.findings]


def _rescale(st: Statement, factor: int) -> Statement:
    items = tuple(i.scaled(factor) for i in st.items)
    return replace(st, items=items, scale=st.scale * factor)


def _infer_scale(statements: dict[StatementKind, Statement], notes: list[NoteFigure]) -> tuple[int, NoteFigure] | None:
    """Statements that state no unit, whose notes give net capital in dollars larger than total assets
    as printed: the statements are in thousands or millions (the smallest unit that makes room for it)."""
    sfc = statements.get(K.FINANCIAL_CONDITION)
    nc = next((n for n in notes if n.concept == "note_net_capital" and n.explicit_unit), None)
    if sfc is None or sfc.scale != 1 or nc is None:
        return None
    assets = sfc.amount("total_assets")
    if assets is None or assets <= 0 or nc.value <= assets:
        return None
    for factor in (1000, 1_000_000):
        if assets * factor >= nc.value:
            return factor, nc
    return None


def _scale_notes(notes: list[NoteFigure], sfc: Statement | None) -> list[NoteFigure]:
    """Note amounts without a unit of their own are in the statements' unit when that is plausible.

    A note of a statement "in thousands" usually speaks in thousands too ("net capital
    of $1,303,444"), but some notes give whole dollars ("$9,662,000"): a figure that
    would exceed total assets once scaled is taken as printed.
    """
    if sfc is None or sfc.scale == 1:
        return notes
    assets = sfc.amount("total_assets")
    out = []
    for n in notes:
        if n.concept.startswith("note_") and n.concept != "note_ai_ratio" and not n.explicit_unit:
            scaled = n.value * sfc.scale
            if assets is None or scaled <= assets:
                n = NoteFigure(n.concept, scaled, n.text, n.source)
        out.append(n)
    return out


def extract(document: Document) -> Filing:
    """Read every part of an annual report that the document holds."""
    file, reader = document.path, document.reader
    lines = list(document.lines())
    findings: list[Finding] = []
    sections, notes_section = find_sections(document)
    statements: dict[StatementKind, Statement] = {}
    for kind, section in sections.items():
        if kind in (K.RECONCILIATION, K.RESERVE) and section.score == 0:
            continue
        statement, found = _statement(section, file, reader)
        statements[kind] = statement
        findings.extend(found)
    anchor = next((s.as_of for s in statements.values() if s.as_of), None)
    facing_result = read_facing(lines, file, reader, anchor)
    findings.extend(facing_result.findings)
    facing = facing_result.facing
    body = read_body_identity(lines, facing_lines(lines), file, reader)
    sfc = statements.get(K.FINANCIAL_CONDITION)
    year = sfc.as_of.year if sfc is not None and sfc.as_of else None
    first_notes = notes_section.heading.number if notes_section else None
    note_lines = [line for line in lines if first_notes is None or line.number >= first_notes]
    notes = note_figures(note_lines, file, reader, year)
    inferred = _infer_scale(statements, notes)
    if inferred is not None:
        factor, basis = inferred
        statements = {k: (_rescale(st, factor) if st.scale == 1 else st) for k, st in statements.items()}
        sfc = statements.get(K.FINANCIAL_CONDITION)
        findings.append(
            Finding(
                code="EXTRACT-SCALE-INFERRED",
                severity=Severity.INFO,
                message=(
                    f"the statements state no unit, but the notes give net capital of {basis.value:,} dollars, more than "
                    f"total assets as printed; the statements are read in {'thousands' if factor == 1000 else 'millions'}"
                ),
                sources=tuple(x for x in (basis.source,) if x),
            )
        )
    notes = _scale_notes(notes, sfc)
    exemption = find_exemption(lines, file, reader)
    method, method_source = find_method(lines, file, reader)
    reconciliation = None
    rec_section = sections.get(K.RECONCILIATION)
    if rec_section is not None:
        text = " ".join(line.text for line in [rec_section.heading, *rec_section.lines[:6]])
        reconciliation = Reconciliation(
            no_material_differences=bool(_NO_DIFFERENCES.search(text)),
            statement=statements.pop(K.RECONCILIATION, None),
            source=rec_section.heading.ref(file, reader),
        )
    else:
        for line in lines:
            if _NO_DIFFERENCES.search(line.text) and re.search(r"focus|part\s+ii", line.text, re.I):
                reconciliation = Reconciliation(True, None, line.ref(file, reader))
                break
    dates = tuple((s.as_of, s.source) for s in statements.values() if s.as_of and s.source)
    if not statements:
        findings.append(
            Finding(
                code="EXTRACT-NO-STATEMENTS",
                severity=Severity.ERROR,
                message="no financial statement or net capital schedule was found: this does not read as an annual report (Form X-17A-5 Part III)",
            )
        )
    facts = build_facts(facing, statements, notes, body)
    nc_section = sections.get(K.NET_CAPITAL)
    if nc_section is not None:
        for line in nc_section.lines:
            m = _AI_PERCENT.search(line.text)
            value = Decimal(m.group(1)) if m else None
            if m is None and (m := _AI_TO_ONE.search(line.text)):
                value = Decimal(m.group(1)) * 100
            if m and value is not None and "ai_ratio_percent" not in facts:
                facts["ai_ratio_percent"] = Fact("ai_ratio_percent", value, "net_capital", line.ref(file, reader))
    return Filing(
        path=file,
        reader=reader,
        facing_page=facing,
        statements=statements,
        facts=facts,
        notes=tuple(notes),
        exemption=exemption,
        reconciliation=reconciliation,
        method=method,
        method_source=method_source,
        body=body,
        statement_dates=dates,  # type: ignore[arg-type]
        findings=tuple(findings),
    )


__all__ = ["extract"]
