"""Constraint repair of OCR digits: when a tie fails, find the one misread digit that explains it.

For each failed footing, every amount in the tie is tried with one digit swapped
for a glyph OCR confuses it with (3/8, 5/6, 5/9, 1/7, 0/8, 4/9, 1/4, and 3/7
where an underline closes a 7), and with a final 1 that OCR read as a bracket, bar
or letter ("95]" for 951). A swap that makes the tie hold is a candidate.
On a PDF the amount's box is read again at high resolution with a digit whitelist; when that second reading gives the candidate
and the tie then holds without another failing, the corrected reading is used and an info
finding gives both readings. Otherwise the printed reading stays and a warning suggests the
correction. A number is never changed silently. The same holds for the net capital arithmetic
(TIE-NC-ARITHMETIC): there only the line that does not follow from the lines above is read again.

A second reading is used when it makes the document read better: some tie that failed (or could not be
judged, an amount not read) now holds, and nothing that held before fails. A tie of another statement
that fails for its own reasons does not block it. Repair goes round again after each reading it uses, a
few rounds at most, so several misread amounts in one report are each settled by their own ties.

The steps live in modules of their own: ``places`` (where to read again), ``edits`` (the document with an amount
read otherwise), ``outcome`` (whether a reading reads better), ``choose`` (choosing among readings, with the
arithmetic of ``tie_solver``), ``digits`` (confusable digits), ``strays`` (non-amounts in amount columns) and
``second_reading`` (second readings, and the ties left unclaimed); this module runs them in turn.
"""

from __future__ import annotations

import re

from finop.model.document import Cell, Document
from finop.model.filing import Filing
from finop.model.findings import Finding, Severity
from finop.model.source import Box
from finop.money import parse_amount
from finop.repair.choose import _best_patches, _other_versions
from finop.repair.digits import _digit_repairs, candidates, swaps
from finop.repair.edits import Check, Patch, Reread, Rereads, Step, _as_read, _like, _remembered, _with_cells, patched
from finop.repair.outcome import _failing, _improved
from finop.repair.places import (
    _cells_to_read_again,
    _places_to_read,
    amountless_lines,
    split_amounts,
    unread_amounts,
    unreadable_amounts,
)
from finop.repair.second_reading import _ambiguous, _not_claimed, _second_reading, _unread_in_column
from finop.repair.strays import _reread_strays, _stray_sized, stray_cells

__all__ = [
    "Check",
    "Reread",
    "Rereads",
    "_best_patches",
    "_cells_to_read_again",
    "_not_claimed",
    "_places_to_read",
    "_reread_unreadable",
    "_stray_sized",
    "amountless_lines",
    "candidates",
    "patched",
    "repair",
    "split_amounts",
    "stray_cells",
    "swaps",
    "unread_amounts",
    "unreadable_amounts",
]


def _reread_unreadable(
    document: Document,
    findings: list[Finding],
    check: Check,
    read_box: Reread | None,
    read_versions: Rereads | None = None,
) -> Step | None:
    """Read again, at high resolution, each cell in a failed tie's amount column that OCR could not read as an
    amount, and the place of each amount a footing found not read; use the readings that read better."""
    if read_box is None:
        return None
    places = _places_to_read(findings, document)
    patches: list[Patch] = []
    for line, i, box in {(line.number, i if i >= 0 else box): (line, i, box) for line, i, box in places}.values():
        if box is None:
            continue
        second = read_box(document.path, line.page, box)
        if second is None or parse_amount(second.replace(" ", "")) is None:
            continue
        printed, place = (line.cells[i].text, None) if i >= 0 else ("", box)
        widened = box if i >= 0 and box != line.cells[i].box else None
        patches.append(Patch(line, i, printed, second.replace(" ", ""), place, widened))
    if not patches:
        return None
    best = _best_patches(document, findings, patches, check) or _other_versions(
        document, findings, patches, check, read_versions, _as_read
    )
    if best is None:
        return None
    doc, new_filing, new_findings, used = best
    notes = [
        Finding(
            code="OCR-AMOUNT-REREAD",
            severity=Severity.INFO,
            message=(
                f"'{p.printed}' in the amount column was not an amount; read again at high resolution it is "
                f"'{p.corrected}' (as {'one version' if p not in patches else 'most versions'} of the box read it), "
                "and with it a tie that failed or was not judged now holds, so it is used"
            ),
            expected=p.corrected,
            actual=p.printed,
            sources=(p.line.ref(document.path, document.reader),),
        )
        for p in used
    ]
    return Step(doc, new_filing, new_findings, notes)


_WHOLE = re.compile(r"\(?\$?(\d{1,3}(,\d{3})+|\d+)\)?")  # one whole amount, as a second reading gives it


def _join_split(document: Document, findings: list[Finding], check: Check, read_box: Reread | None) -> Step | None:
    """Join each amount OCR split in two when the second reading of the two together is one whole amount (the
    pieces' digits, or other digits where a piece was misread) and the document reads better with it."""
    if read_box is None:
        return None
    for line, i in split_amounts(findings, document):
        a, b = line.cells[i], line.cells[i + 1]
        assert a.box is not None and b.box is not None
        place = Box(a.box.x0, min(a.box.y0, b.box.y0), b.box.x1, max(a.box.y1, b.box.y1))
        second = read_box(document.path, line.page, place)
        if second is None or not _WHOLE.fullmatch(second.replace(" ", "")):
            continue
        joined = _like(a.text, re.sub(r"\D", "", second))
        cells = [*line.cells[:i], Cell(joined, a.slot, place, min(a.confidence, b.confidence)), *line.cells[i + 2 :]]
        doc = _with_cells(document, line, cells)
        accepted = _improved(findings, doc, check)
        if accepted is not None:
            note = Finding(
                code="OCR-AMOUNT-REREAD",
                severity=Severity.INFO,
                message=(
                    f"'{a.text}' and '{b.text}' side by side are one amount OCR split in two: "
                    f"read again at high resolution the two read '{second}', and with {joined} the tie holds, so it "
                    "is used"
                ),
                expected=joined,
                actual=f"{a.text} {b.text}",
                sources=(line.ref(document.path, document.reader),),
            )
            return Step(doc, *accepted, [note])
    return None


MAX_ROUNDS = 6  # better readings used one after another in one document, at most


def repair(
    document: Document,
    filing: Filing,
    findings: list[Finding],
    check: Check,
    read_box: Reread | None = None,
    read_versions: Rereads | None = None,
) -> tuple[Filing, list[Finding]]:
    """Read the amounts of failed ties again (``read_box``) and use each reading that reads better, round after
    round (when none does, ``read_versions``' other readings of those boxes are tried); then suggest the
    corrections no second reading confirmed, and leave each tie whose reading stays in doubt unclaimed. Without
    ``read_box`` no reading is changed; candidates become suggestions."""
    read_box = _remembered(read_box)
    read_versions = _remembered(read_versions)
    notes: list[Finding] = []
    for _ in range(MAX_ROUNDS):
        if not _failing(findings):
            break
        step = _join_split(document, findings, check, read_box) or _reread_unreadable(
            document, findings, check, read_box, read_versions
        )
        if step is None:
            step = _digit_repairs(document, filing, findings, check, read_box, read_versions)[0]
        if step is None:
            second = _second_reading(document, findings, check, read_box, read_versions, filing)
            step = second if isinstance(second, Step) else None
        if step is None:
            break
        document, filing, findings = step.document, step.filing, step.findings
        notes += step.notes
    for _ in range(MAX_ROUNDS):
        step = _reread_strays(document, filing, findings, check, read_box, read_versions)
        if step is None:
            break
        document, filing, findings = step.document, step.filing, step.findings
        notes += step.notes
    _, suggestions, suggested = _digit_repairs(document, filing, findings, check, None)
    ambiguous = _ambiguous(suggestions, suggested, document)
    covered = {id(error) for error, _ in ambiguous}  # every other failed tie is read twice before it is claimed
    second = _second_reading(document, [f for f in findings if id(f) not in covered], check, read_box, judge_only=True)
    ambiguous += second if isinstance(second, list) else []
    ambiguous += _unread_in_column(findings, document, read_box, {id(error) for error, _ in ambiguous})
    kept = _not_claimed(findings, ambiguous)
    return filing, [*kept[: len(findings)], *suggestions[:5], *kept[len(findings) :], *notes]
