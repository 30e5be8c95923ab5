"""A representative slice of the real corpus (../shared/corpus): the cases of tests/corpus/cases.yaml.

The whole corpus runs with `scripts/corpus_eval.py` (see docs/corpus.md); these cases run in CI.
Each case reads one filing (or its pages that matter) and asserts the figures read off its pages.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import SHARED, needs_ocr
from finop.api import check_file
from finop.errors import InputError
from finop.model.filing import StatementKind

PDF = SHARED / "corpus" / "pdf"
CASES: list[dict[str, Any]] = yaml.safe_load((Path(__file__).parent / "corpus" / "cases.yaml").read_text())
pytestmark = [
    pytest.mark.skipif(
        not PDF.is_dir(),
        reason=f"the development corpus is not here: put shared/ (with corpus/pdf) beside the project ({PDF})",
    ),
    pytest.mark.slow,
]


def _expected(value: object) -> object:
    return Decimal(value) if isinstance(value, int) else value


def _case_id(case: dict[str, Any]) -> str:
    pages = "-p" + "-".join(map(str, case["pages"])) if case.get("pages") else ""
    return case["file"].removesuffix(".pdf") + pages


@pytest.mark.parametrize(
    "case", [pytest.param(c, marks=[needs_ocr] if c.get("ocr") else []) for c in CASES], ids=_case_id
)
def test_corpus_case(case: dict[str, Any]) -> None:
    result = check_file(PDF / case["file"], pages=case.get("pages"))
    why = case["why"]
    if "layer" in case:
        assert result.summary.layer == case["layer"], why
    if "status" in case:
        assert result.status == case["status"], (why, [f.code for f in result.findings])
    if case.get("ok"):
        assert result.ok, (why, [f.message for f in result.errors])
    for prefix in case.get("no_errors", ["TIE-SFC"]):
        assert not [f.message for f in result.errors if f.code.startswith(prefix)], why
    filing = result.filing
    for names, value in case.get("facts", {}).items():
        for name in names.split(" = "):
            assert filing.fact(name) == _expected(value), f"{name}: {why}"
    equal = case.get("equal", [])
    if equal:
        assert filing.fact(equal[0]) is not None and len({filing.fact(n) for n in equal}) == 1, why
    for code, pairs in case.get("findings", {}).items():
        found = [[f.actual, f.expected] for f in result.findings if f.code == code]
        assert found == pairs, f"{code}: {why}"
    for kind, rows in case.get("items", {}).items():
        items = {i.label: i for i in filing.statements[StatementKind(kind)].items}
        for label, values in rows.items():
            assert items[label].values == tuple(Decimal(v) for v in values), f"{label}: {why}"


def test_cases_name_real_files() -> None:
    missing = [c["file"] for c in CASES if not (PDF / c["file"]).exists()]
    assert not missing, f"cases.yaml names files not in {PDF}: {missing}"


@pytest.mark.parametrize("name", ["356628-1997-03-03.pdf", "356628-1998-02-23.pdf"])
def test_broken_pdf_is_a_clear_error(name: str) -> None:
    with pytest.raises(InputError) as info:
        check_file(PDF / name)
    assert name in str(info.value) and "PDF" in str(info.value)


@needs_ocr
def test_ocr_cache_gives_the_same_words(tmp_path, monkeypatch) -> None:
    from finop.readers.ocr import headlines, ocr_pages

    scan = PDF / "1224385-2005-03-01.pdf"
    plain = ocr_pages(scan, [1], dpi=110)
    monkeypatch.setenv("FINOP_OCR_CACHE", str(tmp_path))
    first = ocr_pages(scan, [1], dpi=110)
    kept = list(tmp_path.rglob("page1-110dpi-psm6.json"))
    assert len(kept) == 1
    assert ocr_pages(scan, [1], dpi=110) == first == plain  # the second read comes from the cache
    kept[0].write_text("{torn")  # a damaged cache file is read again, not trusted
    assert ocr_pages(scan, [1], dpi=110) == plain
    assert headlines(scan, [1])[1] == headlines(scan, [1])[1]
