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
        run_isolated("f.pdf", _allocate, 16384, timeout=30, memory_mb=512)


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


def _descendants(pid: int) -> set[int]:
    """Every process under ``pid`` (from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_bytes()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(b")", 1)[1].split()[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _session_leader_working(pid: int) -> bool:
    """A process that leads its own session (a reader after setsid) and has spent over a second of CPU."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()
    except OSError:
        return False
    return int(fields[3]) == pid and int(fields[11]) > 100


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()[0]
    except OSError:
        return False
    return state != b"Z"


def test_a_batch_worker_whose_driver_is_killed_stops_itself(tmp_path: Path) -> None:
    """kill -9 of `finop batch` while a worker reads a long document: the worker ends within seconds instead
    of running on, past --timeout, with nobody to take its result."""
    report = tmp_path / "long.txt"
    page = (ROOT / "examples" / "mml-distributors-2003" / "annual-report.txt").read_text()
    report.write_text("\f".join([page] * 2000))
    driver = subprocess.Popen([sys.executable, "-m", "finop.cli", "batch", str(report), "--db", str(tmp_path / "b.db"),
                               "--workers", "1", "--timeout", "600"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.time() + 30
    busy: set[int] = set()
    while not busy:  # the worker: a descendant of the driver in a session of its own, reading (CPU spent)
        assert time.time() < deadline, "no worker started"
        time.sleep(0.5)
        busy = {p for p in _descendants(driver.pid) if _session_leader_working(p)}
    os.kill(driver.pid, signal.SIGKILL)
    driver.wait()
    deadline = time.time() + 10
    while any(_running(p) for p in busy) and time.time() < deadline:
        time.sleep(0.2)
    left = [p for p in busy if _running(p)]
    for p in left:
        os.kill(p, signal.SIGKILL)
    assert not left, "the worker was still reading 10 s after its driver was killed"
