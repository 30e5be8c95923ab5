"""The finop command as a person runs it: exit codes, JSON contract, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE, SEED, needs_shared
from schemas import validated

FINOP = [sys.executable, "-m", "finop.cli"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*FINOP, *args], capture_output=True, text=True, timeout=120)


def test_check_example_text_report() -> None:
    proc = run("check", str(EXAMPLE))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "MML Distributors, LLC" in proc.stdout
    assert "Computation of net capital" in proc.stdout
    assert "CAPTION-SIGN" in proc.stdout
    assert "PASS" in proc.stdout


@needs_shared
def test_json_contract_on_the_seed() -> None:
    proc = run("check", str(SEED), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = validated(json.loads(proc.stdout))
    for key in ("facing_page", "facts", "statements", "findings", "summary"):
        assert key in data
    assert data["facts"]["net_capital"] == "1268650"
    assert data["facts"]["net_income"] == "-171097"
    assert data["facing_page"]["period_end"] == "2003-12-31"
    for finding in data["findings"]:
        assert set(finding) >= {"code", "severity", "message", "expected", "actual", "source"}
    assert data["summary"]["errors"] == 0


@needs_shared
def test_error_findings_exit_1(tmp_path: Path) -> None:
    broken = tmp_path / "broken.txt"
    broken.write_text(
        SEED.read_text(encoding="utf-8").replace("TOTAL ASSETS\t\\$ 1,822,195", "TOTAL ASSETS\t\\$ 1,832,195")
    )
    proc = run("check", str(broken), "--format", "json")
    assert proc.returncode == 1
    codes = {f["code"] for f in validated(json.loads(proc.stdout))["findings"] if f["severity"] == "error"}
    assert {"TIE-SFC-FOOT", "TIE-SFC-BALANCE"} <= codes


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty"),
        (bytes(range(256)) * 64, "binary"),
    ],
)
def test_unreadable_input_exits_2_without_traceback(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    proc = run("check", str(path))
    assert proc.returncode == 2
    assert str(path) in proc.stderr and words in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout


def test_missing_file_exits_2(tmp_path: Path) -> None:
    proc = run("check", str(tmp_path / "missing.txt"))
    assert proc.returncode == 2
    assert "no such file" in proc.stderr and "Traceback" not in proc.stderr


def test_text_that_is_not_an_annual_report(tmp_path: Path) -> None:
    path = tmp_path / "letter.txt"
    path.write_text("Dear shareholder,\nThe weather in Springfield was fine this year.\nRegards\n")
    proc = run("check", str(path), "--format", "json")
    assert proc.returncode == 3  # INCOMPLETE: finop claims nothing about a file it cannot read as a report
    data = validated(json.loads(proc.stdout))
    assert [f["code"] for f in data["findings"]] == ["EXTRACT-NO-STATEMENTS"]
    assert data["summary"]["status"] == "incomplete" and data["summary"]["errors"] == 0


@needs_shared
def test_truncated_report_gives_findings_not_a_traceback(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    cut = text[: text.index("Total expenses")]  # stops inside the statement of loss
    path = tmp_path / "truncated.txt"
    path.write_text(cut)
    proc = run("check", str(path), "--format", "json")
    assert "Traceback" not in proc.stderr
    data = validated(json.loads(proc.stdout))
    # the balance sheet is whole and ties; the parts cut off are reported missing, not claimed wrong; the statement
    # of loss, read up to the cut, ends at no net loss: incomplete (since session 6), not passed
    assert proc.returncode == 3 and data["summary"]["status"] == "incomplete"
    assert not [f for f in data["findings"] if f["severity"] == "error"]
    ends = [f for f in data["findings"] if f["code"] == "INCOMPLETE-STATEMENT-END"]
    assert [f["statement"] for f in ends] == ["income"]
    assert data["facts"]["total_assets"] == "1822195"
    missing = {f["message"] for f in data["findings"] if f["code"] == "MISSING-PART"}
    assert any("cash flows" in m for m in missing)
    assert any("net capital" in m for m in missing)


def test_help_lists_check() -> None:
    proc = run("--help")
    assert proc.returncode == 0
    assert "check" in proc.stdout
