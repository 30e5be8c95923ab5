"""One check in a process of its own: the time limit, the memory limit, a bug, and a parent killed under it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import ROOT
from finop.batch.isolate import IsolatedBug, run_isolated
from finop.errors import FinopError, InputError


def _sleep(seconds: float) -> str:
    time.sleep(seconds)
    return "done"


def _allocate(megabytes: int) -> int:
    return len(bytearray(megabytes * 1024 * 1024))


def _raise(kind: type[BaseException]) -> None:
    raise kind("planted")


def test_the_answer_comes_back() -> None:
    assert run_isolated("f.pdf", _sleep, 0, timeout=10, memory_mb=1024) == "done"


def test_past_the_time_limit_the_child_is_stopped() -> None:
    start = time.monotonic()
    with pytest.raises(InputError, match=r"f\.pdf: took longer than the time limit"):
        run_isolated("f.pdf", _sleep, 30, timeout=1, memory_mb=1024)
    assert time.monotonic() - start < 5


def test_past_the_memory_limit_it_says_so() -> None:
    with pytest.raises(InputError, match="ran out of memory"):
        run_isolated("f.pdf", _allocate, 2048, timeout=30, memory_mb=512)


def test_a_finop_error_comes_back_as_one_and_a_bug_as_a_bug() -> None:
    with pytest.raises(FinopError, match="planted"):
        run_isolated("f.pdf", _raise, FinopError, timeout=10, memory_mb=1024)
    with pytest.raises(IsolatedBug, match="ZeroDivisionError: planted") as caught:
        run_isolated("f.pdf", _raise, ZeroDivisionError, timeout=10, memory_mb=1024)
    assert "Traceback" in caught.value.trace


def test_a_child_whose_parent_is_killed_stops_itself(tmp_path: Path) -> None:
    """kill -9 of `finop check` (or of a batch driver) must not leave its reader spinning at 100% CPU."""
    pidfile = tmp_path / "child.pid"
    script = textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {str(ROOT / "tests")!r})
        from finop.batch.isolate import run_isolated

        def spin(path):
            open(path, "w").write(str(os.getpid()))
            while True:
                pass

        run_isolated("f.pdf", spin, {str(pidfile)!r}, timeout=600, memory_mb=1024)
    """)
    parent = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.time() + 20
    while not pidfile.exists() or not pidfile.read_text():
        assert time.time() < deadline, "the child never started"
        time.sleep(0.1)
    child = int(pidfile.read_text())
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    os.kill(child, signal.SIGKILL)
    pytest.fail("the orphaned child was still running 10 s after its parent was killed")


def test_finop_check_has_a_time_limit(tmp_path: Path) -> None:
    """A text report large enough to take more than a second, with --timeout 1: exit 2, saying so."""
    report = tmp_path / "long.txt"
    page = (ROOT / "examples" / "mml-distributors-2003" / "annual-report.txt").read_text()
    report.write_text("\f".join([page] * 400))
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "finop.cli", "check", str(report), "--timeout", "1"],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "took longer than the time limit (1 s" in done.stderr and str(report) in done.stderr
    assert time.monotonic() - start < 15
