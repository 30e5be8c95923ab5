"""Every exit code of every command, as a user meets it (docs/hostile-input.md lists them): 0 done, 1 an
error finding, 2 unreadable input or bad usage, 3 incomplete, 4 EDGAR refused us (tests/test_edgar.py),
5 an internal error, 130 interrupted (tests/test_batch_faults.py, tests/test_edgar.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

EXAMPLES = ROOT / "examples"
MML = EXAMPLES / "mml-distributors-2003"
REPORT = MML / "annual-report.txt"


def finop(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "finop.cli", *args], capture_output=True, text=True, timeout=120)


def _misprinted(folder: Path) -> Path:
    path = folder / "misprinted.txt"
    path.write_text(REPORT.read_text().replace("TOTAL ASSETS\t$ 1,822,195", "TOTAL ASSETS\t$ 1,822,159"))
    return path


def _no_statement(folder: Path) -> Path:
    path = folder / "letter.txt"
    path.write_text("Dear Sir,\n\nPlease find the annual audited report enclosed under separate cover.\n" * 5)
    return path


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (lambda f: ["check", str(REPORT)], 0),
        (lambda f: ["check", str(_misprinted(f))], 1),
        (lambda f: ["check", str(f / "missing.pdf")], 2),
        (lambda f: ["check", str(REPORT), "--pages", "x"], 2),
        (lambda f: ["check", str(REPORT), "--format", "yaml"], 2),
        (lambda f: ["check", str(_no_statement(f))], 3),
        (lambda f: ["netcap", str(MML)], 0),
        (lambda f: ["netcap", str(f)], 2),  # not a books folder
        (lambda f: ["netcap", str(MML), "--as-of", "2003-13-45"], 2),
        (lambda f: ["netcap", str(MML), "--as-of", "1950-01-01"], 2),  # no rule in force then
        (lambda f: ["reserve", str(EXAMPLES / "lakeshore-clearing")], 0),
        (lambda f: ["reserve", str(MML)], 2),  # no reserve.csv
        (lambda f: ["report", str(MML), "--out", str(f / "out"), "-f", "json"], 0),
        (lambda f: ["report", str(MML), "--out", str(f / "out"), "-f", "docx"], 2),
        (lambda f: ["batch", str(REPORT), "--db", str(f / "b.db")], 0),
        (lambda f: ["batch", str(f / "missing"), "--db", str(f / "b.db")], 2),
        (lambda f: ["batch", str(REPORT), "--db", str(f / "b.db"), "--workers", "-1"], 2),
        (lambda f: ["export", "--what", "facts", "--out", str(f / "x.csv"), "--db", str(f / "none.db")], 2),
        (lambda f: ["export", "--what", "chart", "--out", str(f / "x.png"), "--db", str(f / "none.db")], 2),
        (lambda f: ["rules", "show", "--at", "2024-06-30"], 0),
        (lambda f: ["rules", "show", "--at", "June 30"], 2),
        (lambda f: ["edgar", "index", "--year", "2025"], 2),  # no User-Agent: refused before any request
        (lambda f: ["serve", "--host", "0.0.0.0"], 2),  # a public address without a token
        (lambda f: ["version"], 0),
        (lambda f: ["--version"], 0),
        (lambda f: ["nonsense"], 2),
    ],
    ids=lambda v: v if isinstance(v, int) else None,
)
def test_each_command_exits_with_its_documented_code(tmp_path: Path, args, code: int) -> None:  # type: ignore[no-untyped-def]
    done = finop(*args(tmp_path))
    assert done.returncode == code, (done.stdout[-500:], done.stderr[-500:])
    assert "Traceback" not in done.stderr


def test_an_internal_error_is_exit_5_with_one_line_and_the_traceback_under_debug(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bug (here: the engine raising what it never should) is said as one, never as exit 1."""
    from finop import api, cli

    def broken(*_args: object, **_kwargs: object) -> None:
        raise ZeroDivisionError("a planted bug")

    monkeypatch.setattr(api, "compute_net_capital", broken)
    for argv, traceback in ((["finop", "netcap", str(MML)], False), (["finop", "--debug", "netcap", str(MML)], True)):
        monkeypatch.setattr(sys, "argv", argv)
        with pytest.raises(SystemExit) as exited:
            cli.main()
        assert exited.value.code == cli.INTERNAL_EXIT == 5
        err = capsys.readouterr().err
        assert "internal error: ZeroDivisionError: a planted bug" in err and "please report" in err
        assert ("Traceback" in err) is traceback


def test_a_chart_without_its_firm_is_a_usage_error(tmp_path: Path) -> None:
    """`finop export --what chart` on a real store, without --cik: exit 2, saying what to add."""
    db = tmp_path / "b.db"
    assert finop("batch", str(REPORT), "--db", str(db)).returncode == 0
    done = finop("export", "--what", "chart", "--out", str(tmp_path / "x.png"), "--db", str(db))
    assert done.returncode == 2 and "--cik" in done.stderr, done.stderr[-500:]
    assert not (tmp_path / "x.png").exists()
