"""docs/schemas: the JSON Schemas of finop's outputs, and every output of the bundled inputs validated by them.

Every ``to_dict()`` the suite calls is validated too (tests/schemas.py ``install``, from conftest); the tests
here make sure each kind of output, with every optional part (a PDF's boxes, an XML cover page, a reserve
computation, haircut groups), is produced at least once, and that the schemas refuse what breaks them.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from conftest import EXAMPLE, FIXTURES, REPORTS, ROOT, check_text
from finop.cli import app
from schemas import NAMES, SCHEMAS, floats_in, validate

BOOKS = sorted(p for p in (ROOT / "examples").iterdir() if (p / "firm.yaml").exists())


def _json(*args: str) -> dict:
    result = CliRunner().invoke(app, [*args, "-f", "json"])
    assert result.exit_code in (0, 1, 3), result.output
    return json.loads(result.stdout)


def test_each_schema_is_a_valid_draft_2020_12_schema_and_documented() -> None:
    docs = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    for name in (*NAMES, "common"):
        schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert f"docs/schemas/{name}.schema.json" in docs


@pytest.mark.parametrize("report", [EXAMPLE, *sorted(FIXTURES.glob("*.txt"))], ids=lambda p: p.name)
def test_finop_check_json_of_the_example_and_fixtures_validates(report: Path) -> None:
    data = _json("check", str(report))
    validate(data, "check")
    assert data["facts"]["total_assets"] and data["summary"]["status"] in ("pass", "fail", "incomplete")


def test_finop_check_json_of_a_pdf_validates_with_its_boxes(tmp_path: Path) -> None:
    from layoutgen import generate
    from layoutgen.pdf import to_pdf

    report, style = generate(3)
    data = _json("check", str(to_pdf(report, style, tmp_path / "report.pdf")))
    validate(data, "check")
    sources = [f["source"] for f in data["findings"]] + [fs["source"] for fs in data["fact_sources"].values()]
    boxes = [s["box"] for s in sources if s]
    assert boxes and all(len(b) == 4 for b in boxes)  # the optional parts of a PDF's sources were there to check


@pytest.mark.parametrize("books", BOOKS, ids=lambda p: p.name)
def test_finop_netcap_reserve_and_report_json_validate(books: Path, tmp_path: Path) -> None:
    netcap = _json("netcap", str(books))
    validate(netcap, "netcap")
    if "reserve" in netcap:
        validate(_json("reserve", str(books)), "reserve")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["report", str(books), "--out", str(out), "-f", "json"])
    assert result.exit_code == 0, result.output
    validate(json.loads((out / "annual-report.json").read_text(encoding="utf-8")), "report")


def test_the_schema_knows_which_facts_are_text() -> None:
    from finop.model.facts import FACING_FACTS

    common = json.loads((SCHEMAS / "common.schema.json").read_text(encoding="utf-8"))
    assert tuple(common["$defs"]["facts"]["properties"]) == FACING_FACTS  # every other fact is an amount


def test_the_bundled_books_cover_every_optional_part_of_the_computations() -> None:
    outputs = [_json("netcap", str(b)) for b in BOOKS]
    assert any(o["haircuts"] for o in outputs) and any("reserve" in o for o in outputs)
    assert any(line["amount"] is None for o in outputs if "reserve" in o for line in o["reserve"]["lines"])


def _example_check() -> dict:
    return json.loads(json.dumps(check_text(REPORTS["example"].read_text(encoding="utf-8")).to_dict()))


@pytest.mark.parametrize(
    ("path", "value", "why"),
    [
        (("facts", "total_assets"), 1822195.0, "an amount as a float"),
        (("facts", "total_assets"), "1.822195E+6", "an amount with an exponent"),
        (("summary", "status"), "ok", "a verdict that is not one of the three"),
        (("summary", "undocumented"), 1, "a key the contract does not have"),
        (("statements", "financial_condition", "items", 0, "role"), "subtotal", "a role that is not one of three"),
        (("findings",), [{"code": "TIE-SFC-BALANCE"}], "a finding without its fields"),
    ],
    ids=lambda x: x if isinstance(x, str) else None,
)
def test_the_schema_refuses_what_breaks_the_contract(path: tuple, value: object, why: str) -> None:
    data = _example_check()
    validate(data, "check")
    broken = copy.deepcopy(data)
    target = broken
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(AssertionError):
        validate(broken, "check")


def test_a_removed_required_key_breaks_the_contract() -> None:
    data = _example_check()
    for key in ("schema_version", "facts", "findings", "summary", "exemption_15c3_3"):
        broken = {k: v for k, v in data.items() if k != key}
        with pytest.raises(AssertionError, match=r"required|schema"):
            validate(broken, "check")


_EXAMPLE_TEXT = EXAMPLE.read_text(encoding="utf-8")


@given(
    cut=st.integers(0, len(_EXAMPLE_TEXT)),
    at=st.integers(0, len(_EXAMPLE_TEXT)),
    insert=st.text(alphabet=st.sampled_from("0123456789,.()$-— \t\nTotal"), max_size=12),
)
def test_no_float_in_any_check_output(cut: int, at: int, insert: str) -> None:
    """Whatever the text (a cut, an insertion of digits and punctuation), the JSON validates and no amount,
    count or line is a float: the only non-integer numbers are the measures (confidence, quality, box,
    seconds, timings)."""
    text = _EXAMPLE_TEXT[:at] + insert + _EXAMPLE_TEXT[at:]
    text = text[: max(cut, 200)]
    data = json.loads(json.dumps(check_text(text).to_dict()))
    validate(data, "check")
    assert list(floats_in(data)) == []


def test_findings_come_errors_first_then_by_line(tmp_path: Path) -> None:
    """The documented order of `findings`: by severity (error, warning, info), then the line each points at
    (a finding with no place first), then code: on a report with errors and warnings at many lines."""
    text = REPORTS["harbor"].read_text(encoding="utf-8")
    text = text.replace("Deferred income taxes\t78,300", "Deferred income taxes\t87,300")  # errors near the top
    text = text.replace("0.42 to 1", "0.52 to 1").replace("AND ENDING 12/31/19", "AND ENDING 12/30/19")  # warnings
    (tmp_path / "report.txt").write_text(text, encoding="utf-8")
    findings = _json("check", str(tmp_path / "report.txt"))["findings"]
    rank = {"error": 0, "warning": 1, "info": 2}
    keys = [(rank[f["severity"]], f["source"]["line"] if f["source"] else 0, f["code"]) for f in findings]
    assert {0, 1} <= {k[0] for k in keys} and len({k[1] for k in keys}) >= 3
    assert keys == sorted(keys)
