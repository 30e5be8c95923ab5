"""Choosing among readings: subsets of second readings, other versions of a box, and the tie solver's choices."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

from finop.model.document import Document, Line
from finop.model.filing import Filing
from finop.model.findings import Finding, Severity
from finop.model.source import Box
from finop.money import parse_amount
from finop.repair.edits import Check, Patch, Rereads, _patch_box, with_patches
from finop.repair.outcome import _failing, _improved, _scale_of, unjudged_footings
from finop.repair.places import ALIGNED, _places_to_read
from finop.repair.tie_solver import Equation, choices

MAX_VERSION_CELLS = 6  # cells whose other versions are tried when the second readings settle nothing, at most


MAX_SUBSETS = 6  # second readings beyond this many are tried all together and one by one, not in every subset


def _best_patches(
    document: Document, before: list[Finding], patches: list[Patch], check: Check
) -> tuple[Document, Filing, list[Finding], list[Patch]] | None:
    """The second readings to use: all of them, else each alone, else all but one, the first that reads better.
    (One of several second readings can itself be a misreading; the others still settle their ties.)"""
    tries = [patches]
    if len(patches) > 1:
        tries += [[p] for p in patches]
        if len(patches) <= MAX_SUBSETS:
            tries += [patches[:k] + patches[k + 1 :] for k in range(len(patches))] if len(patches) > 2 else []
    for chosen in tries:
        doc = with_patches(document, chosen)
        accepted = _improved(before, doc, check)
        if accepted is not None:
            return _pruned(document, doc, *accepted, chosen, check)
    return None


def _pruned(
    document: Document, doc: Document, filing: Filing, findings: list[Finding], chosen: list[Patch], check: Check
) -> tuple[Document, Filing, list[Finding], list[Patch]]:
    """The second readings of an accepted set that each do some good: one without which the document reads as well
    is dropped (a garbled cell read again as other wrong digits settles nothing, and is not used)."""
    for patch in list(chosen):
        if len(chosen) == 1:
            break
        rest = [p for p in chosen if p is not patch]
        without = with_patches(document, rest)
        new_filing, new_findings = check(without)
        if _failing(new_findings) <= _failing(findings):
            chosen, doc, filing, findings = rest, without, new_filing, new_findings
    return doc, filing, findings, chosen


def _other_versions(
    document: Document,
    before: list[Finding],
    patches: list[Patch],
    check: Check,
    read_versions: Rereads | None,
    form: Callable[[Patch, str], str | None],
) -> tuple[Document, Filing, list[Finding], list[Patch]] | None:
    """When the second readings settle nothing: each patched cell as its other versions read it (smoothed,
    thresholded, at another size); the first that makes the document read better, with the other second readings
    or alone, is used. Of the readings a degraded glyph allows, the totals choose; each is OCR's own reading of
    the cell, never a figure made to fit. ``form`` writes a version's reading as the cell's text (None: unusable)."""
    if read_versions is None:
        return None
    for k, patch in enumerate(patches[:MAX_VERSION_CELLS]):
        box = _patch_box(patch)
        if box is None:
            continue
        rest = patches[:k] + patches[k + 1 :]
        for reading in read_versions(document.path, patch.line.page, box):
            corrected = form(patch, reading)
            if corrected is None or corrected in (patch.corrected, patch.printed):
                continue
            other = replace(patch, corrected=corrected)
            for chosen in ([*rest, other], [other]) if rest else ([other],):
                doc = with_patches(document, chosen)
                accepted = _improved(before, doc, check)
                if accepted is not None:
                    return _pruned(document, doc, *accepted, chosen, check)
    return None


MAX_SOLUTIONS_TRIED = 12  # choices of readings the arithmetic allows that are checked on the whole document, at most


def _total_column(total: Line | None, actual: Decimal, scale: Decimal) -> float | None:
    """Where a failed footing's total ends on its line: the right edge of the cell that reads as its amount."""
    if total is None:
        return None
    return next((c.box.x1 for c in total.cells if c.box is not None and (v := parse_amount(c.text)) is not None
                 and v * scale == actual), None)  # fmt: skip


def _equations(filing: Filing, before: list[Finding], patches: list[Patch], document: Document) -> list[Equation]:
    """Each failed footing as an equation over the patched cells: a cell in the total's column is +1 on one of its
    lines (or on a line between them whose amount there was not read: a garbled or lost amount), -1 on its total."""
    lines = {line.number: line for line in document.lines()}
    out: list[Equation] = []
    unjudged = unjudged_footings(before)
    for f in before:
        if not f.code.endswith("-FOOT") or not f.sources or not (f.severity is Severity.ERROR or id(f) in unjudged):
            continue
        if not isinstance(f.expected, Decimal) or not isinstance(f.actual, Decimal):
            continue
        scale = _scale_of(filing, f)
        total = lines.get(f.sources[0].line)
        column = _total_column(total, f.actual, scale)
        if total is None or column is None:
            continue
        parts = {s.line for s in f.sources[1:]}
        span = range(min(parts | {total.number}), max(parts | {total.number}) + 1)
        signs = []
        for p in patches:
            box = _patch_box(p)
            aligned = box is not None and abs(box.x1 - column) <= ALIGNED + 2
            read_here = p.cell >= 0 and parse_amount(p.printed) is not None
            if not aligned or p.line.page != total.page:
                signs.append(0)
            elif p.line.number == total.number:
                signs.append(-1)
            elif p.line.number in parts or (p.line.number in span and not read_here):
                signs.append(1)
            else:
                signs.append(0)
        tolerance = Decimal(len(f.sources)) if scale != 1 else Decimal(0)
        out.append(Equation(tuple(signs), (f.actual - f.expected) / scale, tolerance))
    return out


MAX_SOLVER_CELLS = 14  # cells read more than one way that the arithmetic chooses among, at most


MAX_SOLVER_LOOKS = 30  # cells whose versions are read to find them (each is read in 9 versions), at most


def _footing_cells(filing: Filing, before: list[Finding], document: Document) -> list[tuple[Line, int]]:
    """The OCR'd amounts of each failed footing in its total's column: its total and its lines."""
    lines = {line.number: line for line in document.lines()}
    out: list[tuple[Line, int]] = []
    unjudged = unjudged_footings(before)
    for f in before:
        if not f.code.endswith("-FOOT") or not isinstance(f.actual, Decimal):
            continue
        if f.severity is not Severity.ERROR and id(f) not in unjudged:
            continue
        total = lines.get(f.sources[0].line) if f.sources else None
        column = _total_column(total, f.actual, _scale_of(filing, f))
        if column is None:
            continue
        for src in f.sources:
            line = lines.get(src.line)
            if line is None or line.confidence >= 1.0:
                continue
            out += [(line, i) for i, c in enumerate(line.cells)
                    if i and c.box is not None and abs(c.box.x1 - column) <= ALIGNED + 2 and parse_amount(c.text) is not None]  # fmt: skip
    return list({(ln.number, i): (ln, i) for ln, i in out}.values())


def _solved(
    document: Document,
    filing: Filing,
    before: list[Finding],
    patches: list[Patch],
    check: Check,
    read_versions: Rereads | None,
    form: Callable[[Patch, str], str | None],
) -> tuple[Document, Filing, list[Finding], list[Patch]] | None:
    """When no second reading and no other version of one box settles the failed footings, several amounts may be
    misread at once: one reading per doubtful cell (as first read, as read again, or as another version of its
    box reads it) is chosen so that the footings' arithmetic holds (``tie_solver``); each such choice is checked
    on the whole document, and the one that reads best (the fewest ties failing or unjudged, then the footings
    nearest exact: printed figures foot exactly) is used only when no other reads as well. The cells are the
    doubtful ones, then the failed footings' unread lines (their place in the column), then the footings' other
    OCR'd amounts, ``MAX_SOLVER_CELLS`` at most."""
    if read_versions is None:
        return None
    unread = [Patch(line, i, line.cells[i].text if i >= 0 else "", "", box if i < 0 else None, box if i >= 0 else None)
              for line, i, box in _places_to_read(before, document)]  # fmt: skip
    readable = [
        Patch(line, i, line.cells[i].text, line.cells[i].text) for line, i in _footing_cells(filing, before, document)
    ]
    known: set[tuple[int, int, Box | None]] = set()
    cells: list[Patch] = []
    for p in [*patches, *unread, *readable]:  # the doubtful first, then the unread, then the rest of the footings
        key = (p.line.number, p.cell, p.place)
        if key not in known:
            known.add(key)
            cells.append(p)
    texts: list[list[str]] = []
    readings: list[list[Decimal]] = []
    patches = []
    for p in cells[:MAX_SOLVER_LOOKS]:
        if len(patches) == MAX_SOLVER_CELLS:
            break
        box = _patch_box(p)
        versions = read_versions(document.path, p.line.page, box) if box is not None else []
        options = [p.printed, *(t for t in [p.corrected, *(form(p, r) for r in versions)] if t)]
        by_value: dict[Decimal, str] = {}
        for k, text in enumerate(options):
            value = parse_amount(text) if text else None
            if value is None and k == 0:
                value = Decimal(0)  # nothing read there, or a garbled amount left out of the sums
            if value is not None and value not in by_value:
                by_value[value] = text
        if len(by_value) < 2:
            continue  # read one way only: nothing to choose (a blank place, a figure every version agrees on)
        patches.append(p)
        texts.append(list(by_value.values()))
        readings.append(list(by_value))
    equations = _equations(filing, before, patches, document)
    tried: list[tuple[tuple[int, Decimal], tuple[Document, Filing, list[Finding], list[Patch]]]] = []
    for pick in itertools.islice(choices(readings, equations), MAX_SOLUTIONS_TRIED):
        chosen = [replace(p, corrected=texts[k][i]) for k, (p, i) in enumerate(zip(patches, pick, strict=True)) if i]
        doc = with_patches(document, chosen)
        accepted = _improved(before, doc, check)
        if accepted is not None:
            changes = {k: readings[k][i] - readings[k][0] for k, i in enumerate(pick) if i}
            # a statement's printed figures foot exactly; within its rounding is the next best
            off = sum((e.off(changes) for e in equations), Decimal(0))
            tried.append(((len(_failing(accepted[1])), off), (doc, *accepted, chosen)))
    if not tried:
        return None
    best = min(rank for rank, _ in tried)
    winners = [result for rank, result in tried if rank == best]
    return winners[0] if len(winners) == 1 else None
