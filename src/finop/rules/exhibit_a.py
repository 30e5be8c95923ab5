"""The items of the Exhibit A reserve formula (17 CFR 240.15c3-3a), dated: which numbers exist on a date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from finop.errors import RulesError

PATH = Path(__file__).parent / "data" / "exhibit" / "exhibit_a.yaml"
_ITEM_KEYS = {"item", "side", "note", "from", "until", "caption", "verified", "box", "box_verified"}


@dataclass(frozen=True)
class ExhibitItem:
    """One item of Exhibit A: its number, side (credit or debit), Note, caption and the dates it is defined."""

    number: int
    side: str
    caption: str
    defined_from: dt.date
    until: dt.date | None = None
    note: str = ""
    verified: str = ""
    box: str = ""  # FOCUS Part II box
    box_verified: bool = False  # the box code seen on the form, not only recalled

    def defined_on(self, day: dt.date) -> bool:
        return self.defined_from <= day and (self.until is None or day < self.until)

    @property
    def citation(self) -> str:
        note = f", Note {self.note}" if self.note else ""
        return f"17 CFR 240.15c3-3a, Item {self.number}{note}"


@dataclass(frozen=True)
class PabRules:
    """What differs in the PAB computation: the Notes that do not apply to it."""

    notes_not_applied: tuple[str, ...]
    citation: str


def _date(value: object, where: str) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise RulesError(PATH, f"{where}: {value!r} is not a date (YYYY-MM-DD)")
    return value


@cache
def items() -> tuple[ExhibitItem, ...]:
    """Every item the rule has had, in number order (an item renumbered appears once per numbering)."""
    data = yaml.safe_load(PATH.read_text(encoding="utf-8"))
    out = []
    for i, row in enumerate(data["items"]):
        where = f"items[{i}]"
        if not isinstance(row, dict) or set(row) - _ITEM_KEYS or not {"item", "side", "from", "caption"} <= set(row):
            raise RulesError(PATH, f"{where}: give item, side, from and caption (known keys: {sorted(_ITEM_KEYS)})")
        if row["side"] not in ("credit", "debit"):
            raise RulesError(PATH, f"{where}: side must be credit or debit, not {row['side']!r}")
        until = row.get("until")
        out.append(ExhibitItem(int(row["item"]), row["side"], str(row["caption"]), _date(row["from"], where),
                               None if until is None else _date(until, where), str(row.get("note", "")),
                               str(row.get("verified", "")), str(row.get("box", "")),
                               row.get("box_verified") is True))  # fmt: skip
    return tuple(sorted(out, key=lambda x: (x.number, x.defined_from)))


def items_on(day: dt.date) -> tuple[ExhibitItem, ...]:
    """The items of Exhibit A as numbered in the rule in force on ``day``."""
    return tuple(x for x in items() if x.defined_on(day))


def item(number: int, day: dt.date) -> ExhibitItem | None:
    """Item ``number`` as the rule in force on ``day`` defines it, or None when it has no such item."""
    return next((x for x in items_on(day) if x.number == number), None)


def numbers() -> range:
    """Every item number the rule has ever had (1 to 15)."""
    return range(1, max(x.number for x in items()) + 1)


@cache
def pab_rules() -> PabRules:
    pab = yaml.safe_load(PATH.read_text(encoding="utf-8"))["pab"]
    return PabRules(tuple(pab["notes_not_applied"]), str(pab["citation"]))
