"""Document -> Filing: find the statements and schedules, read them, give rows meaning, assemble the Filing."""

from __future__ import annotations

import re

from finop.extract.facing import facing_lines, read_body_identity, read_facing, statement_date
from finop.extract.notes import ai_ratio_fact, find_exemption, find_method, find_reconciliation, note_figures
from finop.extract.scale import in_dollars, infer_scale, scale_notes, unit_of
from finop.extract.sections import Section, find_sections
from finop.extract.structure import STRUCTURERS
from finop.extract.table import TableBuilder
from finop.model.document import Document
from finop.model.facts import build_facts
from finop.model.filing import Filing, Statement, StatementKind
from finop.model.findings import Finding, Severity

K = StatementKind
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


def extract(document: Document) -> Filing:
    """Read every part of an annual report that the document holds."""
    file, reader = document.path, document.reader
    lines = list(document.lines())
    findings: list[Finding] = []
    sections, notes_section = find_sections(document)
    statements: dict[StatementKind, Statement] = {}
    for kind, section in sections.items():
        if kind in (K.RECONCILIATION, K.RESERVE, K.PAB_RESERVE) and section.score == 0:
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
    inferred = infer_scale(statements, notes)
    factor = inferred[0] if inferred is not None else 1
    # the one place amounts become dollars: the unit the statement states, else the unit the notes imply
    sfc = statements.get(K.FINANCIAL_CONDITION)
    statements = {k: in_dollars(st, unit_of(st, sfc, factor)) for k, st in statements.items()}
    sfc = statements.get(K.FINANCIAL_CONDITION)
    if inferred is not None:
        factor, basis = inferred
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
    notes = scale_notes(notes, sfc)
    exemption = find_exemption(lines, file, reader)
    method, method_source = find_method(lines, file, reader)
    reconciliation = find_reconciliation(sections.get(K.RECONCILIATION), statements.pop(K.RECONCILIATION, None),
                                         lines, file, reader)  # fmt: skip
    dates = tuple((s.as_of, s.source) for s in statements.values() if s.as_of and s.source)
    if not statements:
        unread = next((n for n in document.notes if n.startswith("no text layer")), None)
        why = (
            f": {unread}" if unread  # a scan read with --ocr never: say so, not that it is no report
            else ": this does not read as an annual report (Form X-17A-5 Part III)"
        )  # fmt: skip
        findings.append(
            Finding(
                code="EXTRACT-NO-STATEMENTS",
                severity=Severity.WARNING,  # not a claim that the file is wrong: finop could not read it as a report
                message=f"no financial statement or net capital schedule was found{why}",
            )
        )
    facts = build_facts(facing, statements, notes, body)
    nc_section = sections.get(K.NET_CAPITAL)
    ratio = ai_ratio_fact(nc_section.lines, file, reader) if nc_section is not None else None
    if ratio is not None and "ai_ratio_percent" not in facts:
        facts["ai_ratio_percent"] = ratio
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
