"""docs/api.md is a doctest: its worked example runs against the real example report and books."""

from __future__ import annotations

import doctest
from pathlib import Path

import pandas as pd

import finop

ROOT = Path(__file__).resolve().parents[1]


def test_api_doc_runs_as_written(monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        result = doctest.testfile(str(ROOT / "docs" / "api.md"), module_relative=False,
                                  optionflags=doctest.NORMALIZE_WHITESPACE, globs={"finop": finop})  # fmt: skip
    assert result.attempted >= 10
    assert result.failed == 0


def test_the_package_exports_the_api() -> None:
    for name in ("check", "compute_net_capital", "produce_report", "run_batch", "export", "to_json", "show"):
        fn = getattr(finop, name)
        assert callable(fn) and fn.__doc__, f"finop.{name} needs a docstring"


def test_results_show_themselves(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    r = finop.check("examples/mml-distributors-2003/annual-report.txt")
    html = r._repr_html_()
    assert "net_capital" in html and "1268650" in html and "CAPTION-SIGN" in html
    assert list(r.findings_frame()["code"]) == [f.code for f in r.findings]
    produced = finop.produce_report("examples/mml-distributors-2003", out=tmp_path, formats=["json", "focus"])
    assert [Path(p).name for p in produced.files] == ["annual-report.json", "focus-part-iia.csv"]
    assert produced.facts_frame().set_index("concept").loc["net_capital", "value"] == r.facts["net_capital"]
