"""The exit-code contract, as a property: whatever bytes a file holds, and whatever books a folder holds,
finop answers with a documented exit code and never a traceback (docs/hostile-input.md)."""

from __future__ import annotations

import shutil

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import ROOT
from finop.books import BooksError, load_books
from finop.cli import app

MML = ROOT / "examples" / "mml-distributors-2003" / "annual-report.txt"
CEDAR = ROOT / "examples" / "cedar-ridge-partners"
CHECK_EXITS = {0, 1, 2, 3}
runner = CliRunner()


def _exit_of(args: list[str]) -> int:
    result = runner.invoke(app, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result.exit_code


report_bytes = st.one_of(
    st.binary(max_size=4000),
    st.text(max_size=3000).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.tuples(st.integers(0, 16_000), st.integers(1, 40), st.binary(max_size=40)).map(
        lambda cut: (lambda data: data[: cut[0]] + cut[2] + data[cut[0] + cut[1] :])(MML.read_bytes())
    ),  # the example with a stretch of it replaced by other bytes
    st.binary(max_size=2000).map(lambda b: b"%PDF-1.4\n" + b),
)


@settings()  # examples: the profile (60 in CI, 3000 under benchmarks/bench_properties.py)
@given(data=report_bytes, suffix=st.sampled_from([".txt", ".pdf", ".TXT", ""]))
def test_any_file_gets_a_documented_exit_code(tmp_path_factory, data: bytes, suffix: str) -> None:
    path = tmp_path_factory.mktemp("exit") / f"report{suffix}"
    path.write_bytes(data)
    assert _exit_of(["check", str(path), "--format", "json"]) in CHECK_EXITS


csv_cell = st.one_of(st.text(max_size=12), st.sampled_from(["1,00", "(-1.00)", "1e28", "-", "", "NaN", "9" * 20]))


@settings()  # examples: the profile (60 in CI, 3000 under benchmarks/bench_properties.py)
@given(rows=st.lists(st.lists(csv_cell, min_size=5, max_size=7), max_size=6), which=st.sampled_from(
    ["trial_balance.csv", "positions.csv", "opening_balance.csv"]))  # fmt: skip
def test_any_books_file_loads_or_names_its_problem(tmp_path_factory, rows: list[list[str]], which: str) -> None:
    folder = tmp_path_factory.mktemp("books") / "books"
    shutil.copytree(CEDAR, folder)
    header = (CEDAR / which).read_text().splitlines()[0]
    body = "\n".join(",".join('"' + c.replace('"', '""') + '"' for c in row) for row in rows)
    (folder / which).write_text(header + "\n" + body + "\n")
    try:
        load_books(folder)
    except BooksError as exc:
        assert str(folder / which) in str(exc) or str(folder) in str(exc)
    assert _exit_of(["netcap", str(folder)]) in (0, 2)
