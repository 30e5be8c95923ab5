"""The JSON Schemas of docs/schemas, as the tests use them: every JSON the suite produces is validated.

``validate(data)`` picks the schema by the output's shape (a check result, a computation, a reserve
computation, a produced report) and raises on the first break; ``floats_in(data)`` lists the non-integer
numbers outside the measures the contract allows (confidence, quality, box, seconds, timings): amounts are
never numbers. ``install()`` makes every ``to_dict()`` of those results validate itself, so a test that
produces JSON in any way (the CLI, the API, the batch worker) checks the contract too.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

SCHEMAS = Path(__file__).resolve().parents[1] / "docs" / "schemas"
NAMES = ("check", "netcap", "reserve", "report")
# where a JSON number that is not an integer may stand: measures, never amounts
MEASURES = frozenset({"confidence", "quality", "box", "seconds", "timings"})


@functools.cache
def _validators() -> dict[str, Draft202012Validator]:
    resources = [
        (schema["$id"], Resource.from_contents(schema))
        for schema in (json.loads(p.read_text(encoding="utf-8")) for p in sorted(SCHEMAS.glob("*.schema.json")))
    ]
    registry = Registry().with_resources(resources)
    out = {}
    for name in NAMES:
        schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        out[name] = Draft202012Validator(schema, registry=registry)
    return out


def kind_of(data: dict[str, Any]) -> str:
    """Which output this is, by its shape."""
    if data.get("kind") == "report":
        return "report"
    if "summary" in data and "findings" in data:
        return "check"
    if "haircuts" in data:
        return "netcap"
    if "frequency" in data:
        return "reserve"
    raise AssertionError(f"not a finop JSON output: keys {sorted(data)}")


def validate(data: dict[str, Any], kind: str | None = None) -> None:
    """Raise when ``data`` (a parsed JSON output) breaks its schema, or holds a float outside the measures."""
    validator = _validators()[kind or kind_of(data)]
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        e = errors[0]
        where = "/".join(str(p) for p in e.absolute_path)
        raise AssertionError(
            f"{len(errors)} break(s) of {kind or kind_of(data)}.schema.json; first at /{where}: {e.message}"
        )
    floats = list(floats_in(data))
    assert not floats, f"non-integer numbers outside the measures: {floats[:5]}"


def floats_in(data: Any, path: tuple[str, ...] = ()) -> Iterator[str]:
    """The paths of non-integer numbers in ``data`` that are not under a measure's key."""
    if isinstance(data, float):
        if not MEASURES & set(path):
            yield "/".join(path)
    elif isinstance(data, dict):
        for k, v in data.items():
            yield from floats_in(v, (*path, str(k)))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from floats_in(v, (*path, str(i)))


def install() -> None:
    """Make every result's ``to_dict()`` validate what it returns (once per process)."""
    from finop.model.computation import Computation
    from finop.model.produced import ProducedReport
    from finop.model.reserve import ReserveComputation
    from finop.model.result import CheckResult

    for cls, kind in ((CheckResult, "check"), (Computation, "netcap"), (ReserveComputation, "reserve"),
                      (ProducedReport, "report")):  # fmt: skip
        original = cls.to_dict
        if getattr(original, "validates", False):
            continue

        def checked(self: Any, _original: Any = original, _kind: str = kind) -> dict[str, Any]:
            data = _original(self)
            validate(json.loads(json.dumps(data)), _kind)  # as a reader of the JSON text sees it
            return data

        checked.validates = True  # type: ignore[attr-defined]
        cls.to_dict = checked  # type: ignore[method-assign]


def validated(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` (a JSON output read back, e.g. from a ``finop`` subprocess), once it validates."""
    validate(data)
    return data
