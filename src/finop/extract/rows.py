"""Split a printed line into caption(s) and amount(s).

Handles tab-separated amount columns (empty cells keep their column), amounts
left at the end of the caption cell, and rows that OCR merged: several
captions in one cell with their amounts side by side in one amount cell
(``REVENUE: Commissions Underwriting fees\t$91,575,848 150,050``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from finop.model.document import Line
from finop.money import has_money_marks, is_nil, normalise_amount_text, parse_amount

_YEAR = re.compile(r"^(19|20)\d\d$")
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_DATE_TAIL = re.compile(rf"(?:{_MONTHS})\.?\s+\d{{1,2}},?\s*$", re.IGNORECASE)
_STRAY_STOP = re.compile(
    r"(?<=\d,\d{3})[.,:;]$|(?<=\d\))[.,:;]$|^[~:;'\"“”‘’—–]+(?=[\d$(])"
)  # "48,743." / "2,456,528:" / "~—:1,008" from OCR
# the caption of a year-header row: dates, or the unit the columns are printed in ("(In millions)  2021  2020")
_DATE_WORDS = re.compile(
    rf"\b({_MONTHS})\b|\bas of\b|\byears?\b|\bended\b|^\W*$|\b(thousands|millions|billions)\b|0{{3}}'?s\s+omitted",
    re.IGNORECASE,
)
# a caption that ends in a preposition expects the amount after it: "net of accumulated depreciation of $1,241"
_WANTS_AMOUNT = re.compile(r"\b(of|at|by|to|approximately|including|includes|include|less|totaling|totalling)$", re.I)
_CONNECTORS = frozenset(
    [
        "of",
        "and",
        "the",
        "to",
        "in",
        "for",
        "from",
        "on",
        "under",
        "with",
        "by",
        "at",
        "&",
        "or",
        "a",
        "an",
        "as",
        "per",
        "plus",
        "than",
        "into",
        "over",
        "not",
        "nor",
        "but",
        "via",
    ]
)
_HEADER_END = ":—"


@dataclass(frozen=True)
class Amt:
    """One amount token as printed, parsed, with its column slot."""

    value: Decimal
    text: str
    slot: int
    x1: float | None = None  # right edge on the page, when the reader knows positions


@dataclass
class RawLine:
    """A line split into its caption text and groups of amounts (one group per amount cell)."""

    line: Line
    label: str
    groups: list[list[Amt]] = field(default_factory=list)  # per amount cell, left to right
    year_header: list[str] = field(default_factory=list)
    year_x1: list[float | None] = field(default_factory=list)

    @property
    def amounts(self) -> list[Amt]:
        return [a for g in self.groups for a in g]

    @property
    def slots(self) -> int:
        return len(self.groups)


def _tokens(text: str) -> list[str]:
    """Whitespace tokens with a lone ``$`` joined to the amount after it."""
    raw = [_STRAY_STOP.sub("", t) for t in normalise_amount_text(text).split()]
    out: list[str] = []
    for tok in raw:
        if out and out[-1] in ("$", "($", "$(") and tok[:1].isdigit() | (tok[:1] == "("):
            out[-1] = out[-1] + tok
        else:
            out.append(tok)
    return out


_CELL_TAIL = re.compile(r"(?<=[\d)])[.,:;\]|'’]$")


def amount_cell(text: str, *, strict: bool) -> list[Amt] | None:
    """Amounts of a cell that holds only amounts, else None. Empty cells give []."""
    # a speck after an amount in its own column ("505.", "2,661:") is not part of it
    toks = [_CELL_TAIL.sub("", t) for t in _tokens(text)]
    amts: list[Amt] = []
    for tok in toks:
        if tok in ("$", "S$") or (len(toks) > 1 and "_" in tok and not any(ch.isdigit() for ch in tok)):
            continue  # a dollar sign, or an OCR'd underline ("—_") beside an amount
        value = parse_amount(tok)
        if value is None:
            return None
        if strict and not (has_money_marks(tok) or is_nil(tok)):
            return None
        amts.append(Amt(value=value, text=tok, slot=0))
    return amts


def _split_trailing_amounts(label: str) -> tuple[str, list[Amt]]:
    """Peel amounts printed at the end of a caption cell (no tab before them)."""
    toks = label.split()
    found: list[Amt] = []
    while toks:
        tok = _STRAY_STOP.sub("", normalise_amount_text(toks[-1]))
        value = parse_amount(tok)
        dollar = len(toks) > 1 and toks[-2] in ("$", "($")  # "Balance, June 30, 2022 $ 636"
        if value is None or not (has_money_marks(tok) or is_nil(tok) or dollar):
            break
        rest = " ".join(toks[:-1])
        if _DATE_TAIL.search(rest) and not has_money_marks(tok.replace(",", "")):
            break
        if _WANTS_AMOUNT.search(rest):
            break  # the caption's own figure, not an amount column
        found.insert(0, Amt(value=value, text=tok, slot=0))
        toks.pop()
    if toks and toks[-1] == "$":
        toks.pop()
    return " ".join(toks), found


# digits with marks and no letters, in a cell of their own after the caption: an amount OCR garbled
_GARBLED_AMOUNT = re.compile(r"(?=(?:\D*\d){3})[^A-Za-z\s]+")


def split_line(line: Line) -> RawLine:
    """Split one line into caption and amount groups (each group remembers its cell's right edge)."""
    cells = [c.text for c in line.cells]
    edges = [c.box.x1 if c.box is not None else None for c in line.cells]
    filled = [(t, x) for t, x in zip(cells, edges, strict=True) if t.strip()]
    if filled and all(_YEAR.match(t.strip()) for t, _ in filled):  # a column heading of years, with no caption
        return RawLine(line=line, label="", year_header=[t.strip() for t, _ in filled], year_x1=[x for _, x in filled])
    # trailing cells that hold only amounts (empty cells keep column positions)
    k = len(cells)
    groups_rev: list[tuple[list[Amt], float | None]] = []
    while k > 1:
        amts = amount_cell(cells[k - 1], strict=False)
        if amts is None and line.confidence < 1.0 and _GARBLED_AMOUNT.fullmatch(cells[k - 1].strip()):
            amts = []  # an amount OCR could not read (">.=193/333;124"): its column is kept, its value unread
        if amts is None:
            break
        groups_rev.append((amts, edges[k - 1]))
        k -= 1
    groups = list(reversed(groups_rev))
    label = " ".join(c for c in cells[:k] if c).strip()
    label, trailing = _split_trailing_amounts(label)
    if trailing:
        groups = [(trailing, edges[k - 1] if k else None), *groups]
    raw = RawLine(line=line, label=label)
    flat = [a for g, _ in groups for a in g]
    if flat and all(_YEAR.match(a.text) for a in flat) and (not label or _DATE_WORDS.search(label)):
        raw.year_header = [a.text for a in flat]
        raw.year_x1 = [x for g, x in groups for _ in g]
        return raw
    raw.groups = [[Amt(a.value, a.text, slot, x1) for a in group] for slot, (group, x1) in enumerate(groups)]
    return raw


# ---------------------------------------------------------------- captions


@dataclass(frozen=True)
class Segment:
    text: str
    header: bool


def _is_caps(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _word_key(word: str) -> str:
    return word.strip(",.;()").lower()


_DASH = re.compile(r"\s*—\s*|\s+-{1,2}\s+")


def _depth(text: str, at: int) -> int:
    """How many parentheses are open at position ``at``."""
    depth = 0
    for ch in text[:at]:
        depth = depth + 1 if ch == "(" else max(depth - 1, 0) if ch == ")" else depth
    return depth


def segments(label: str) -> list[Segment]:
    """Cut a caption where a new caption starts: after ``:``/``—``, or at a capitalised word. A dash inside
    parentheses is part of what they hold ("Less 3% (for alternative method only - see Rule 15c3-1)")."""
    text = _DASH.sub(lambda m: m.group(0) if _depth(label, m.start()) else "— ", label)
    words = text.split()
    segs: list[list[str]] = []
    depth = 0
    for i, w in enumerate(words):
        start = i == 0
        if not start:
            prev = words[i - 1]
            if prev[-1] in _HEADER_END:
                start = True
            elif depth == 0 and w[:1].isupper():
                has_lower = any(c.islower() for c in w)
                if (has_lower or not _is_caps(prev)) and _word_key(prev) not in _CONNECTORS:
                    start = not prev.endswith(("-", "/", "'s"))
        if start:
            segs.append([])
        segs[-1].append(w)
        depth += w.count("(") - w.count(")")
        depth = max(depth, 0)
    out = []
    for seg in segs:
        t = " ".join(seg)
        out.append(Segment(text=t, header=t[-1] in _HEADER_END))
    return out


def _boundary_strength(prev_words: str) -> float:
    last = prev_words.split()[-1]
    if last.endswith(","):
        return 0.5
    if last[:1].isupper():
        return 1.0
    return 2.0


def _merge_to(values: list[str], n: int) -> list[str]:
    """Merge adjacent captions at the weakest boundaries until ``n`` remain."""
    values = list(values)
    while len(values) > n:
        strengths = [_boundary_strength(values[i]) for i in range(len(values) - 1)]
        j = strengths.index(min(strengths))
        values[j : j + 2] = [values[j] + " " + values[j + 1]]
    return values


@dataclass(frozen=True)
class Caption:
    label: str
    context: str


def split_captions(label: str, n: int) -> tuple[list[Caption], list[str]] | None:
    """Split a caption cell into ``n`` captions, with leading headers as context.

    Returns the captions and the trailing header texts (which open a new group),
    or None when the text cannot be split into ``n`` captions.
    """
    segs = segments(label) if label else []
    # headers after the last value segment open the next group
    trailing: list[str] = []
    while segs and segs[-1].header and any(not s.header for s in segs[:-1]):
        trailing.insert(0, segs.pop().text.rstrip(_HEADER_END + " "))
    if not segs:
        return ([Caption(label="", context="")], trailing) if n == 1 else None
    # group: each value segment takes the headers before it as context
    groups: list[tuple[str, list[str]]] = []  # (context, [value texts])
    context_parts: list[str] = []
    for seg in segs:
        if seg.header:
            context_parts.append(seg.text.rstrip(_HEADER_END + " "))
            continue
        ctx = " ".join(context_parts)
        if groups and not context_parts:
            groups[-1][1].append(seg.text)
        else:
            groups.append((ctx, [seg.text]))
        context_parts = []
    if context_parts:  # only headers: the caption is the header text itself
        if not groups:
            return [Caption(label=" ".join(context_parts), context="")] if n == 1 else None, trailing
        groups[-1][1][-1] += " " + " ".join(context_parts)
    flat: list[tuple[str, str]] = [(ctx, v) for ctx, vals in groups for v in vals]
    if len(flat) < n:
        return None
    if len(flat) > n:
        # merge within groups first (keeps header contexts), weakest boundary first
        texts = [v for _, v in flat]
        ctxs = [c for c, _ in flat]
        while len(texts) > n:
            best = None
            for i in range(len(texts) - 1):
                if ctxs[i + 1] and ctxs[i + 1] != ctxs[i]:
                    continue
                s = _boundary_strength(texts[i])
                if best is None or s < best[0]:
                    best = (s, i)
            if best is None:
                merged = _merge_to(texts, n)
                return [Caption(label=t, context=ctxs[0]) for t in merged], trailing
            i = best[1]
            texts[i : i + 2] = [texts[i] + " " + texts[i + 1]]
            ctxs[i : i + 2] = [ctxs[i]]
        flat = list(zip(ctxs, texts, strict=True))
    return [Caption(label=v, context=c) for c, v in flat], trailing
