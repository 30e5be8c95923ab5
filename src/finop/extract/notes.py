"""Figures the notes state: net capital, the requirement, excess, AI ratio, related parties.

Also the Rule 15c3-3 exemption and the net capital method, wherever stated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from finop.extract.sections import Section
from finop.model.document import Line
from finop.model.filing import Exemption, Fact, NoteFigure, Reconciliation, Statement
from finop.model.source import SourceRef
from finop.money import parse_amount

# "$1,268,650", "$3.7 billion", and, where a scanner's OCR layer lost the "$", "1,268,650" or "3.7 billion"
_MONEY = (  # never from inside a number (a match starting at each digit of a long run was quadratic)
    r"(?<![\d,.])(?:\$\s?)?(?P<amt>\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<=\$)\d+(?:\.\d+)?|(?<=\$\s)\d+(?:\.\d+)?"
    r"|\d+(?:\.\d+)?(?=\s*(?:million|billion|thousand)))(?:\s*(?P<unit>million|billion|thousand))?"
)
_MONEY_PLAIN = r"\$\s?[\d,.]+(?:\s*(?:million|billion|thousand))?"
_UNITS = {"million": Decimal(1_000_000), "billion": Decimal(1_000_000_000), "thousand": Decimal(1000)}

NOTE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "note_net_capital",
        re.compile(
            rf"(?<!minimum )(?<!required )(?<!requirement )(?<!tentative )\bnet capital(?:,? as defined,?)? (?:was|of|totaled|totalling|amounted to|aggregating)\s*(?:approximately )?{_MONEY}",
            re.I,
        ),
    ),
    (
        "note_net_capital",
        re.compile(rf"\bhad net capital(?:,? as defined,?)?\s*(?:(?:of|was)\s*)?(?:approximately )?{_MONEY}", re.I),
    ),
    (
        "note_net_capital",
        re.compile(
            rf"(?<!minimum )(?<!required )(?<!tentative )\bnet capital (?:at|as of|on) [^$]{{0,40}}?\b(?:was|of|totaled|amounted to)\s*(?:approximately )?{_MONEY}",
            re.I,
        ),
    ),
    (
        "note_excess_net_capital",
        re.compile(
            rf"{_MONEY},?\s+(?:which\s+)?(?:was\s+)?(?:in excess\s*of|above|more than)\s*(?:(?:its|the)\s+)?(?:[\w.]+['’]s\s+)?(?:amount\s+)?(?:minimum\s+)?(?:required|requirement|minimum)",
            re.I,
        ),
    ),
    (
        "note_excess_net_capital",
        re.compile(
            rf"exceed(?:ed|s|ing)?\s+(?:its|the)\s+[^$]{{0,80}}?(?:{_MONEY_PLAIN}[^$]{{0,20}}?)?\bby\s+{_MONEY}", re.I
        ),
    ),
    # "in excess of the (SEC's) minimum requirement by approximately $3.4 billion"
    (
        "note_excess_net_capital",
        re.compile(
            rf"in excess\s*of\s+(?:its|the)\s+[^$.]{{0,60}}?\b(?:requirements?|required|minimum)\b[^$.]{{0,30}}?\bby\s+(?:approximately\s+)?{_MONEY}",
            re.I,
        ),
    ),
    # "in excess of $X" says more than X (a requirement), not the excess itself
    ("note_excess_net_capital", re.compile(rf"(?<!in )excess (?:net capital )?of {_MONEY}", re.I)),
    ("note_excess_net_capital", re.compile(rf"excess net capital (?:was |of )?{_MONEY}", re.I)),
    (
        "note_minimum_net_capital",
        re.compile(
            rf"(?:minimum net capital|net capital requirement|required net capital|minimum requirement)(?: required)?(?: (?!greater|higher|larger)\w+){{0,4}}? (?:is|was|of|at|equal to)\s*(?:approximately )?{_MONEY}",
            re.I,
        ),
    ),
]
_AI_RATIO = re.compile(
    r"ratio of aggregate indebtedness to net capital (?:was|of|is)\s+(?P<r>\d+(?:\.\d+)?)\s*(?:to|:)\s*1", re.I
)
_PERCENT_AI = re.compile(r"aggregate indebtedness to net capital (?:was|of|is)\s+(?P<p>\d+(?:\.\d+)?)\s*%", re.I)
_EXEMPT = re.compile(
    r"exempt(?:ion)?\s+from\s+(?:the\s+(?:provisions|requirements)\s+of\s+)?(?:sec\s+)?rule\s+15c3-3"
    r"|claim(?:s|ed|ing)?\s+(?:an\s+)?exemption\b[^.]*15c3-3|15c3-3\s*\(k\)",
    re.I,
)
# "... in reliance on footnote 74 of SEC Release No. 34-70073": a firm outside 15c3-3(k) that holds no customer
# funds or securities (the 2013 amendments' adopting release)
_FOOTNOTE_74 = re.compile(r"foot\s*note\s*74\b.{0,160}(34-70073|15c3-3|release)|(34-70073|15c3-3).{0,160}foot\s*note\s*74\b",
                          re.I)  # fmt: skip
_PARAGRAPH = re.compile(r"\(k\)\s*\(\s*(?P<n>[123])\s*\)\s*(?:\(\s*(?P<r>i{1,3}|iv)\s*\))?", re.I)


_NOTE_HEADING = re.compile(r"^\s*(?:note\s+)?\(?\d{1,2}[.:)]\s+[A-Z]")


@dataclass(frozen=True)
class Sentence:
    text: str
    line: Line


def sentences(lines: list[Line]) -> list[Sentence]:
    """Split running text into sentences across line breaks, each remembering the line it starts on.

    A heading line (a numbered note title, a short line without a full stop) ends the
    sentence before it, so a note's first sentence does not run into its title.
    """
    out: list[Sentence] = []
    buffer: list[str] = []
    start: Line | None = None

    def flush() -> None:
        nonlocal buffer, start
        if buffer and start is not None:
            text = " ".join(buffer)
            for part in re.split(r"(?<=[.;])\s+(?=[A-Z(])", text):
                if part.strip():
                    out.append(Sentence(part.strip(), start))
        buffer, start = [], None

    for line in lines:
        text = " ".join(c.text for c in line.cells if c.text).strip()
        if not text:
            continue
        heading = bool(_NOTE_HEADING.match(text)) or (
            len(text) < 60 and not text.endswith((".", ",", ";")) and text[:1].isupper() and text.count(" ") < 8
        )
        if heading:
            flush()
            out.append(Sentence(text, line))
            continue
        if start is None:
            start = line
        elif buffer and re.search(r"[.;:]$", buffer[-1]) and len(" ".join(buffer)) > 400:
            flush()
            start = line
        buffer.append(text)
    flush()
    return out


def _amount(m: re.Match[str], scale: Decimal) -> Decimal | None:
    value = parse_amount(m.group("amt"))
    if value is None:
        return None
    unit = m.group("unit")
    result = value * (_UNITS[unit.lower()] if unit else scale)
    return result.quantize(Decimal(1)) if result == result.to_integral_value() else result


_OTHER_REGIME = re.compile(r"\bCFTC\b|regulation\s+1\.17|\b1\.17\b|commodity\s+exchange|\bFCM\b", re.I)
_RULE = re.compile(r"15c3-?[1l]\b|uniform\s+net\s+capital", re.I)


def note_figures(lines: list[Line], file: str, reader: str, year: int | None = None) -> list[NoteFigure]:
    """Net capital figures stated in the notes, and related-party amounts.

    When a note gives several (a CFTC requirement, a prior year), the broker-dealer's
    Rule 15c3-1 figure for the report's year wins: sentences naming another regime
    rank below those naming Rule 15c3-1, and a sentence with the report's year ranks
    above one without.
    """
    candidates: dict[str, list[tuple[int, int, NoteFigure]]] = {}
    related: list[NoteFigure] = []
    in_related = False
    regime_context = 0
    order = 0
    for s in sentences(lines):
        if _NOTE_HEADING.match(s.text) and len(s.text) < 120:
            in_related = bool(re.search(r"related[- ]part|affiliat", s.text, re.I))
        if _RULE.search(s.text):
            regime_context = 1
        elif _OTHER_REGIME.search(s.text):
            regime_context = -1
        score = regime_context * 2
        if _OTHER_REGIME.search(s.text) and not _RULE.search(s.text):
            score -= 3
        if year is not None and str(year) in s.text:
            score += 2
        for figure in _sentence_figures(s, related if in_related else None, file, reader):
            order += 1
            candidates.setdefault(figure.concept, []).append((score, -order, figure))
    best = [max(c, key=lambda t: (t[0], t[1]))[2] for c in candidates.values()]
    return [*best, *related]


def _sentence_figures(s: Sentence, related: list[NoteFigure] | None, file: str, reader: str) -> list[NoteFigure]:
    ref = s.line.ref(file, reader)
    scale = Decimal(1000) if re.search(r"in thousands", s.text, re.I) else Decimal(1)
    found: list[NoteFigure] = []
    if re.search(r"net capital|aggregate indebtedness", s.text, re.I):
        seen: set[str] = set()
        for concept, pattern in NOTE_PATTERNS:
            if concept in seen:
                continue
            m = pattern.search(s.text)
            if m:
                value = _amount(m, scale)
                if value is not None:
                    seen.add(concept)
                    printed = m.group("amt") + (f" {m.group('unit')}" if m.group("unit") else "")
                    found.append(NoteFigure(concept, value, m.group(0), ref, printed))
        m = _AI_RATIO.search(s.text)
        if m:
            found.append(NoteFigure("note_ai_ratio", Decimal(m.group("r")), m.group(0), ref))
        else:
            m = _PERCENT_AI.search(s.text)
            if m:
                found.append(NoteFigure("note_ai_ratio", Decimal(m.group("p")) / 100, m.group(0), ref))
    if related is not None:
        for m in re.finditer(_MONEY, s.text):
            value = _amount(m, scale)
            if value is not None:
                related.append(NoteFigure("related_party_amount", value, s.text[:200], ref))
    return found


def find_exemption(lines: list[Line], file: str, reader: str) -> Exemption | None:
    """The Rule 15c3-3 exemption the report claims, with its (k) paragraph when stated."""
    first: Exemption | None = None
    for s in sentences(lines):
        if _FOOTNOTE_74.search(s.text):  # no (k) exemption: the rule does not cover the firm's business
            return Exemption(exempt=False, paragraph="footnote 74", source=s.line.ref(file, reader))
        if not _EXEMPT.search(s.text):
            continue
        ref = s.line.ref(file, reader)
        if re.search(r"\bnot\s+exempt|does\s+not\s+claim", s.text, re.I):
            return Exemption(exempt=False, paragraph=None, source=ref)
        m = _PARAGRAPH.search(s.text)
        if m:
            paragraph = f"(k)({m.group('n')})" + (f"({m.group('r').lower()})" if m.group("r") else "")
            return Exemption(exempt=True, paragraph=paragraph, source=ref)
        if first is None:
            first = Exemption(exempt=True, paragraph=None, source=ref)
    return first


def find_method(lines: list[Line], file: str, reader: str) -> tuple[str | None, SourceRef | None]:
    """'alternative' or 'basic' as the report states its net capital method."""
    for line in lines:
        t = line.text.lower()
        if re.search(
            r"alternative\s+(net\s+capital\s+)?(method|standard|requirement)|2%\s+of\s+(combined\s+)?aggregate\s+debit",
            t,
        ):
            return "alternative", line.ref(file, reader)
    for line in lines:
        t = line.text.lower()
        if re.search(
            r"basic\s+(method|net\s+capital)|6[- ]?2/3%|ratio\s+of\s+aggregate\s+indebtedness\s+to\s+net\s+capital|aggregate\s+indebtedness\s+to\s+net\s+capital",
            t,
        ):
            return "basic", line.ref(file, reader)
    return None, None


_NO_DIFFERENCES = re.compile(
    r"no\s+material\s+differences?|no\s+differences|not\s+differ\s+materially|no\s+reconciliation\s+is\s+(needed|necessary|required)",
    re.I,
)
_AI_PERCENT = re.compile(
    r"percentage\s+of\s+aggregate\s+indebtedness\s+to\s+net\s+capital\D{0,20}?(\d+(?:\.\d+)?)\s*%", re.I
)
_AI_TO_ONE = re.compile(
    r"ratio\s+of\s+aggregate\s+indebtedness\s+to\s+net\s+capital\D{0,20}?(\d+(?:\.\d+)?)\s*(?:to|:)\s*1\b", re.I
)


def find_reconciliation(
    section: Section | None, statement: Statement | None, lines: list[Line], file: str, reader: str
) -> Reconciliation | None:
    """The (d)(4) reconciliation: its schedule (with the statement read from it), or a sentence saying there
    are no material differences from the FOCUS report."""
    if section is not None:
        text = " ".join(line.text for line in [section.heading, *section.lines[:6]])
        return Reconciliation(
            no_material_differences=bool(_NO_DIFFERENCES.search(text)),
            statement=statement,
            source=section.heading.ref(file, reader),
        )
    for line in lines:
        if _NO_DIFFERENCES.search(line.text) and re.search(r"focus|part\s+ii", line.text, re.I):
            return Reconciliation(True, None, line.ref(file, reader))
    return None


def ai_ratio_fact(lines: list[Line], file: str, reader: str) -> Fact | None:
    """The percentage of aggregate indebtedness to net capital a computation states ("0.42 to 1" is 42)."""
    for line in lines:
        m = _AI_PERCENT.search(line.text)
        value = Decimal(m.group(1)) if m else None
        if m is None and (m := _AI_TO_ONE.search(line.text)):
            value = Decimal(m.group(1)) * 100
        if m and value is not None:
            return Fact("ai_ratio_percent", value, "net_capital", line.ref(file, reader))
    return None
