"""Second readings of a failed tie's amounts, and the ties whose reading stays in doubt, left unclaimed."""

from __future__ import annotations

import re
from dataclasses import replace

from finop.model.document import Document, Line
from finop.model.filing import Filing
from finop.model.findings import Finding, Severity
from finop.model.source import SourceRef
from finop.money import parse_amount
from finop.repair.choose import _best_patches, _other_versions, _solved
from finop.repair.edits import Check, Patch, Reread, Rereads, Step, _as_digits, _like, reread, with_patches
from finop.repair.outcome import _failing, unjudged_footings
from finop.repair.places import _cells_to_read_again, _read_twice, unreadable_amounts


def _unread_in_column(
    findings: list[Finding], document: Document, read_box: Reread | None, known: set[int]
) -> list[Ambiguity]:
    """A failed tie with a cell in its amount column that OCR could not read as an amount, read twice: the tie
    may hold with the amount printed there, so it is no claim that the report is wrong (a text layer's cells are
    exact, and are not among them)."""
    out: list[Ambiguity] = []
    for line, i, error in unreadable_amounts(findings, document):
        if id(error) in known:
            continue
        known.add(id(error))
        second = reread(document, line, i, read_box)
        note = Finding(
            code="INCOMPLETE-AMBIGUOUS",
            severity=Severity.WARNING,
            message=(
                f"{error.message.split(':')[0]}: the tie fails as OCR read the amounts, but '{line.cells[i].text}' "
                f"stands in its amount column and could not be read as an amount"
                + (f" (read again: '{second}')" if second else "")
                + ", so finop claims neither that it ties nor that it does not"
            ),
            sources=(*error.sources, line.ref(document.path, document.reader)),
        )
        out.append((error, note))
    return out


Ambiguity = tuple[Finding, Finding]  # a failed tie's error, and the INCOMPLETE-AMBIGUOUS finding about it


def _where(source: SourceRef) -> tuple[int | None, int | None]:
    return source.page, source.line


def _not_claimed(findings: list[Finding], ambiguities: list[Ambiguity]) -> list[Finding]:
    """The findings with each error whose reading is ambiguous made a warning that says it is not claimed (it
    keeps its code, place, expected and actual, for the person who looks at the page), then the
    INCOMPLETE-AMBIGUOUS findings: an error is a claim that the report is wrong, made on OCR'd amounts only
    when two readings agree. A failed tie that shares a line with an ambiguous one is ambiguous too: its
    amounts or its grouping rest on the reading in doubt (a group's subtotal misread leaves the total over it
    failing)."""
    covered = {id(error) for error, _ in ambiguities}
    doubtful = {_where(s) for error, _ in ambiguities for s in error.sources}
    grew = bool(covered)
    while grew:
        grew = False
        for f in findings:
            if id(f) not in covered and _read_twice(f) and doubtful & {_where(s) for s in f.sources}:
                covered.add(id(f))
                doubtful |= {_where(s) for s in f.sources}
                grew = True
    out = [
        replace(
            f,
            severity=Severity.WARNING,
            message=f"{f.message} (not claimed: OCR's reading of these amounts is ambiguous; see INCOMPLETE-AMBIGUOUS)",
        )
        if id(f) in covered
        else f
        for f in findings
    ]
    notes = list({id(note): note for _, note in ambiguities}.values())
    return [*out, *notes]


MAX_REREADS = 60  # amount boxes read a second time per document, at most


def _second_reading(
    document: Document,
    findings: list[Finding],
    check: Check,
    read_box: Reread | None,
    read_versions: Rereads | None = None,
    filing: Filing | None = None,
    judge_only: bool = False,
) -> Step | list[Ambiguity]:
    """A tie that fails on amounts OCR read is a claim that the report is wrong only when a second reading of
    those amounts, at high resolution, gives the same digits. Every OCR'd amount on the lines of each failed
    tie is read again: when second readings make the document read better, they are used (OCR-AMOUNT-REREAD);
    when some differ but the tie still fails, the reading is ambiguous (INCOMPLETE-AMBIGUOUS); when all
    agree, the error stands. (A text layer's digits are exact: nothing is read again there.)"""
    if read_box is None:
        return []
    lines = {line.number: line for line in document.lines()}
    ambiguous: list[Ambiguity] = []
    patches: list[Patch] = []
    seen: dict[tuple[int, int], str | None] = {}
    budget = MAX_REREADS
    unjudged = set() if judge_only else unjudged_footings(findings)  # read again to be settled, not to be judged
    for f in findings:
        if not _read_twice(f) and id(f) not in unjudged:
            continue
        differ: list[str] = []
        for line, i, malformed in _cells_to_read_again(f, lines):
            cell = line.cells[i]
            first = re.sub(r"\D", "", cell.text)
            if (line.number, i) not in seen:
                if budget <= 0:
                    differ.append(f"'{cell.text}' (not read again)")
                    continue
                budget -= 1
                seen[(line.number, i)] = reread(document, line, i, read_box)
                patch = _reading_patch(line, i, seen[(line.number, i)], malformed)
                patches += [patch] if patch else []
            second = seen[(line.number, i)]
            if malformed or re.sub(r"\D", "", second or "") != first:
                differ.append(f"'{cell.text}' read again as '{second or ''}'")
        if differ:
            ambiguous.append(
                (
                    f,
                    Finding(
                        code="INCOMPLETE-AMBIGUOUS",
                        severity=Severity.WARNING,
                        message=(
                            f"{f.message.split(':')[0]}: the tie fails as OCR first read the amounts, but a second reading "
                            f"at high resolution gave other digits ({'; '.join(differ[:4])}), so finop claims neither "
                            "that it ties nor that it does not"
                        ),
                        sources=f.sources,
                    ),
                )
            )
    if judge_only:  # only which failed ties the second readings leave in doubt
        return ambiguous
    best = (_best_patches(document, findings, patches, check)
            or _other_versions(document, findings, patches, check, read_versions, _as_digits)) if patches else None  # fmt: skip
    if best is None and patches:
        more = _knock_on_readings(document, findings, patches, check, read_box, seen)
        best = _best_patches(document, findings, [*patches, *more], check) if more else None
    solved = None
    if best is None and filing is not None:
        best = solved = _solved(document, filing, findings, patches, check, read_versions, _as_digits)
    if best is not None:
        doc, new_filing, new_findings, used = best
        how = (
            "no one of them settles the ties alone, but this choice among the readings OCR gave each box (first, "
            "second, or another version of the box) makes them hold and no other choice does as well, so it is used"
            if solved
            else "with the second readings the ties hold, so they are used"
        )
        note = Finding(
            code="OCR-AMOUNT-REREAD",
            severity=Severity.INFO,
            message=(
                f"{len(used)} amount(s) of a failed tie read again at high resolution ("
                + "; ".join(f"'{p.printed}' as '{p.corrected}'" for p in used[:6])
                + f"); {how}"
            ),
            sources=tuple(p.line.ref(document.path, document.reader) for p in used[:6]),
        )
        return Step(doc, new_filing, new_findings, [note])
    return ambiguous


def _reading_patch(line: Line, i: int, second: str | None, malformed: bool) -> Patch | None:
    """A cell's second reading as a patch, in the first reading's marks: when it gives other digits (or the first
    reading was malformed) and is an amount."""
    text = line.cells[i].text
    digits = re.sub(r"\D", "", second or "")
    if digits and (digits != re.sub(r"\D", "", text) or malformed) and parse_amount(_like(text, digits)) is not None:
        return Patch(line, i, text, _like(text, digits))
    return None


def _knock_on_readings(
    document: Document,
    findings: list[Finding],
    patches: list[Patch],
    check: Check,
    read_box: Reread,
    seen: dict[tuple[int, int], str | None],
) -> list[Patch]:
    """Second readings of the amounts of each tie that held as first read but fails with the second readings: a
    figure misread the same way in a group's total and in one of its lines ('15351' and '15227' for 1,351 and
    1,227, a thousands comma read as a 5) lets the group foot as read, and the total read rightly then breaks it.
    Its lines are read again too (each box once: ``seen`` holds the readings made)."""
    lines = {line.number: line for line in document.lines()}
    failing = _failing(findings)
    _, after = check(with_patches(document, patches))
    out: list[Patch] = []
    for f in after:
        if not _read_twice(f) or _failing([f]) <= failing:
            continue  # no error, or one that failed before the second readings too
        for line, i, _malformed in _cells_to_read_again(f, lines):
            if (line.number, i) in seen:
                continue
            seen[(line.number, i)] = second = reread(document, line, i, read_box)
            patch = _reading_patch(line, i, second, False)
            out += [patch] if patch else []
    return out


def _ambiguous(suggestions: list[Finding], suggested: list[Finding], document: Document) -> list[Ambiguity]:
    """A tie that fails as OCR read it but holds under a reading OCR often confuses, which a second reading did
    not confirm, is not a claim that the report is wrong: the reading is ambiguous and the verdict incomplete.
    (A text layer's digits are exact: a suggestion there leaves the error standing.)"""
    ocr = [(f, error) for f, error in zip(suggestions, suggested, strict=True) if f.source and f.source.confidence < 1]
    if not ocr:
        return []
    where = ", ".join(sorted({f"page {f.source.page}" for f, _ in ocr if f.source}))
    note = Finding(
        code="INCOMPLETE-AMBIGUOUS",
        severity=Severity.WARNING,
        message=(
            f"a tie fails as OCR read the amounts but would hold under a reading OCR often confuses ({where}); "
            "a second reading did not settle it, so finop claims neither that the statement ties nor that it does not"
        ),
        sources=tuple(f.source for f, _ in ocr if f.source),
    )
    return [(error, note) for _, error in ocr]
