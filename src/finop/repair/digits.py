"""Misread digits: the one confusable digit that makes a failed tie hold, confirmed by a second reading or not."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from finop.model.document import Document, Line
from finop.model.filing import Filing
from finop.model.findings import Finding, Severity
from finop.money import parse_amount
from finop.repair.edits import Check, Patch, Reread, Rereads, Step, patched, reread, with_patches
from finop.repair.outcome import _SUMS, TIE_CODES, _improved, _scale_of

CONFUSABLE = {
    "3": "87",
    "8": "30",
    "5": "69",
    "6": "5",
    "1": "74",
    "7": "13",
    "0": "8",
    "4": "91",
    "9": "45",
}  # and "$" for a leading 5


@dataclass(frozen=True)
class Candidate:
    line: Line
    cell_index: int
    printed: str
    corrected: str
    finding: Finding


def swaps(token: str) -> list[str]:
    """Every reading of a printed amount with one confusable digit swapped (a leading '$' may be a 5)."""
    out = []
    m = re.match(r"^(\(?)\$(\d)", token)
    if m:
        out.append(token[: m.start(0)] + m.group(1) + "5" + token[m.end(1) + 1 :])
    for i, ch in enumerate(token):
        for alt in CONFUSABLE.get(ch, ""):
            out.append(token[:i] + alt + token[i + 1 :])
    return out


def candidates(filing: Filing, findings: list[Finding], document: Document) -> list[Candidate]:
    """Single-digit readings that make a failed tie hold."""
    lines = {line.number: line for line in document.lines()}
    out: list[Candidate] = []
    for f in findings:
        if f.severity is not Severity.ERROR or not TIE_CODES.match(f.code):
            continue
        if not isinstance(f.expected, Decimal) or not isinstance(f.actual, Decimal):
            continue
        needed = f.actual - f.expected  # total minus the sum of its lines
        for k, src in enumerate(f.sources):
            line = lines.get(src.line)
            if line is None:
                continue
            sums = bool(_SUMS.match(f.code))  # else the arithmetic: a line above is added or deducted
            for cell_index, cell in enumerate(line.cells):
                for token, glyph in re.findall(r"(\(?\$?\d[\d,]*\)?)([\]|!lI]?)", cell.text):
                    value = parse_amount(token)
                    if value is None or abs(value) < 10:
                        continue
                    # a 1 OCR read as a bracket, a bar or a letter after the digits ("95]" for 951) is one more
                    # reading; the digits then stand for the printed token with its glyph
                    readings = [(token + glyph, token + "1")] if glyph else []
                    readings += [(token, alt) for alt in swaps(token)]
                    for printed, alt in readings:
                        new = parse_amount(alt)
                        if new is None:
                            continue
                        change = (new - value) * _scale_of(filing, f)
                        # a component must move the sum by `needed`; the total (first source) must move by -needed;
                        # a line of the arithmetic moves it by `needed` when added, by -needed when deducted
                        if (k == 0 and change == -needed) or (
                            k > 0 and (change == needed or (not sums and change == -needed))
                        ):
                            out.append(Candidate(line, cell_index, printed, alt, f))
    return out


def _digit_repairs(
    document: Document,
    filing: Filing,
    findings: list[Finding],
    check: Check,
    read_box: Reread | None,
    read_versions: Rereads | None = None,
) -> tuple[Step | None, list[Finding], list[Finding]]:
    """Each single-digit correction that makes a failed tie hold, read again: the first that the second reading
    confirms and that reads better is used; else the confirmed ones together; else the one correction (exactly
    one) that some other version of its box reads (``read_versions``) and that reads better. Returns that step
    (or None), and the suggestions for the corrections not confirmed, with the failed ties they are about."""
    suggestions: list[Finding] = []
    suggested: list[Finding] = []  # the failed tie each suggestion is about
    tried: set[tuple[int, int, str]] = set()
    confirmed_apart: list[tuple[Candidate, str]] = []  # confirmed by the second reading, but not enough alone
    unconfirmed: list[Candidate] = []
    for c in candidates(filing, findings, document):
        key = (c.line.number, c.cell_index, c.corrected)
        if key in tried:
            continue
        tried.add(key)
        second = reread(document, c.line, c.cell_index, read_box)
        if second is None or not _confirms(second, c.corrected):
            unconfirmed.append(c)
        if second is not None and _confirms(second, c.corrected):
            confirmed_apart.append((c, second))
            doc = patched(document, c.line, c.cell_index, c.printed, c.corrected)
            accepted = _improved(findings, doc, check)
            if accepted is not None:
                note = Finding(
                    code="OCR-DIGIT-REPAIRED",
                    severity=Severity.INFO,
                    message=(
                        f"'{c.printed}' was read again at high resolution as '{second}'; with {c.corrected} the tie "
                        f"holds, so {c.corrected} is used (first reading {c.printed})"
                    ),
                    expected=c.corrected,
                    actual=c.printed,
                    sources=(c.line.ref(document.path, document.reader),),
                )
                return Step(doc, *accepted, [note]), [], []
        suggested.append(c.finding)
        suggestions.append(
            Finding(
                code="OCR-SUGGESTED-CORRECTION",
                severity=Severity.WARNING,
                message=(
                    f"{c.finding.message.split(':')[0]}: the tie would hold if '{c.printed}' read '{c.corrected}' "
                    f"(a digit OCR often confuses); the printed reading is kept"
                ),
                expected=c.corrected,
                actual=c.printed,
                sources=(c.line.ref(document.path, document.reader),),
            )
        )
    step = _confirmed_together(document, findings, confirmed_apart, check) or _by_one_version(
        document, findings, unconfirmed, check, read_versions
    )
    return step, suggestions, suggested


def _by_one_version(
    document: Document, before: list[Finding], unconfirmed: list[Candidate], check: Check, read_versions: Rereads | None
) -> Step | None:
    """A correction the second reading did not confirm but another version of its box reads (a degraded glyph
    that reads "9" in most versions and "5" in one): used when it reads better and no other such correction
    does, so the totals choose among OCR's own readings only when exactly one of them ties."""
    if read_versions is None:
        return None
    better: list[tuple[Candidate, str, tuple[Filing, list[Finding]]]] = []
    for c in unconfirmed:
        box = c.line.cells[c.cell_index].box
        if box is None:
            continue
        reading = next((r for r in read_versions(document.path, c.line.page, box) if _confirms(r, c.corrected)), None)
        if reading is None:
            continue
        accepted = _improved(before, patched(document, c.line, c.cell_index, c.printed, c.corrected), check)
        if accepted is not None:
            better.append((c, reading, accepted))
    if len(better) != 1:
        return None
    c, reading, accepted = better[0]
    note = Finding(
        code="OCR-DIGIT-REPAIRED",
        severity=Severity.INFO,
        message=(
            f"'{c.printed}' reads '{reading}' in one version of its box read again at high resolution (most read "
            f"'{c.printed}'); with {c.corrected} the tie holds and no other reading makes it hold, so {c.corrected} "
            "is used"
        ),
        expected=c.corrected,
        actual=c.printed,
        sources=(c.line.ref(document.path, document.reader),),
    )
    return Step(patched(document, c.line, c.cell_index, c.printed, c.corrected), *accepted, [note])


def _confirms(second: str, corrected: str) -> bool:
    """Whether a second reading gives the corrected digits."""
    return corrected.strip("$()") in second.replace(" ", "") or re.sub(r"\D", "", second) == re.sub(
        r"\D", "", corrected
    )


def _confirmed_together(
    document: Document,
    before: list[Finding],
    confirmed: list[tuple[Candidate, str]],
    check: Check,
) -> Step | None:
    """Two misread digits in one report (net income in the equity statement and a balance sheet line) each leave
    the other's tie failing, so neither reads better alone: every correction a second reading confirmed is
    applied together (one a cell), and kept when the document then reads better."""
    chosen: dict[tuple[int, int], tuple[Candidate, str]] = {}
    for c, second in confirmed:
        chosen.setdefault((c.line.number, c.cell_index), (c, second))
    if len(chosen) < 2:
        return None
    doc = with_patches(document, [Patch(c.line, c.cell_index, c.printed, c.corrected) for c, _ in chosen.values()])
    accepted = _improved(before, doc, check)
    if accepted is None:
        return None
    notes = [
        Finding(
            code="OCR-DIGIT-REPAIRED",
            severity=Severity.INFO,
            message=(
                f"'{c.printed}' was read again at high resolution as '{second}'; with {c.corrected} (and the other "
                f"{len(chosen) - 1} correction(s) read again the same way) the ties hold, so {c.corrected} is used "
                f"(first reading {c.printed})"
            ),
            expected=c.corrected,
            actual=c.printed,
            sources=(c.line.ref(document.path, document.reader),),
        )
        for c, second in chosen.values()
    ]
    return Step(doc, *accepted, notes)
