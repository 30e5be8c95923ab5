"""A batch's faults around its store: two runs at once, a full disk, Ctrl-C, an unreachable scheduler.
Each ends with a clear message and an intact store."""

from __future__ import annotations

import os
import re
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT
from finop.batch.lock import StoreBusy, sqlite_lock
from samples import text_reports

MML = ROOT / "examples" / "mml-distributors-2003" / "annual-report.txt"


def finop(*args: str, **options: object) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "finop.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **options)  # type: ignore[call-overload]  # fmt: skip


def test_a_second_batch_on_a_busy_store_is_refused_saying_who_holds_it(tmp_path: Path) -> None:
    db = tmp_path / "finop.db"
    with sqlite_lock(db):
        done = finop("batch", str(MML), "--db", str(db))
        _, err = done.communicate(timeout=60)
    assert done.returncode == 2
    assert "the store is busy" in err and f"pid {os.getpid()}" in err and "Traceback" not in err
    with pytest.raises(StoreBusy), sqlite_lock(db), sqlite_lock(db):
        pass


def test_six_simultaneous_starts_on_a_fresh_store_do_each_document_once(tmp_path: Path) -> None:
    docs = text_reports(tmp_path / "docs", 6)
    db = tmp_path / "fresh.db"
    runs = [finop("batch", *map(str, docs), "--db", str(db), "--workers", "1") for _ in range(6)]
    outcomes = [(r.wait(timeout=300), r.stderr.read() if r.stderr else "") for r in runs]
    assert all(code in (0, 2) for code, _ in outcomes), outcomes
    assert any(code == 0 for code, _ in outcomes)
    for code, err in outcomes:
        assert "Traceback" not in err and "database is locked" not in err
        if code == 2:
            assert "the store is busy" in err
    con = sqlite3.connect(db)
    rows = con.execute("SELECT count(*), max(attempts) FROM documents").fetchone()
    con.close()
    assert rows == (6, 1)  # every document once, none read twice


def _limit_file_size(limit: int) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG) as on a full disk
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_a_full_disk_stops_the_batch_with_a_message_and_keeps_what_was_committed(tmp_path: Path) -> None:
    docs = text_reports(tmp_path / "docs", 40)
    db = tmp_path / "small.db"
    first = finop("batch", str(docs[0]), "--db", str(db), "--workers", "1")
    assert first.wait(timeout=120) == 0
    size = db.stat().st_size  # the limit is per file: the database and its write-ahead log each
    run = finop("batch", *map(str, docs), "--db", str(db), "--workers", "1",
                preexec_fn=lambda: _limit_file_size(size + 400_000))  # fmt: skip
    _, err = run.communicate(timeout=300)
    assert run.returncode == 2, err
    assert "could not write the result" in err and "run the same command again" in err and "Traceback" not in err
    said = int(re.search(r"The (\d+) document\(s\) committed before it stay", err).group(1))
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    stored = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    con.close()
    assert said >= 1 and stored == 1 + said  # the first run's document and what this run committed, as it says
    again = finop("batch", *map(str, docs), "--db", str(db), "--workers", "1")
    assert again.wait(timeout=300) == 0  # with room again, the rest is done
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*), max(attempts) FROM documents").fetchone() == (40, 1)


def test_ctrl_c_says_what_is_committed_and_how_to_go_on(tmp_path: Path) -> None:
    docs = text_reports(tmp_path / "docs", 200)
    db = tmp_path / "finop.db"
    run = finop("batch", *map(str, docs), "--db", str(db), "--workers", "1")
    deadline = time.time() + 60
    while time.time() < deadline:  # wait until some documents are committed
        time.sleep(0.5)
        if db.exists() and sqlite3.connect(db).execute(
            "SELECT count(*) FROM sqlite_master WHERE name = 'documents'").fetchone()[0] and sqlite3.connect(
            db).execute("SELECT count(*) FROM documents").fetchone()[0] >= 3:  # fmt: skip
            break
    run.send_signal(signal.SIGINT)
    _, err = run.communicate(timeout=60)
    assert run.returncode == 130
    assert "interrupted" in err and "committed" in err and "Run the same command again" in err
    assert "Traceback" not in err


def test_an_unreachable_scheduler_is_named(tmp_path: Path) -> None:
    run = finop("batch", str(MML), "--db", str(tmp_path / "finop.db"), "--scheduler", "tcp://127.0.0.1:9")
    _, err = run.communicate(timeout=90)
    assert run.returncode == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in err and "Traceback" not in err


@pytest.mark.slow
@pytest.mark.skipif(not list(Path("/usr/lib/postgresql").glob("*/bin")), reason="PostgreSQL (Debian's package) "
                    "is not installed: scripts/setup.sh installs it")  # fmt: skip
def test_a_postgresql_store_takes_one_batch_at_a_time(tmp_path: Path) -> None:
    from finop.api import run_batch
    from finop.batch.lock import postgres_lock
    from finop.batch.store import Store
    from test_batch import _postgres

    url, server = _postgres(tmp_path)
    try:
        store = Store(url)
        with postgres_lock(store.engine), pytest.raises(StoreBusy, match="the store is busy"):
            run_batch([MML], url, workers=1)
        assert run_batch([MML], url, workers=1).done["ok"] + run_batch([MML], url, workers=1).skipped >= 1
        store.engine.dispose()
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(tmp_path, ignore_errors=True)
