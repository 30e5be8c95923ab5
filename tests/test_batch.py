"""finop batch: isolation, resume after kill -9, the same results on Dask and PostgreSQL, exports."""

from __future__ import annotations

import csv
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest

import samples
from conftest import SHARED, needs_ocr, needs_shared, slow
from finop.batch.run import expand_inputs, run_batch
from finop.batch.store import Store

SCAN = SHARED / "corpus" / "pdf" / "1224385-2005-03-01.pdf"  # 14 scanned pages: far more than 1.5 s of OCR
TIMEOUT = "1.5"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Twelve distinct text reports and the bad files a batch over EDGAR meets."""
    folder = tmp_path_factory.mktemp("corpus")
    samples.text_reports(folder / "text", 12)
    bad = folder / "bad"
    bad.mkdir()
    (bad / "empty.pdf").write_bytes(b"")
    samples.long_pdf(bad / "long.pdf", 500)
    samples.encrypted_pdf(bad / "encrypted.pdf", bad / "long.pdf")
    samples.decompression_bomb(bad / "bomb.pdf")
    shutil.copy(SCAN, folder / "slow-scan.pdf")  # takes longer than the time limit: the batch kills it
    return folder


def _batch(args: list[str], **kw) -> subprocess.Popen:  # type: ignore[no-untyped-def]
    cmd = [sys.executable, "-m", "finop.cli", "batch", *args]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)


def _reasons(store: Store) -> dict[str, tuple[str, str | None]]:
    from sqlalchemy import select

    from finop.batch.store import documents

    with store.engine.connect() as conn:
        return {
            Path(p).name: (s, e)
            for p, s, e in conn.execute(select(documents.c.path, documents.c.status, documents.c.error))
        }


@needs_shared
@needs_ocr
def test_bad_documents_are_recorded_as_failed_and_the_batch_completes(corpus: Path, tmp_path: Path) -> None:
    store = Store(str(tmp_path / "finop.db"))
    summary = run_batch(store, expand_inputs([str(corpus)]), workers=2, timeout=float(TIMEOUT))
    reasons = _reasons(store)
    assert reasons["empty.pdf"] == ("failed", "the file is empty")
    assert reasons["encrypted.pdf"][0] == "failed" and "encrypted" in reasons["encrypted.pdf"][1]
    assert reasons["long.pdf"][0] == "failed" and "500 pages" in reasons["long.pdf"][1]
    assert reasons["bomb.pdf"][0] == "failed" and "16000 x 16000" in reasons["bomb.pdf"][1]
    assert reasons["slow-scan.pdf"] == ("failed", f"timed out after {TIMEOUT} s")
    assert sum(1 for s, _ in reasons.values() if s == "ok") == 12
    assert summary.done == {"ok": 12, "failed": 5}
    again = run_batch(store, expand_inputs([str(corpus)]), workers=2, timeout=float(TIMEOUT))
    assert again.skipped == 17 and not again.done  # everything done or failed is skipped
    retried = run_batch(store, expand_inputs([str(corpus)]), workers=2, timeout=float(TIMEOUT), retry_failed=True)
    assert retried.done == {"failed": 5} and store.counts() == {"ok": 12, "failed": 5}


@needs_shared
@needs_ocr
def test_killing_the_driver_three_times_loses_and_duplicates_nothing(corpus: Path, tmp_path: Path) -> None:
    whole, interrupted = tmp_path / "whole.db", tmp_path / "interrupted.db"
    args = [str(corpus), "--workers", "2", "--timeout", TIMEOUT]
    assert _batch([*args, "--db", str(whole)]).wait(timeout=300) == 0
    rng = random.Random(11)
    for _ in range(3):
        proc = _batch([*args, "--db", str(interrupted)])
        time.sleep(rng.uniform(0.8, 2.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert _batch([*args, "--db", str(interrupted)]).wait(timeout=300) == 0
    a, b = Store(str(whole)).dump(), Store(str(interrupted)).dump()
    assert b == a
    assert len(a["documents"]) == 17 and len(a["facts"]) > 12 * 20


@slow
@needs_shared
def test_a_dask_cluster_gives_the_same_store(corpus: Path, tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    from finop.batch.run import dask_client

    texts = expand_inputs([str(corpus / "text"), str(corpus / "bad" / "empty.pdf")])
    local = Store(str(tmp_path / "local.db"))
    run_batch(local, texts, workers=2)
    on_dask = Store(str(tmp_path / "dask.db"))
    client = dask_client(None, 2)
    try:
        summary = run_batch(on_dask, texts, client=client)
        # the same cluster through its address, as `finop batch --scheduler tcp://...` reaches an existing one
        address = client.scheduler.address
        by_address = tmp_path / "by-address.db"
        args = [
            str(corpus / "text"),
            str(corpus / "bad" / "empty.pdf"),
            "--scheduler",
            address,
            "--db",
            str(by_address),
        ]
        assert _batch(args).wait(timeout=300) == 0
        assert Store(str(by_address)).dump() == local.dump()
    finally:
        from finop.batch.run import close_client

        close_client(client)
    assert summary.done == {"ok": 12, "failed": 1}
    assert on_dask.dump() == local.dump()


def _postgres(tmp_path: Path) -> tuple[str, subprocess.Popen | None]:
    """A throwaway PostgreSQL server on a socket in tmp_path (Debian's package; run as postgres when root)."""
    bindir = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"))), None)
    if bindir is None:
        pytest.skip("PostgreSQL is not installed (scripts/test.sh installs it)")
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="finop-pg-"))  # under /tmp: the postgres user must reach it
    data, sock = base / "pg", base / "sock"
    sock.mkdir()
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        shutil.chown(sock, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    subprocess.run(
        [*as_user, str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "finop"],
        check=True,
        capture_output=True,
    )
    server = subprocess.Popen(
        [*as_user, str(bindir / "postgres"), "-D", str(data), "-k", str(sock), "-h", "", "-c", "fsync=off"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        if (sock / ".s.PGSQL.5432").exists():
            break
        time.sleep(0.1)
    subprocess.run([*as_user, str(bindir / "createdb"), "-h", str(sock), "-U", "finop", "finop"], check=True)
    return f"postgresql://finop@/finop?host={sock}", server


@slow
@needs_shared
def test_postgresql_gives_the_same_facts_as_the_embedded_store(corpus: Path, tmp_path: Path) -> None:
    url, server = _postgres(tmp_path)
    try:
        texts = expand_inputs([str(corpus / "text"), str(corpus / "bad")])
        embedded = Store(str(tmp_path / "finop.db"))
        run_batch(embedded, texts, workers=2)
        pg = Store(url)
        run_batch(pg, texts, workers=2)
        assert pg.dump() == embedded.dump()
        amounts = {c: a for _, c, a, *_ in pg.dump()["facts"] if c == "net_capital"}
        assert amounts == {"net_capital": Decimal(1268650)} and isinstance(amounts["net_capital"], Decimal)
        pg.engine.dispose()
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)


@needs_shared
def test_exports(corpus: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from finop.cli import app

    db = tmp_path / "finop.db"
    run_batch(Store(str(db)), expand_inputs([str(corpus / "text")]), workers=2)
    runner = CliRunner()
    out = tmp_path / "facts.csv"
    assert runner.invoke(app, ["export", "--db", str(db), "--what", "facts", "--out", str(out)]).exit_code == 0
    rows = list(csv.DictReader(out.open()))
    assert len(rows) == 12 and {r["net_capital"] for r in rows} == {"1268650"}
    assert rows[0]["cik"].startswith("000900000") and len(rows[0]["cik"]) == 10  # zero-padded text, as EDGAR writes it
    assert rows[0]["registrant_name"].startswith("Sample Distributors")
    assert rows[0]["net_capital_source"] == "schedule" and rows[0]["total_assets_source"] == "statement"
    labels = SHARED / "corpus" / "labels"
    lines = tmp_path / "lines.parquet"
    result = runner.invoke(
        app,
        [
            "export",
            "--db",
            str(db),
            "--what",
            "line-items",
            "--format",
            "parquet",
            "--out",
            str(lines),
            "--labels",
            str(labels),
        ],
    )
    assert result.exit_code == 0, result.output
    import pyarrow.parquet as pq

    table = pq.read_table(lines).to_pylist()
    sfc = [r for r in table if r["statement"] == "financial_condition" and r["label"] == "TOTAL ASSETS"]
    assert len(sfc) == 12 and sfc[0]["amount"] == Decimal("1822195.000000") and sfc[0]["class"] == "Total assets"
    assert (sfc[0]["focus_line"], sfc[0]["focus_key"]) == ("12", "total_assets")
    payable = next(r for r in table if r["statement"] == "financial_condition" and "payable" in r["label"].lower())
    assert payable["focus_line"] == "17"  # "LIABILITIES—Accounts payable": accounts payable, accrued liabilities
    chart = tmp_path / "firm.png"
    result = runner.invoke(
        app, ["export", "--db", str(db), "--what", "chart", "--cik", rows[0]["cik"], "--out", str(chart)]
    )
    assert result.exit_code == 0 and chart.stat().st_size > 1000


def test_store_schema_is_versioned(tmp_path: Path) -> None:
    from sqlalchemy import update

    from finop.batch.store import SCHEMA_VERSION, schema_version

    store = Store(str(tmp_path / "finop.db"))
    assert store.migrate() == SCHEMA_VERSION == 9
    with store.engine.begin() as conn:
        conn.execute(update(schema_version).values(version=99))
    with pytest.raises(RuntimeError, match="newer than this finop"):
        Store(str(tmp_path / "finop.db"))


def test_a_version_1_store_gains_the_verdict_column(tmp_path: Path) -> None:
    """A store written before verdicts existed keeps its rows and gains filings.verdict (NULL for old rows)."""
    import sqlite3

    from finop.batch.store import SCHEMA_VERSION

    db = tmp_path / "old.db"
    con = sqlite3.connect(db)
    con.executescript(
        "CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (1);"
        "CREATE TABLE documents (hash VARCHAR(64) PRIMARY KEY, path TEXT NOT NULL, size BIGINT NOT NULL, pages INTEGER,"
        " layer VARCHAR(20), status VARCHAR(12) NOT NULL, attempts INTEGER NOT NULL, error TEXT, seconds FLOAT,"
        " finished_at VARCHAR(32));"
        "CREATE TABLE filings (hash VARCHAR(64) PRIMARY KEY REFERENCES documents(hash), cik VARCHAR(12),"
        " registrant_name TEXT, sec_file_number VARCHAR(20), period_start VARCHAR(10), period_end VARCHAR(10),"
        " errors INTEGER, warnings INTEGER);"
        "INSERT INTO documents VALUES ('h1', 'a.pdf', 10, 3, 'text', 'ok', 1, NULL, 0.1, NULL);"
        "INSERT INTO filings VALUES ('h1', '123', 'Old Firm', '8-1', NULL, '2003-12-31', 0, 0);"
    )
    con.commit()
    con.close()
    store = Store(str(db))
    assert store.migrate() == SCHEMA_VERSION
    assert store.revision() == 0  # version 9: the revision finop serve keeps its pages by
    store.add_override("h1", {"statement": "financial_condition", "item": "x", "col": 0, "amount": 1, "reviewer": "r"})
    store.confirm("h1", "TIE-SFC-FOOT", "a message", "r")
    assert store.revision() == 2
    assert store.verdicts() == {"unknown": 1}
    assert store.counts() == {"ok": 1}
    with store.engine.connect() as conn:  # version 3: the filing's EDGAR identity, NULL for old rows
        from sqlalchemy import text

        row = conn.execute(text("SELECT cik, accession, form, date_filed FROM filings")).one()
    assert tuple(row) == ("123", None, None, None)


@needs_shared
def test_a_worker_killed_under_a_document_fails_it_and_the_pool_goes_on(corpus: Path) -> None:
    """A crash is a worker process dying: here kill -9 of the one reading the slow scan."""
    from finop.batch.pool import LocalPool
    from finop.batch.worker import content_hash

    scan = corpus / "slow-scan.pdf"
    texts = sorted((corpus / "text").iterdir())[:3]
    jobs = [(str(scan), content_hash(scan), scan.stat().st_size)]
    jobs += [(str(p), content_hash(p), p.stat().st_size) for p in texts]
    pool = LocalPool(2, timeout=120, memory_mb=3072)
    results = []
    for result in pool.run(jobs):
        results.append(result)
        if len(results) == 1:  # the scan is still being read by one worker: kill it
            victim = next(s for s in pool.slots if s.job and s.job[0] == str(scan))
            os.kill(victim.process.pid, signal.SIGKILL)
    by_name = {Path(r["path"]).name: r for r in results}
    assert by_name["slow-scan.pdf"]["status"] == "failed"
    assert by_name["slow-scan.pdf"]["error"] == "the reader crashed (signal 9)"
    assert [by_name[p.name]["status"] for p in texts] == ["ok", "ok", "ok"]


@slow
def test_the_resident_reader_of_a_dask_task_stays_and_is_replaced_after_a_time_out(tmp_path: Path) -> None:
    """What a Dask task runs: a reader process kept for the next document; a document that runs past its time
    is failed and its reader killed, and the next document reads normally in a fresh one."""
    from finop.batch import pool
    from finop.batch.worker import content_hash

    report = Path(__file__).resolve().parents[1] / "examples" / "mml-distributors-2003" / "annual-report.txt"
    job = (str(report), content_hash(report), report.stat().st_size)

    def readers() -> list[int]:
        return [s.process.pid for s in pool._IDLE.get(3072, [])]

    try:
        reader = pool.warm_resident(3072)
        first = pool.resident_document(*job, timeout=120, memory_mb=3072)
        second = pool.resident_document(*job, timeout=120, memory_mb=3072)
        assert first["status"] == second["status"] == "ok"
        assert readers() == [reader]  # the same process read both, and waits for the next
        late = pool.resident_document(*job, timeout=0.001, memory_mb=3072)
        assert late["status"] == "failed" and late["error"] == "timed out after 0.001 s"
        assert readers() == []  # killed, not kept
        again = pool.resident_document(*job, timeout=120, memory_mb=3072)
        assert again["status"] == "ok" and readers() != [reader] and len(readers()) == 1
        assert again["filing"]["registrant_name"] == "MML Distributors, LLC"
    finally:
        pool.stop_residents()


def test_a_document_read_again_keeps_its_corrections(tmp_path: Path) -> None:
    """A reviewer's correction applies whenever the document is read again (here: a later reading failed and
    the batch retries it), not only when it is made."""
    from sqlalchemy import update

    from finop.api import run_batch as batch
    from finop.batch.store import documents

    root = Path(__file__).resolve().parents[1]
    report = tmp_path / "misread.txt"
    text = (root / "examples" / "mml-distributors-2003" / "annual-report.txt").read_text()
    report.write_text(text.replace("TOTAL ASSETS\t$ 1,822,195", "TOTAL ASSETS\t$ 1,822,159"))
    db = str(tmp_path / "finop.db")
    batch([report], db, workers=1)
    store = Store(db)
    (h,) = store.statuses()
    result = store.result(h)["result"]
    assert result["summary"]["status"] == "fail"
    total = next(i for i in result["statements"]["financial_condition"]["items"] if i["concept"] == "total_assets")
    store.add_override(h, {"statement": "financial_condition", "item": total["id"], "col": 0,
                           "original": Decimal("1822159"), "amount": Decimal("1822195"), "reviewer": "A. Reviewer"})  # fmt: skip
    with store.engine.begin() as conn:
        conn.execute(update(documents).values(status="failed"))
    batch([report], db, workers=1, retry_failed=True)
    again = store.result(h)["result"]
    assert again["summary"]["status"] == "pass" and again["facts"]["total_assets"] == "1822195"
    assert [f["code"] for f in again["findings"] if f["code"].startswith("REVIEW-")] == ["REVIEW-CORRECTED"]


def test_each_document_of_a_batch_keeps_its_own_figures(tmp_path: Path) -> None:
    """Generated reports of different firms and figures (tests/layoutgen, the truth known): the store holds
    each document's own figures, so figures swapped between documents would show."""
    sys.path.insert(0, str(Path(__file__).parent))
    from finop.api import run_batch as batch
    from layoutgen import generate
    from layoutgen.render import to_text
    from layoutgen.score import truth

    folder = tmp_path / "reports"
    folder.mkdir()
    truths = {}
    for seed in range(50_000, 50_006):
        report, style = generate(seed)
        path = folder / f"{seed}.txt"
        path.write_text(to_text(report, style), encoding="utf-8")
        truths[path.name] = {k: v for k, v in truth(report, style).items() if isinstance(v, Decimal)}
    assert len({t["total_assets"] for t in truths.values()}) == len(truths)  # distinct figures
    db = str(tmp_path / "finop.db")
    batch([folder], db, workers=2)
    store = Store(db)
    with store.engine.connect() as conn:
        from sqlalchemy import select

        from finop.batch.store import documents, facts

        rows = conn.execute(select(documents.c.path, facts.c.concept, facts.c.amount).join(facts,
                            facts.c.hash == documents.c.hash)).all()  # fmt: skip
    stored: dict[str, dict[str, Decimal]] = {}
    for path, concept, amount in rows:
        stored.setdefault(Path(path).name, {})[concept] = amount
    assert set(stored) == set(truths)
    for name, expected in truths.items():
        got = {k: stored[name].get(k) for k in expected}
        assert got == expected, name
