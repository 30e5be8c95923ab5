"""The XML cover page against the report it was filed with: period, registrant, accountant, the
material-weakness flag, what is public, and the XML's own breaks of the specification."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from rapidfuzz import fuzz

from finop.checks.registry import check, refs
from finop.model.cover import CoverPage, cover_vocabulary
from finop.model.filing import Filing, StatementKind
from finop.model.findings import Finding, Severity
from finop.model.source import SourceRef

K = StatementKind
CITE_COVER = "17 CFR 240.17a-5(e)(2); EDGAR X-17A-5 XML Technical Specification v10"
MAX_SCHEMA_FINDINGS = 25
SAME_NAME = 90  # rapidfuzz token-set ratio of two names, their legal-form words dropped


def _at(cover: CoverPage, field: str, text: str = "") -> SourceRef:
    """The cover's element as a source: the XML file, page 0, the element's line."""
    return SourceRef(file=cover.path, page=0, line=cover.lines.get(field, 0), text=text, reader="cover-xml")


def _name_key(name: str) -> str:
    ignored = set(cover_vocabulary()["name_words_ignored"])
    words = re.sub(r"[^\w&.]+", " ", name.lower().replace("&", " and ")).split()
    return " ".join(w.strip(".") for w in words if w not in ignored and w.strip(".") not in ignored)


def same_name(a: str, b: str) -> bool:
    """Two spellings of one name: case, punctuation and legal-form words ('LLC', 'Inc.') aside."""
    return fuzz.token_set_ratio(_name_key(a), _name_key(b)) >= SAME_NAME


def check_cover_period(filing: Filing) -> Iterator[Finding]:
    cover = filing.cover
    if cover is None or cover.period_end is None:
        return
    fp, sfc = filing.facing_page, filing.statement(K.FINANCIAL_CONDITION)
    read = [(d, s, where) for d, s, where in (
        (fp.period_end, fp.sources.get("period_end"), "the facing page"),
        (sfc.as_of if sfc else None, sfc.source if sfc else None, "the statement of financial condition"),
    ) if d is not None]  # fmt: skip
    differing = [(d, s, where) for d, s, where in read if d != cover.period_end]
    if differing:
        both = len(read) == 2 and len(differing) == 2 and read[0][0] == read[1][0]
        dates = "; ".join(f"{where} {d.isoformat()}" for d, _, where in differing)
        yield Finding(
            code="COVER-PERIOD-MISMATCH",
            severity=Severity.ERROR if both else Severity.WARNING,
            message=f"the XML cover page gives the period ending {cover.period_end.isoformat()}, but {dates}",
            expected=cover.period_end.isoformat(),
            actual=differing[0][0].isoformat(),
            sources=refs(_at(cover, "period_end"), *(s for _, s, _ in differing)),
            citations=(CITE_COVER,),
        )
    if cover.period_begin and fp.period_start and cover.period_begin != fp.period_start:
        yield Finding(
            code="COVER-PERIOD-BEGIN-MISMATCH",
            severity=Severity.WARNING,
            message=f"the XML cover page gives the period beginning {cover.period_begin.isoformat()}, "
            f"the facing page {fp.period_start.isoformat()}",
            expected=cover.period_begin.isoformat(),
            actual=fp.period_start.isoformat(),
            sources=refs(_at(cover, "period_begin"), fp.sources.get("period_start")),
            citations=(CITE_COVER,),
        )


check("COVER-PERIOD", "the XML cover page's period is the report's")(check_cover_period)


def check_cover_identity(filing: Filing) -> Iterator[Finding]:
    cover, fp = filing.cover, filing.facing_page
    if cover is None:
        return
    name = fp.registrant_name or filing.body.registrant_name
    if cover.registrant_name and name and not same_name(cover.registrant_name, name):
        yield Finding(
            code="COVER-NAME-MISMATCH",
            severity=Severity.WARNING,
            message=f"the XML cover page names '{cover.registrant_name}', the report '{name}'",
            expected=cover.registrant_name,
            actual=name,
            sources=refs(_at(cover, "registrant_name"), fp.sources.get("registrant_name")),
            citations=(CITE_COVER,),
        )
    if cover.accountant_name and fp.accountant_name and not same_name(cover.accountant_name, fp.accountant_name):
        yield Finding(
            code="COVER-ACCOUNTANT-MISMATCH",
            severity=Severity.WARNING,
            message=f"the XML cover page names the accountant '{cover.accountant_name}', "
            f"the facing page '{fp.accountant_name}'",
            expected=cover.accountant_name,
            actual=fp.accountant_name,
            sources=refs(_at(cover, "accountant_name"), fp.sources.get("accountant_name")),
            citations=(CITE_COVER,),
        )
    sub = filing.submission
    if sub and sub.cik and cover.cik and sub.cik.lstrip("0") != cover.cik.lstrip("0"):
        yield Finding(
            code="COVER-CIK-MISMATCH",
            severity=Severity.WARNING,
            message=f"the XML cover page is filed for CIK {cover.cik}, EDGAR lists the filing under CIK {sub.cik}",
            expected=cover.cik,
            actual=sub.cik,
            sources=refs(_at(cover, "cik")),
        )
    if sub and sub.form and cover.submission_type and sub.form.upper() != cover.submission_type.upper():
        yield Finding(
            code="COVER-FORM-MISMATCH",
            severity=Severity.WARNING,
            message=f"the XML cover page is a {cover.submission_type}, EDGAR lists the filing as {sub.form}",
            expected=cover.submission_type,
            actual=sub.form,
            sources=refs(_at(cover, "submission_type")),
        )


check("COVER-IDENTITY", "the XML cover page names the report's registrant, accountant, filer and form")(
    check_cover_identity
)


def check_cover_weakness(filing: Filing) -> Iterator[Finding]:
    cover = filing.cover
    if cover is not None and cover.material_weakness:
        yield Finding(
            code="COVER-MATERIAL-WEAKNESS",
            severity=Severity.WARNING,
            message="the XML cover page flags a material weakness (materialWeakness Y): the compliance report "
            "or the accountant's report on it should describe it",
            sources=refs(_at(cover, "material_weakness", "Y")),
            citations=("17 CFR 240.17a-5(d)(3)", CITE_COVER),
        )


check("COVER-MATERIAL-WEAKNESS", "a material weakness the XML cover page flags is reported")(check_cover_weakness)


def check_cover_public(filing: Filing) -> Iterator[Finding]:
    cover = filing.cover
    if cover is None or not cover.documents:
        return
    if not cover.public_documents:
        why = "every document the XML cover page lists is marked confidential"
    else:
        mine = Path(filing.path).name.lower()
        listed = next((d for d in cover.public_documents if d.name.lower() == mine), None)
        if listed is None or K.FINANCIAL_CONDITION in filing.statements:
            return
        why = f"the public document {listed.name} was read and has no statement of financial condition"
    yield Finding(
        code="COVER-NO-PUBLIC-SFC",
        severity=Severity.WARNING,
        message=f"{why}; the statement of financial condition and its notes must be public",
        sources=refs(_at(cover, "submission_type")),
        citations=("17 CFR 240.17a-5(e)(3)",),
    )


check("COVER-PUBLIC-SFC", "the public documents hold a statement of financial condition")(check_cover_public)


def check_cover_schema(filing: Filing) -> Iterator[Finding]:
    cover = filing.cover
    if cover is None:
        return
    against = "the SEC's schema" if cover.schema_checked == "xsd" else "the specification's rules"
    for i, problem in enumerate(cover.problems):
        if i == MAX_SCHEMA_FINDINGS:
            yield Finding(
                code="COVER-SCHEMA",
                severity=Severity.WARNING,
                message=f"and {len(cover.problems) - i} more breaks of {against} in the XML cover page",
                sources=refs(SourceRef(file=cover.path, page=0, line=0, reader="cover-xml")),
            )
            return
        yield Finding(
            code="COVER-SCHEMA",
            severity=Severity.WARNING,
            message=f"the XML cover page breaks {against}: {problem.message}",
            sources=refs(SourceRef(file=cover.path, page=0, line=problem.line or 0, reader="cover-xml")),
            citations=(CITE_COVER,),
        )


check("COVER-SCHEMA", "the XML cover page keeps the X-17A-5 schema and specification")(check_cover_schema)
