"""Words with boxes -> printed lines of cells: shared by the PDF text-layer reader and OCR.

Words whose vertical centres are close form a line; within a line, a gap wider
than a few spaces starts a new cell (a column). A lone ``$`` joins the amount
after it; dot leaders are dropped.
"""

from __future__ import annotations

import bisect
import itertools
import re
import statistics
from dataclasses import dataclass

from finop.model.document import Cell, Line
from finop.model.source import Box

_GROUPED = re.compile(r"^\(?\$?\(?\d{1,3}(,\d{3})+\)?$")  # one amount in thousands groups: "(1,234)", "$(1,234)"
_MONTH = re.compile(r"^(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?$", re.I)
_DAY = re.compile(r"^\d{1,2},$")
_YEAR = re.compile(r"^(19|20)\d\d[.,:;]?$")
_LEADER = re.compile(r"^[.\u2026_·\-–—]{3,}$|^\(cid:\d+\)$")


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float = 1.0

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 0.1)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


def _line_height(word: Word, typical: float) -> float:
    """A word's height for line grouping: a thin glyph (a dash, a rule) counts as at least half a text line."""
    return max(word.height, 0.5 * typical)


def group_lines(words: list[Word]) -> list[list[Word]]:
    """Words into lines by vertical position, each line left to right.

    A word joins the line when its middle is within half a line height (the smaller of its own and the
    line's median) of the line's mean middle. The mean is kept as a running sum and the heights in order,
    so a line of n words costs n log n, not n² (a page of 16,000 words on one line took 106 s)."""
    words = [w for w in words if w.text.strip() and not _LEADER.match(w.text.strip())]
    if not words:
        return []
    typical = statistics.median(w.height for w in words)
    words.sort(key=lambda w: (w.middle, w.x0))
    lines: list[list[Word]] = []
    current = _Line(words[0], typical)
    for w in words[1:]:
        tolerance = 0.5 * min(_line_height(w, typical), current.median_height())
        if abs(w.middle - current.mean_middle()) <= tolerance:
            current.add(w)
        else:
            lines.append(sorted(current.words, key=lambda x: x.x0))
            current = _Line(w, typical)
    lines.append(sorted(current.words, key=lambda x: x.x0))
    return lines


class _Line:
    """A line being gathered: its words, the sum of their middles and their grouping heights in order."""

    def __init__(self, first: Word, typical: float) -> None:
        self.typical = typical
        self.words = [first]
        self.middles = first.middle
        self.heights = [_line_height(first, typical)]

    def add(self, word: Word) -> None:
        self.words.append(word)
        self.middles += word.middle
        bisect.insort(self.heights, _line_height(word, self.typical))

    def mean_middle(self) -> float:
        return self.middles / len(self.words)

    def median_height(self) -> float:
        h, n = self.heights, len(self.heights)
        return h[n // 2] if n % 2 else (h[n // 2 - 1] + h[n // 2]) / 2


def _is_amountish(text: str) -> bool:
    return bool(re.match(r"^_*\(?\$?_*\(?[\d,.]+\)?%?_*$|^[-–—]$", text))


def _date_year(cell: list[Word], w: Word) -> bool:
    """True when ``w`` is the year of a date the cell ends with ('December' '31,' + '2002')."""
    return len(cell) >= 2 and bool(_MONTH.match(cell[-2].text) and _DAY.match(cell[-1].text) and _YEAR.match(w.text))


def _join_spaced_commas(line: list[Word], gap: float) -> list[Word]:
    """OCR sets a thousands comma apart as a word of its own ("(415" "," "381)"): the three are one amount."""
    out: list[Word] = []
    i = 0
    while i < len(line):
        w = line[i]
        if (
            i + 2 < len(line)
            and line[i + 1].text in (",", ".")
            and re.fullmatch(r"[($]*\d{1,3}(,\d{3})*", w.text)
            and re.fullmatch(r"\d{3}(,\d{3})*\)?", line[i + 2].text)
            and line[i + 2].x0 - w.x1 <= gap
        ):
            after = line[i + 2]
            out.append(Word(f"{w.text},{after.text}", w.x0, min(w.top, after.top), after.x1,
                            max(w.bottom, after.bottom), min(w.confidence, line[i + 1].confidence, after.confidence)))  # fmt: skip
            i += 3
            continue
        out.append(w)
        i += 1
    return out


def _figure(text: str) -> bool:
    """Digits with marks and no letters: an amount, however OCR garbled its marks ("$539,258:", "17508,524")."""
    return any(ch.isdigit() for ch in text) and not any(ch.isalpha() for ch in text)


def _dollar_after_figure(cell: list[Word], w: Word) -> bool:
    """A word that opens with a dollar sign ("$1,278,823", "$.1°2:78;823") after a figure (past a speck OCR read
    between them, "—") begins the next amount: a "$" opens an amount, and two amounts side by side are two columns
    however narrow the gap a scan leaves between them. A caption's own figure follows a word ("of $84,320")."""
    if not re.match(r"\(?\$.*\d", w.text):
        return False
    words = [x for x in cell if not _SPECK.match(x.text)]
    return bool(words) and _figure(words[-1].text)


DATE_GAP = 3.0  # line heights: a year this close after "December 31," is the date's year


def split_cells(line: list[Word], gap_factor: float = 1.1) -> list[list[Word]]:
    """Cut a line into cells where the gap between words is wider than about one character height."""
    if not line:
        return []
    height = statistics.median(w.height for w in line)
    line = _join_spaced_commas(line, gap_factor * height)
    cells: list[list[Word]] = [[line[0]]]
    for prev, w in itertools.pairwise(line):
        gap = w.x0 - prev.x1
        joined_dollar = prev.text in ("$", "($") and _is_amountish(w.text)
        new_dollar = (w.text in ("$", "($") and _is_amountish(prev.text)) or _dollar_after_figure(cells[-1], w)
        if _date_year(cells[-1], w) and gap <= DATE_GAP * height:
            # "December 31, 2002" in a caption is one phrase, not a day and a year as amounts (however wide the
            # space a small typewriter face or OCR leaves before the year)
            cells[-1].append(w)
        elif (gap > gap_factor * height or new_dollar) and not joined_dollar:
            cells.append([w])
        elif _is_amountish(prev.text) and _is_amountish(w.text) and not joined_dollar:
            # OCR splits a number ("5" "25,901"): join when the pieces make one well-formed amount,
            # otherwise two amounts side by side are two columns
            joined = prev.text + w.text
            if not _GROUPED.match(joined) and re.fullmatch(r"\d{3}(,\d{3})*\)?", w.text):
                joined = prev.text + "," + w.text  # "48 743", "31 277,527": the comma read as a space
            if _GROUPED.match(joined) and gap <= gap_factor * height:
                cells[-1][-1] = Word(
                    joined,
                    prev.x0,
                    min(prev.top, w.top),
                    w.x1,
                    max(prev.bottom, w.bottom),
                    min(prev.confidence, w.confidence),
                )
            else:
                cells.append([w])
        else:
            cells[-1].append(w)
    return cells


_JUNK = re.compile(r"^[^\w$(]{1,2}$|^[a-zA-Z]$")


EDGE = 30.0  # points (5/12 inch): no printed caption starts this close to the page's left edge; OCR reads scanner specks there
_SPECK = re.compile(r"^[_|~=—–\-]{1,2}$|^[^\w$(]{1,2}$")


def _trim_amount_specks(cell: list[Word]) -> list[Word]:
    """A speck OCR reads beside an amount in the same cell ('$8,137,085 _', '| 4,116') is not part of it."""
    while len(cell) > 1 and _SPECK.match(cell[-1].text) and _is_amountish(cell[-2].text):
        cell = cell[:-1]
    while (
        len(cell) > 1 and _SPECK.match(cell[0].text) and cell[0].text not in ("-", "–") and _is_amountish(cell[1].text)
    ):
        cell = cell[1:]
    return cell


def _is_edge_speck(cell: list[Word]) -> bool:
    """A few glyphs OCR reads in the scanner's shadow at the page's left edge ('e@', '6', '| bd')."""
    return cell[-1].x1 < EDGE and len("".join(w.text for w in cell)) <= 3


def _prose(cells: list[list[Word]]) -> bool:
    """Words between a line's amounts: a sentence that states figures ("net capital of $18,279,228, which exceeded
    its minimum requirement of $172,334 by"), where the words after the last amount are text too. A table row's
    caption comes before its amounts, never between them."""
    return any(sum(ch.isalpha() for ch in w.text) >= 2 for c in cells for w in c if not _is_amountish(w.text))


def _drop_edge_junk(cells: list[list[Word]]) -> list[list[Word]]:
    """Scanner edges and specks OCR reads as '|', 'i', ':' at either end of a line or at the page's
    left edge, and short letter noise after the last amount ('7,279,930 uw')."""
    cells = [_trim_amount_specks(c) for c in cells]
    while len(cells) > 1 and ((len(cells[0]) == 1 and _JUNK.match(cells[0][0].text)) or _is_edge_speck(cells[0])):
        cells = cells[1:]
    while len(cells) > 1 and len(cells[-1]) == 1 and _JUNK.match(cells[-1][0].text):
        cells = cells[:-1]
    amounts = [i for i, c in enumerate(cells) if _is_amountish(c[-1].text)]
    last_amount = amounts[-1] if amounts else None
    if last_amount is not None and last_amount < len(cells) - 1 and not _prose(cells[amounts[0] + 1 : last_amount]):
        tail = cells[last_amount + 1 :]
        if all(
            len(" ".join(w.text for w in c)) <= 6 and not any(ch.isdigit() for w in c for ch in w.text) for c in tail
        ):
            cells = cells[: last_amount + 1]
    return cells


def build_lines(words: list[Word], page: int, first_number: int) -> list[Line]:
    """Lines of cells for one page, numbered from ``first_number``."""
    out: list[Line] = []
    for i, line_words in enumerate(group_lines(words)):
        cell_groups = _drop_edge_junk(split_cells(line_words))
        if len(cell_groups) == 1 and len(cell_groups[0]) == 1 and _JUNK.match(cell_groups[0][0].text):
            continue
        cells = []
        for slot, cell_words in enumerate(cell_groups):
            text = " ".join(w.text for w in cell_words)
            text = re.sub(r"^\$\s+(?=[\d(])", "$", text)
            box = Box(
                min(w.x0 for w in cell_words),
                min(w.top for w in cell_words),
                max(w.x1 for w in cell_words),
                max(w.bottom for w in cell_words),
            )
            conf = min(w.confidence for w in cell_words)
            cells.append(Cell(text=text, slot=slot, box=box, confidence=conf))
        text = "\t".join(c.text for c in cells)
        out.append(
            Line(
                number=first_number + i,
                page=page,
                text=text,
                cells=tuple(cells),
                confidence=min(c.confidence for c in cells),
                page_line=i + 1,
            )
        )
    return out
