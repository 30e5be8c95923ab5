"""finop's vocabulary as data: concepts, statements, FOCUS boxes and reading patterns (``data/concepts.yaml``).

One table answers, for any concept: the statement it belongs to, the caption finop writes
for it, the kind of books line it is, its FOCUS Part IIA lines and box codes (and whether
each code was verified), and the caption patterns the extractor recognises it by. The
statement kinds carry their titles and title patterns; the facts map its names and order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml


@dataclass(frozen=True)
class FocusBox:
    """One FOCUS Part IIA place of a concept: part of the form, line, box code, and the method that uses it."""

    part: str  # financial_condition | income | net_capital | exemption
    line: str = ""
    box: str = ""
    method: str | None = None  # basic | alternative: the box of that requirement method only
    key: str | None = None  # the key of the FOCUS line file (finop report --format focus)
    caption: str = ""  # the form's own caption
    verified: bool = False  # the box code was seen in a source (see the data file)


@dataclass(frozen=True)
class Concept:
    """One concept: what it is called, where it belongs, where FOCUS puts it, how it is read."""

    key: str
    statement: str
    caption: str = ""
    books: str | None = None  # asset | liability | equity | revenue | expense: a trial-balance line
    fact: str | None = None  # the facts map name, when it differs from the key
    focus: tuple[FocusBox, ...] = ()
    reading: tuple[re.Pattern[str], ...] = ()  # on the caption
    reading_full: tuple[re.Pattern[str], ...] = ()  # on the caption with its context
    exclude: re.Pattern[str] | None = None  # a caption matching this is not the concept

    @property
    def fact_name(self) -> str:
        return self.fact or self.key

    def matches(self, text: str, full: str = "") -> bool:
        """The normalised caption (or, for ``reading_full``, the caption with its context) names this
        concept, and the exclusion does not match the caption."""
        hit = any(p.search(text) for p in self.reading) or any(p.search(full) for p in self.reading_full)
        return hit and not (self.exclude and self.exclude.search(text))

    def focus_box(self, part: str, method: str | None = None) -> FocusBox | None:
        """The concept's FOCUS box on that part of the form (for ``method`` when the box depends on it)."""
        return next((b for b in self.focus if b.part == part and b.method in (None, method)), None)


@dataclass(frozen=True)
class StatementInfo:
    """A kind of statement or schedule: its code prefix, names and title patterns."""

    kind: str
    prefix: str  # of its tie finding codes, e.g. TIE-SFC-FOOT
    name: str  # in running text: "statement of financial condition"
    heading: str  # as a heading: "Statement of financial condition"
    titles: tuple[re.Pattern[str], ...] = field(default=())


@dataclass(frozen=True)
class NetCapitalRow:
    """One rule naming a row of a computation of net capital; the first rule that matches wins."""

    pattern: re.Pattern[str]
    concept: str | None
    section: str
    on: str = "text"  # text: the caption; full: context and caption
    only_in: tuple[str, ...] = ()  # the sections the rule applies in (empty: every section)


@cache
def _data() -> dict[str, Any]:
    text = resources.files("finop.model").joinpath("data/concepts.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def fragment(name: str) -> str:
    """A shared piece of pattern (owner, statement, net_income, equity_words)."""
    return str(_data()["fragments"][name])


def expand(pattern: str) -> str:
    """A data pattern with its <fragments> put in."""
    for name, text in _data()["fragments"].items():
        pattern = pattern.replace(f"<{name}>", str(text))
    return pattern


def title_pattern(pattern: str) -> re.Pattern[str]:
    """A case-blind title pattern whose word "statement(s)" also matches OCR's "staternent(s)"."""
    return re.compile(expand(pattern).replace("statements?", fragment("statement")), re.I)


@cache
def concepts() -> dict[str, Concept]:
    """Every concept by key, in the order of the data file."""
    out: dict[str, Concept] = {}
    for row in _data()["concepts"]:
        row = dict(row)
        focus = tuple(FocusBox(**{k: (str(v) if k in ("line", "box") else v) for k, v in b.items()})
                      for b in row.pop("focus", ()))  # fmt: skip
        reading = tuple(re.compile(expand(p)) for p in row.pop("reading", ()))
        reading_full = tuple(re.compile(expand(p)) for p in row.pop("reading_full", ()))
        exclude = row.pop("not", None)
        key = row["key"]
        if key in out:
            raise ValueError(f"concepts.yaml: concept {key} is listed twice")
        out[key] = Concept(
            **row,
            focus=focus,
            reading=reading,
            reading_full=reading_full,
            exclude=re.compile(exclude) if exclude else None,
        )
    return out


def concept(key: str) -> Concept:
    """The concept of that key (KeyError names it when the table has no such concept)."""
    return concepts()[key]


def books_lines(kind: str) -> tuple[str, ...]:
    """The trial-balance lines of a kind (asset, liability, equity, revenue, expense), in statement order."""
    return tuple(c.key for c in concepts().values() if c.books == kind)


@cache
def statements() -> dict[str, StatementInfo]:
    """Each kind of statement by its StatementKind value, in the order titles are tried."""
    return {
        s["kind"]: StatementInfo(
            s["kind"], s["prefix"], s["name"], s["heading"], tuple(title_pattern(p) for p in s["titles"])
        )
        for s in _data()["statements"]
    }


@cache
def wholly_nonallowable() -> tuple[re.Pattern[str], ...]:
    """Captions of assets nonallowable in full under 15c3-1(c)(2)(iv)(B): fixed assets, prepaid expenses, ..."""
    return tuple(re.compile(p) for p in _data().get("wholly_nonallowable", ()))


@cache
def reserve_account_captions() -> tuple[re.Pattern[str], ...]:
    """Captions of the balance-sheet line that is the customer reserve bank account itself."""
    return tuple(re.compile(p) for p in _data().get("reserve_account_captions", ()))


@cache
def other_titles() -> tuple[re.Pattern[str], ...]:
    """Titles of schedules finop does not read: each ends the statement printed before it."""
    return tuple(title_pattern(p) for p in _data().get("other_titles", ()))


@cache
def notes_titles() -> tuple[re.Pattern[str], ...]:
    return tuple(title_pattern(p) for p in _data()["notes_titles"])


@cache
def net_capital_rows() -> tuple[NetCapitalRow, ...]:
    return tuple(
        NetCapitalRow(
            re.compile(expand(r["pattern"])),
            r["concept"],
            r["section"],
            r.get("on", "text"),
            tuple(r.get("only_in", ())),
        )
        for r in _data()["net_capital_rows"]
    )


def facts_of(part: str) -> tuple[str, ...]:
    """The concepts whose values the facts map takes from a statement (or the facing page, the notes), in order."""
    return tuple(_data()["facts"][part])


def equity_titles() -> dict[str, tuple[str, str]]:
    """Entity type -> (the owners' word, the equity section's title)."""
    return {k: (v["owners"], v["title"]) for k, v in _data()["equity_titles"].items()}


def focus_line_keys() -> dict[str, FocusBox]:
    """The FOCUS line file's keys (sfc.cash, total.assets, exemption.(k)(1), ...) and their boxes."""
    return {b.key: b for c in concepts().values() for b in c.focus if b.key}
