"""The docs stay true to the code: every finding code and every fact name is documented."""

from __future__ import annotations

import re

from conftest import ROOT
from finop.model.facts import FACING_FACTS, NOTE_FACTS, STATEMENT_FACTS

SRC = ROOT / "src" / "finop"
DOCS = ROOT / "docs"


def test_every_literal_finding_code_is_documented() -> None:
    checks_doc = (DOCS / "checks.md").read_text(encoding="utf-8")
    codes: set[str] = set()
    for path in SRC.rglob("*.py"):
        codes |= set(re.findall(r'code="([A-Z][A-Z0-9-]+)"', path.read_text(encoding="utf-8")))
        codes |= set(re.findall(r'_tie\(\s*"([A-Z][A-Z0-9-]+)"', path.read_text(encoding="utf-8")))
    assert len(codes) > 25
    missing = sorted(c for c in codes if f"`{c}`" not in checks_doc)
    assert missing == []


def test_footing_codes_per_statement_are_documented() -> None:
    checks_doc = (DOCS / "checks.md").read_text(encoding="utf-8")
    for prefix in ("SFC", "IS", "EQ", "SUB", "CF", "NC", "REC"):
        assert f"`TIE-{prefix}-FOOT`" in checks_doc


def test_every_fact_name_is_documented() -> None:
    facts_doc = (DOCS / "facts.md").read_text(encoding="utf-8")
    names = set(FACING_FACTS) | set(NOTE_FACTS.values()) | {"equity_beginning", "equity_end", "ai_ratio_percent"}
    for mapping in STATEMENT_FACTS.values():
        names |= set(mapping.values())
    missing = sorted(n for n in names if f"`{n}`" not in facts_doc)
    assert missing == []


def test_readme_opens_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```bash", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["bash scripts/example.sh", "bash scripts/test.sh"]
    assert "bash scripts/test.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
