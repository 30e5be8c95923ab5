"""Rule values as dated, cited data: one YAML file per value, a strict loader, ``at(date)``.

Each file::

    name: alternative_min_dollar
    description: ...
    unit: dollars | ratio | percent
    paragraph: 17 CFR 240.15c3-1(a)(1)(ii)
    values:
      - effective: 1992-12-02
        value: 250000
        citation: 17 CFR 240.15c3-1(a)(1)(ii); 57 FR 56973 (Dec. 2, 1992)
        verified: text of 15c3-1(a)(1)(ii) as stored in the reference; date [MEM]

Numbers are read as exact decimals (never floats). Unknown keys, duplicate keys,
bad dates and non-decimal values fail with the file named.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from finop.errors import RulesError

DATA_DIR = Path(__file__).parent / "data"
_FILE_KEYS = {"name", "description", "unit", "paragraph", "values"}
_VALUE_KEYS = {"effective", "value", "table", "citation", "verified", "note"}
_UNITS = {"dollars", "ratio", "percent", "days", "count", "schedule"}
_TABLE_KEYS = {"measure", "rows"}
_ROW_KEYS = {"from", "to", "rate", "category"}
_MEASURES = {"days", "months", "years"}


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys and keeps numbers as exact text."""


def _no_duplicates(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


def _exact_number(loader: _StrictLoader, node: yaml.ScalarNode) -> str:
    return f"__decimal__{loader.construct_scalar(node)}"


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicates)
_StrictLoader.add_constructor("tag:yaml.org,2002:float", _exact_number)
_StrictLoader.add_constructor("tag:yaml.org,2002:int", _exact_number)


@dataclass(frozen=True)
class Bracket:
    """One row of a maturity schedule: [start, end) in the schedule's measure, and its rate."""

    start: Decimal
    end: Decimal | None  # None: no upper bound
    rate: Decimal
    category: str = ""

    def contains(self, x: Decimal) -> bool:
        return x >= self.start and (self.end is None or x < self.end)


@dataclass(frozen=True)
class Schedule:
    """A haircut schedule keyed by time to maturity (days, months or years)."""

    measure: str
    brackets: tuple[Bracket, ...]

    def lookup(self, x: Decimal) -> Bracket:
        """The bracket a time to maturity falls in (negative times count as zero)."""
        x = max(x, Decimal(0))
        for b in self.brackets:
            if b.contains(x):
                return b
        return self.brackets[-1]  # pragma: no cover - the loader guarantees an open last bracket


@dataclass(frozen=True)
class RuleValue:
    """One value in force from a date, with its citation."""

    name: str
    value: Decimal | Schedule
    effective: dt.date
    citation: str
    unit: str
    description: str
    verified: str = ""
    paragraph: str = ""  # the paragraph of the CFR the value lives in, e.g. 17 CFR 240.15c3-1(a)(1)(ii)

    def __str__(self) -> str:
        return f"{self.value} ({self.citation})"


def _decimal(raw: Any, path: Path, where: str) -> Decimal:
    text = raw[len("__decimal__") :] if isinstance(raw, str) and raw.startswith("__decimal__") else raw
    if isinstance(text, bool) or not isinstance(text, str):
        raise RulesError(path, f"{where}: value must be a decimal number, got {text!r}")
    try:
        value = Decimal(text.replace("_", ""))
    except InvalidOperation:
        raise RulesError(path, f"{where}: value {text!r} is not a decimal number") from None
    if not value.is_finite():
        raise RulesError(path, f"{where}: value {text!r} is not a finite number")
    return value


def _table(raw: Any, path: Path, where: str) -> Schedule:
    if not isinstance(raw, dict):
        raise RulesError(path, f"{where}: table must be a mapping with measure and rows")
    unknown = set(raw) - _TABLE_KEYS
    if unknown:
        raise RulesError(path, f"{where}: table: unknown keys: {', '.join(sorted(map(str, unknown)))}")
    if raw.get("measure") not in _MEASURES:
        raise RulesError(path, f"{where}: table measure must be one of {', '.join(sorted(_MEASURES))}")
    rows = raw.get("rows")
    if not isinstance(rows, list) or not rows:
        raise RulesError(path, f"{where}: table rows must be a non-empty list")
    brackets: list[Bracket] = []
    expected_start = Decimal(0)
    for i, row in enumerate(rows, start=1):
        here = f"{where}: table row {i}"
        if not isinstance(row, dict):
            raise RulesError(path, f"{here} must be a mapping with from, to, rate")
        unknown = set(row) - _ROW_KEYS
        if unknown:
            raise RulesError(path, f"{here}: unknown keys: {', '.join(sorted(map(str, unknown)))}")
        start = _decimal(row.get("from"), path, here)
        end = None if row.get("to") is None else _decimal(row.get("to"), path, here)
        rate = _decimal(row.get("rate"), path, here)
        if start != expected_start:
            raise RulesError(
                path,
                f"{here}: starts at {start} but the previous row ends at {expected_start} (rows must be contiguous from 0)",
            )
        if end is not None and end <= start:
            raise RulesError(path, f"{here}: 'to' must be greater than 'from'")
        if not Decimal(0) <= rate <= Decimal(1):
            raise RulesError(path, f"{here}: rate {rate} must be a fraction between 0 and 1")
        if end is None and i != len(rows):
            raise RulesError(path, f"{here}: only the last row may be open-ended")
        category = row.get("category", "")
        if isinstance(category, str) and category.startswith("__decimal__"):
            category = category[len("__decimal__") :]
        brackets.append(Bracket(start, end, rate, str(category)))
        expected_start = end if end is not None else expected_start
    if brackets[-1].end is not None:
        raise RulesError(path, f"{where}: the last table row must be open-ended (to: null)")
    return Schedule(measure=raw["measure"], brackets=tuple(brackets))


def _date(raw: Any, path: Path, where: str) -> dt.date:
    if isinstance(raw, dt.datetime):
        raise RulesError(path, f"{where}: effective must be a date (YYYY-MM-DD), not a timestamp")
    if isinstance(raw, dt.date):
        return raw
    raise RulesError(path, f"{where}: effective {raw!r} is not a date in YYYY-MM-DD form")


def load_file(path: Path) -> list[RuleValue]:
    """Load and validate one rule file."""
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)
    except yaml.YAMLError as exc:
        raise RulesError(path, f"not valid YAML: {exc}") from None
    except ValueError as exc:  # e.g. a date like 1992-13-02
        raise RulesError(path, f"a value is not a date in YYYY-MM-DD form, or not readable: {exc}") from None
    if not isinstance(doc, dict):
        raise RulesError(path, "must be a mapping with name, description, unit, paragraph and values")
    unknown = set(doc) - _FILE_KEYS
    if unknown:
        raise RulesError(path, f"unknown keys: {', '.join(sorted(map(str, unknown)))}")
    missing = _FILE_KEYS - set(doc)
    if missing:
        raise RulesError(path, f"missing keys: {', '.join(sorted(missing))}")
    if doc["name"] != path.stem:
        raise RulesError(path, f"name {doc['name']!r} must equal the file name {path.stem!r}")
    if doc["unit"] not in _UNITS:
        raise RulesError(path, f"unit {doc['unit']!r} is not one of {', '.join(sorted(_UNITS))}")
    if not isinstance(doc["values"], list) or not doc["values"]:
        raise RulesError(path, "values must be a non-empty list")
    out: list[RuleValue] = []
    for n, entry in enumerate(doc["values"], start=1):
        where = f"values[{n}]"
        if not isinstance(entry, dict):
            raise RulesError(path, f"{where} must be a mapping")
        unknown = set(entry) - _VALUE_KEYS
        if unknown:
            raise RulesError(path, f"{where}: unknown keys: {', '.join(sorted(map(str, unknown)))}")
        value_key = "table" if doc["unit"] == "schedule" else "value"
        other_key = "value" if value_key == "table" else "table"
        for key in ("effective", value_key, "citation"):
            if key not in entry:
                raise RulesError(path, f"{where}: missing {key}")
        if other_key in entry:
            raise RulesError(path, f"{where}: a '{doc['unit']}' rule takes '{value_key}', not '{other_key}'")
        value = _table(entry["table"], path, where) if value_key == "table" else _decimal(entry["value"], path, where)
        out.append(
            RuleValue(
                name=doc["name"],
                value=value,
                effective=_date(entry["effective"], path, where),
                citation=str(entry["citation"]),
                unit=doc["unit"],
                description=str(doc["description"]),
                verified=str(entry.get("verified", "")),
                paragraph=str(doc["paragraph"]),
            )
        )
    dates = [v.effective for v in out]
    if dates != sorted(dates) or len(set(dates)) != len(dates):
        raise RulesError(path, "values must be in increasing order of effective date, one value per date")
    return out


class RuleBook:
    """Every rule value with its history."""

    def __init__(self, values: dict[str, list[RuleValue]]) -> None:
        self._values = values

    @property
    def names(self) -> list[str]:
        return sorted(self._values)

    def history(self, name: str) -> list[RuleValue]:
        return list(self._values[name])

    def at(self, when: dt.date) -> RuleView:
        """The values in force on a date."""
        view: dict[str, RuleValue] = {}
        for name, history in self._values.items():
            current = [v for v in history if v.effective <= when]
            if current:
                view[name] = current[-1]
        return RuleView(when, view)


@dataclass(frozen=True)
class RuleView:
    """The rule values in force on one date."""

    date: dt.date
    values: dict[str, RuleValue]

    def __getitem__(self, name: str) -> RuleValue:
        try:
            return self.values[name]
        except KeyError:
            raise KeyError(f"no value of rule {name!r} is in force on {self.date.isoformat()}") from None

    def get(self, name: str) -> RuleValue | None:
        return self.values.get(name)


def load_rules(directory: Path | None = None) -> RuleBook:
    """Load every rule file of a directory (the bundled data by default)."""
    directory = directory or DATA_DIR
    values: dict[str, list[RuleValue]] = {}
    for path in sorted(directory.glob("*.yaml")):
        values[path.stem] = load_file(path)
    if not values:
        raise RulesError(directory, "no rule files (*.yaml) found")
    return RuleBook(values)


@lru_cache(maxsize=1)
def bundled() -> RuleBook:
    """The rules shipped with finop, loaded once."""
    return load_rules()


def at(when: dt.date) -> RuleView:
    """Rule values in force on a date, from the bundled data."""
    return bundled().at(when)
