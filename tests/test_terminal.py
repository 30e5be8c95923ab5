"""What finop prints on a terminal: a filing's text and a path are shown as they are, never as rich markup
or terminal control sequences, even with colour on."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from finop.render.terminal import clean
from schemas import validated

MML = ROOT / "examples" / "mml-distributors-2003" / "annual-report.txt"
OSC8 = "\x1b]8;;https://example.invalid/\x1b\\click\x1b]8;;\x1b\\"
RETITLE = "\x1b]0;pwned\x07"
CLEAR = "\x1b[2J\x1b[H"


def _check(path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FORCE_COLOR": "1", "TERM": "xterm-256color", "COLUMNS": "120"}
    return subprocess.run([sys.executable, "-m", "finop.cli", "check", str(path), *extra], capture_output=True,
                          text=True, env=env)  # fmt: skip


def test_markup_and_escapes_in_a_filing_are_shown_inert(tmp_path: Path) -> None:
    name = "Evil [/] [bold]Co[/bold] Securities"
    (tmp_path / "a[").mkdir()
    report = tmp_path / "a[" / "]b [red]x.txt"  # the path holds "[/]" and "[red]"
    text = MML.read_text().replace("MML Distributors, LLC", name, 1)
    report.write_text(text.replace("DUE FROM AFFILIATES", f"DUE FROM {OSC8} {RETITLE}{CLEAR}AFFILIATES", 1))
    done = _check(report)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Traceback" not in done.stderr
    import json

    read = validated(json.loads(_check(report, "-f", "json").stdout))["facing_page"]["registrant_name"]
    assert read == name
    assert clean(read) in out  # the name as the filing prints it, less its control characters
    assert "a[/]b [red]x.txt" in out
    for planted in ("\x1b]8;", "\x1b]0;", "\x07", "\x1b[2J", "\x1b[H"):
        assert planted not in out
    assert "\x1b[" in out  # colour is on: only finop's own styling reaches the terminal


def test_an_error_naming_a_path_with_markup_is_printed_whole(tmp_path: Path) -> None:
    missing = tmp_path / "no[" / "]such [bold]file.pdf"
    done = _check(missing)
    assert done.returncode == 2
    assert "no[/]such [bold]file.pdf" in done.stderr and "Traceback" not in done.stderr


def test_clean_drops_control_characters_but_keeps_text() -> None:
    assert clean(f"A{RETITLE}B\tC\nD\x9bE\x7f") == "A]0;pwnedB\tC\nDE"
    assert clean("Café — 1,234") == "Café — 1,234"
