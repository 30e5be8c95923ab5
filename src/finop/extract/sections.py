"""Find where each statement and schedule starts and ends in a document.

A heading is a line that begins with a statement title. Titles also appear in
the table of contents and in the auditors' report, so every candidate is scored
by the amount rows that follow it and the best candidate of each kind wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from finop.extract.rows import split_line
from finop.model.concepts import concept, notes_titles, other_titles, statements
from finop.model.document import Document, Line
from finop.model.filing import StatementKind
from finop.model.text import norm, straight_quotes

K = StatementKind
# the title patterns of each statement and of the notes: finop/model/data/concepts.yaml
TITLES: list[tuple[StatementKind, re.Pattern[str]]] = [
    (kind, pattern) for kind in (StatementKind(k) for k in statements()) for pattern in kind.title_patterns
]
NOTES_TITLES = notes_titles()
OTHER_TITLES = other_titles()  # schedules finop does not read: they end the statement before them
_END = re.compile(
    r"^\s*see\s+(the\s+)?(accompanying\s+)?notes\s+to|^\s*the\s+accompanying\s+notes\s+are\s+an\s+integral\s+part", re.I
)  # the footer under a statement
_TOC_TAIL = re.compile(r"\s\d{1,3}(\s*[-–]\s*\d{1,3})?\s*$")
_LEADERS = re.compile(r"(?:\.\s?){4,}|…")
_REPORT_HEADING = re.compile(
    r"^\W{0,3}(independent\s+(auditors?|accountants?|registered\s+public\s+accounting\s+firm)'?s?'?\s+report"
    r"|report\s+of\s+independent|report\s+on\s+internal\s+control)",
    re.I,
)


def _trim_prose(body: list[Line]) -> list[Line]:
    """A statement ends where prose resumes: an accountant's report, two long lines of text, or a page that was not
    read between two of its lines (a statement runs over consecutive pages only)."""
    seen_amount = False
    for j, line in enumerate(body):
        if _REPORT_HEADING.search(line.text) or (j and line.page > body[j - 1].page + 1):
            return body[:j]
        has_amount = bool(split_line(line).amounts)
        seen_amount = seen_amount or has_amount
        if seen_amount and not has_amount and len(line.text) > 150:
            nxt = body[j + 1] if j + 1 < len(body) else None
            if nxt is None or (not split_line(nxt).amounts and len(nxt.text) > 150):
                return body[:j]
    return body


@dataclass
class Section:
    kind: StatementKind | None  # None for the notes
    heading: Line
    lines: list[Line]
    score: int


def title_kind(line: Line) -> StatementKind | None:
    text = straight_quotes(line.text[:200])  # a title typeset or OCR'd with "’" is the same title
    first = next((ch for ch in text if ch.isalpha()), "")
    if first.islower():  # a title starts with a capital; "statement of financial condition. The..." is prose
        return None
    for kind, pattern in TITLES:
        if pattern.search(text):
            return kind
    return None


OTHER = "other"  # a schedule finop does not read: it only ends the section before it


def _is_heading(line: Line) -> StatementKind | bool | str | None:
    if any(p.search(line.text) for p in NOTES_TITLES):
        return True
    kind = title_kind(line)
    capital = next((ch for ch in line.text if ch.isalpha()), "").isupper()
    if kind is None and capital and any(p.search(line.text[:200]) for p in OTHER_TITLES):
        return OTHER
    return kind


_CONTINUES = re.compile(r"(,|\b(and|or|of|the|to|for|under|in|with))\s*$", re.I)


def _continues_sentence(previous: Line | None, line: Line) -> bool:
    """A line that carries on the sentence above it on the same page ('... Rule 15c3-1 and the' /
    'Computation for Determination of ...') is a wrapped phrase, not a title."""
    return previous is not None and previous.page == line.page and bool(_CONTINUES.search(previous.text))


def _notes_heading(line: Line) -> bool:
    """A notes title as it heads the notes, not a table-of-contents entry (page number, dot leaders)."""
    text = line.text.strip()
    first = next((ch for ch in text if ch.isalpha()), "")
    return first.isupper() and not _TOC_TAIL.search(text) and not _LEADERS.search(text)


_CONTINUED = re.compile(r"\(?\s*continued\s*\)?", re.I)


def _continued(previous: Section, heading: Line, body: list[Line]) -> bool:
    """The heading carries on the statement before it, on a later page: its title says "continued", or the
    two pieces are the halves of one balance sheet (the first totals the assets and has no grand total of
    liabilities and equity; the second has that grand total and no total assets)."""
    if heading.page <= previous.heading.page:
        return False
    if _CONTINUED.search(heading.text):
        return True
    if previous.kind is not K.FINANCIAL_CONDITION or not previous.lines:
        return False
    if heading.page != previous.heading.page + 1:  # the halves are on facing pages
        return False
    first, second = _totals(previous.lines), _totals(body)
    return first == {"total_assets"} and second == {"total_liabilities_and_equity"}


def _totals(lines: list[Line]) -> set[str]:
    """Which of the balance sheet's two grand totals the lines print (by the concept table's patterns)."""
    found = set()
    for line in lines:
        caption = norm(split_line(line).label)
        if concept("total_liabilities_and_equity").matches(caption):
            found.add("total_liabilities_and_equity")
        elif concept("total_assets").matches(caption):
            found.add("total_assets")
    return found


def find_sections(document: Document) -> tuple[dict[StatementKind, Section], Section | None]:
    """Pick, for each kind, the heading followed by the most amount rows; the notes from their first heading."""
    lines = list(document.lines())
    starts: list[tuple[int, StatementKind | str | None]] = []
    for i, line in enumerate(lines):
        if _continues_sentence(lines[i - 1] if i else None, line):
            continue
        h = _is_heading(line)
        if h is True:
            starts.append((i, None))
        elif h:
            starts.append((i, h))  # type: ignore[arg-type]
    best: dict[StatementKind, Section] = {}
    notes: Section | None = None
    first_notes: Section | None = None
    previous: Section | None = None  # the statement just before, which a "(Continued)" page carries on
    for n, (i, kind) in enumerate(starts):
        if kind == OTHER or kind is None:
            previous = None
        if kind == OTHER:
            continue
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        body = lines[i + 1 : end]
        if kind is not None:
            # a statement ends at its footer: "See notes to ...", "The accompanying notes are an integral part ..."
            for j, line in enumerate(body):
                if _END.search(line.text):
                    body = body[:j]
                    break
            body = _trim_prose(body)
        if kind is None:
            section = Section(None, lines[i], body, len(body))
            if notes is None or section.score > notes.score:
                notes = section
            if first_notes is None and _notes_heading(lines[i]):
                first_notes = section
            continue
        heading_amounts = split_line(lines[i]).amounts
        score = sum(1 for line in body if split_line(line).amounts)
        if heading_amounts and _TOC_TAIL.search(lines[i].text) and score <= 1:
            score = 0  # a table-of-contents entry
        section = Section(kind, lines[i], body, score)
        if previous is not None and previous.kind is kind and _continued(previous, lines[i], body):
            # a statement printed over pages repeats its title, "(Continued)": the pages are one statement
            section = Section(kind, previous.heading, [*previous.lines, *body], previous.score + score)
        previous = section
        current = best.get(kind)
        if section.score > 0 and (current is None or section.score > current.score):
            best[kind] = section
    # text-only sections (a reconciliation sentence) keep a heading with no amounts
    for n, (i, kind) in enumerate(starts):
        if kind in (K.RECONCILIATION, K.RESERVE, K.PAB_RESERVE) and kind not in best:
            end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
            best[kind] = Section(kind, lines[i], lines[i + 1 : end], 0)
    # the notes begin at their first heading: a long note under a later "(continued)" heading is not their start
    return best, first_notes or notes
