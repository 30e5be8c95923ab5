"""The facing page agrees with the body: registrant, SEC file number, period end."""

from __future__ import annotations

import re
from collections.abc import Iterator

from rapidfuzz import fuzz, utils

from finop.checks.registry import check, refs
from finop.model.filing import Filing, StatementKind
from finop.model.findings import Finding, Severity

K = StatementKind


def file_number_key(number: str) -> tuple[str, int] | None:
    """'8-038030' and '8-38030' are the same SEC file number."""
    m = re.match(r"\s*(\d{1,2})\s*-\s*0*(\d+)", number)
    return (m.group(1), int(m.group(2))) if m else None


def check_facing(filing: Filing) -> Iterator[Finding]:
    fp, body = filing.facing_page, filing.body
    if not filing.statements:
        return
    missing = [name for name in ("registrant_name", "sec_file_number", "period_end") if getattr(fp, name) is None]
    if missing:
        yield Finding(
            code="FACING-INCOMPLETE",
            severity=Severity.WARNING,
            message=f"the facing page does not give (or finop could not read) {', '.join(m.replace('_', ' ') for m in missing)}",
            citations=("17 CFR 240.17a-5(d)(1)", "Form X-17A-5 Part III"),
        )
    if fp.sec_file_number and body.sec_file_number:
        a, b = file_number_key(fp.sec_file_number), file_number_key(body.sec_file_number)
        if a != b:
            yield Finding(
                code="FACING-SEC-FILE-MISMATCH",
                severity=Severity.WARNING,
                message=f"the facing page gives SEC file number {fp.sec_file_number} but the report body gives {body.sec_file_number}",
                expected=fp.sec_file_number,
                actual=body.sec_file_number,
                sources=refs(fp.sources.get("sec_file_number"), body.sources.get("sec_file_number")),
            )
    if fp.registrant_name and body.registrant_name:
        score = fuzz.token_set_ratio(fp.registrant_name, body.registrant_name, processor=utils.default_process)
        if score < 85:
            yield Finding(
                code="FACING-NAME-MISMATCH",
                severity=Severity.WARNING,
                message=f"the facing page names '{fp.registrant_name}' but the report body names '{body.registrant_name}'",
                expected=fp.registrant_name,
                actual=body.registrant_name,
                sources=refs(fp.sources.get("registrant_name"), body.sources.get("registrant_name")),
            )
    if fp.period_end:
        for kind in (K.FINANCIAL_CONDITION, K.NET_CAPITAL, K.INCOME, K.CASH_FLOWS):
            st = filing.statement(kind)
            if st is None or st.as_of is None or st.as_of == fp.period_end:
                continue
            yield Finding(
                code="FACING-PERIOD-MISMATCH",
                severity=Severity.WARNING,
                message=f"the facing page period ends {fp.period_end.isoformat()} but '{st.title[:80]}' is dated {st.as_of.isoformat()}",
                expected=fp.period_end.isoformat(),
                actual=st.as_of.isoformat(),
                sources=refs(fp.sources.get("period_end"), st.source),
            )
    if fp.period_start and fp.period_end and fp.period_start >= fp.period_end:
        yield Finding(
            code="FACING-PERIOD-ORDER",
            severity=Severity.WARNING,
            message=f"the facing page period starts {fp.period_start.isoformat()}, not before its end {fp.period_end.isoformat()}",
            sources=refs(fp.sources.get("period_start")),
        )


check("FACING", "the facing page is complete and consistent with the body of the report")(check_facing)
