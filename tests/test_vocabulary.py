"""The concept table (model/data/concepts.yaml) is the one vocabulary: it is whole, and the code reads from it."""

from __future__ import annotations

import ast
import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest

import finop
from conftest import check_text
from finop import rules
from finop.engine import requirement as req
from finop.model import concepts as vocabulary
from finop.model.assets import ASSET_CLASSES, asset_classes
from finop.model.filing import StatementKind

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "finop"
EXAMPLE = ROOT / "examples" / "mml-distributors-2003" / "annual-report.txt"
PARTS = {"financial_condition", "income", "net_capital", "exemption", "reserve", "possession"}  # FOCUS II/IIA parts
HOMES = {k.value for k in StatementKind} | {"notes", "facing_page", "exemption", "possession"}


def test_every_concept_is_whole() -> None:
    for c in vocabulary.concepts().values():
        assert c.statement in HOMES, f"{c.key}: unknown statement {c.statement}"
        assert c.caption, f"{c.key}: no caption"
        for box in c.focus:
            assert box.part in PARTS, f"{c.key}: unknown FOCUS part {box.part}"
            assert box.method in (None, "basic", "alternative"), c.key
            assert box.box.isdigit() or not box.box, f"{c.key}: box {box.box!r}"


def test_every_statement_kind_has_its_names_and_titles() -> None:
    for kind in StatementKind:
        assert kind.label and kind.heading and re.fullmatch(r"[A-Z]+", kind.prefix), kind
        assert kind.title_patterns, kind


def test_the_facts_and_the_reading_rules_name_known_concepts() -> None:
    known = vocabulary.concepts()
    for part in (
        "facing_page",
        "financial_condition",
        "income",
        "cash_flows",
        "net_capital",
        "reserve",
        "pab_reserve",
        "notes",
    ):
        assert set(vocabulary.facts_of(part)) <= set(known), part
    assert {r.concept for r in vocabulary.net_capital_rows() if r.concept} <= set(known)


def _concept_literals() -> set[str]:
    """Every concept key the code names in concept("...") or C("...")."""
    names = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            called = getattr(node.func, "id", getattr(node.func, "attr", "")) if isinstance(node, ast.Call) else ""
            if called in ("C", "concept") and node.args and isinstance(node.args[0], ast.Constant):
                names.add(str(node.args[0].value))
    return names


def test_the_code_names_only_concepts_the_table_has() -> None:
    used = _concept_literals()
    assert len(used) > 20  # the structurers read their patterns from the table
    assert used <= set(vocabulary.concepts()), used - set(vocabulary.concepts())


@pytest.mark.parametrize(
    "books", ["mml-distributors-2003", "harbor-point-corp", "cedar-ridge-partners", "lakeshore-clearing"]
)
def test_every_computed_line_takes_its_words_and_box_from_the_table(books: str) -> None:
    comp = finop.compute_net_capital(ROOT / "examples" / books)
    for line in comp.lines:
        c = vocabulary.concept(line.key)
        box = c.focus_box("net_capital", comp.method)
        assert (line.focus_line, line.box) == ((box.line, box.box) if box else ("", "")), line.key
        worded_by_rates = line.key == "minimum_ratio_requirement" or (
            line.key == "early_warning_level" and comp.method == "alternative"
        )
        if not worded_by_rates:  # these two are worded with the rates in force
            assert line.caption == c.caption


def test_a_newcomer_finds_a_concept_in_one_place() -> None:
    nc = vocabulary.concept("net_capital")
    assert nc.caption == "Net capital"
    assert [(b.line, b.box) for b in nc.focus] == [("10", "3750")]
    assert any(r.concept == "net_capital" and r.pattern.search("net capital") for r in vocabulary.net_capital_rows())
    ta = vocabulary.concept("total_assets")
    assert ta.matches("total assets") and not ta.matches("total liabilities")
    assert {b.key for b in ta.focus} == {"total.assets"}


def test_the_asset_classes_are_data() -> None:
    assert ASSET_CLASSES[0] == "us_government" and len(ASSET_CLASSES) == len(set(ASSET_CLASSES)) == 16
    view = rules.at(dt.date(2024, 1, 1))
    for cls in asset_classes():
        assert view.get(cls.rule) is not None, cls.name
        assert cls.focus_group in ("exempted", "debt", "other")


def test_rule_values_keep_their_paragraph() -> None:
    view = rules.at(dt.date(2024, 1, 1))
    rv = view["alternative_pct_debits"]
    assert rv.paragraph == "17 CFR 240.15c3-1(a)(1)(ii)"
    assert all(v.paragraph.startswith("17 CFR 240.") for v in (view.get(n) for n in rules.bundled().names) if v)


def test_one_formula_for_each_requirement() -> None:
    view = rules.at(dt.date(2024, 1, 1))
    basic = view["basic_max_ai_ratio"]
    assert req.basic_ratio_requirement(Decimal(1_000_001), basic) == Decimal(66_667)  # 66,666.73 rounds up
    assert (
        req.basic_ratio_words(basic) == "6-2/3%"
        and req.basic_ratio_words(view["basic_max_ai_ratio_first_year"]) == "12.5%"
    )
    assert req.alternative_ratio_requirement(Decimal("12345678"), view["alternative_pct_debits"]) == Decimal(246_914)
    assert req.early_warning_level(Decimal(250_000), view["early_warning_pct_minimum"]) == Decimal(300_000)
    assert req.excess_at_1000(Decimal(1_000_000), Decimal(2_000_000), Decimal(300_000)) == Decimal(700_000)
    assert req.ai_ratio_percent(Decimal(332_889), Decimal(1_268_650)) == Decimal("26.24")
    assert req.ai_ratio_percent(Decimal(1), Decimal(0)) is None


def test_a_finding_names_its_statement_and_concept() -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace("TOTAL ASSETS\t$ 1,822,195", "TOTAL ASSETS\t$ 1,822,295")
    result = check_text(text)
    foot = next(f for f in result.findings if f.code == "TIE-SFC-FOOT")
    assert (foot.statement, foot.concept) == ("financial_condition", "total_assets")
    assert foot.difference == Decimal(100) and foot.to_dict()["statement"] == "financial_condition"
    assert result.summary.layer == "text"
