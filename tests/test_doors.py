"""The doors around the reader: files that are not files, text in other encodings, databases that are not
finop's, and exports a spreadsheet or a newcomer would trip over. Each gets a clear answer, never a hang, a
traceback or a changed foreign file."""

from __future__ import annotations

import csv
import os
import sqlite3
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import ROOT
from finop.api import check, export, run_batch
from finop.batch.export import csv_cell
from finop.errors import FinopError, InputError

MML = ROOT / "examples" / "mml-distributors-2003" / "annual-report.txt"


def finop(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "finop.cli", *args], capture_output=True, text=True, timeout=timeout)


@pytest.fixture()
def odd_files(tmp_path: Path) -> dict[str, Path]:
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    (tmp_path / "loop-a").symlink_to(tmp_path / "loop-b")
    (tmp_path / "loop-b").symlink_to(tmp_path / "loop-a")
    return {"fifo": fifo, "device": Path("/dev/zero"), "loop": tmp_path / "loop-a", "missing": tmp_path / "no.pdf"}


@pytest.mark.parametrize(
    ("kind", "words"),
    [("fifo", "is a FIFO"), ("device", "is a device"), ("loop", "a symbolic link that loops"), ("missing", "no such file")],
)  # fmt: skip
def test_check_refuses_what_is_not_a_regular_file_without_opening_it(odd_files: dict, kind: str, words: str) -> None:
    done = finop("check", str(odd_files[kind]), timeout=30)  # a FIFO opened would block for ever
    assert done.returncode == 2
    assert words in done.stderr and str(odd_files[kind]) in done.stderr and "Traceback" not in done.stderr


def test_batch_records_a_fifo_and_a_device_as_failed_and_goes_on(odd_files: dict, tmp_path: Path) -> None:
    db = str(tmp_path / "finop.db")
    summary = run_batch([odd_files["fifo"], odd_files["device"], MML], db, workers=1)
    assert summary.done["failed"] == 2 and summary.done["ok"] + summary.done["findings"] == 1
    reasons = dict(summary.failures)
    assert "not a regular file" in reasons[str(odd_files["fifo"])]
    done = finop("batch", str(odd_files["fifo"]), "--db", str(tmp_path / "other.db"), timeout=60)
    assert done.returncode == 0
    assert f"failed: {odd_files['fifo']}: " in done.stdout  # the summary says which and why


def _mml_in(encoding: str, bom: bool) -> bytes:
    text = MML.read_text(encoding="utf-8")
    data = text.encode(encoding)
    if bom:
        data = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff", "utf-8": b"\xef\xbb\xbf"}[encoding] + data
    return data


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-16-le", True), ("utf-16-be", True), ("utf-16-le", False), ("utf-16-be", False), ("utf-8", True),
     ("cp1252", False)],
)  # fmt: skip
def test_text_in_utf16_latin1_or_with_a_bom_reads_as_the_utf8_original(
    tmp_path: Path, encoding: str, bom: bool
) -> None:
    report = tmp_path / "report.txt"
    report.write_bytes(_mml_in(encoding, bom))
    original, read = check(MML), check(report)
    assert read.status == original.status == "pass"
    assert {k: f.value for k, f in read.filing.facts.items()} == {k: f.value for k, f in original.filing.facts.items()}


def test_stray_nul_bytes_are_dropped_with_a_note(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    data = MML.read_bytes()
    report.write_bytes(data[:500] + b"\x00" + data[500:])
    result = check(report)
    assert result.status == "pass"
    assert any("NUL" in note for note in result.summary.reader_notes)


def test_binary_data_is_still_refused(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_bytes(os.urandom(20000))
    with pytest.raises(InputError, match="binary data"):
        check(report)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("doors")
    evil = folder / "evil.txt"  # a caption a spreadsheet would run as a formula
    evil.write_text(MML.read_text().replace("DUE FROM AFFILIATES", "=cmd DUE FROM AFFILIATES", 1))
    db = str(folder / "finop.db")
    run_batch([MML, evil], db, workers=1)
    return db


def test_export_never_creates_a_database_and_names_what_is_wrong(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    with pytest.raises(FinopError, match="no such database"):
        export("facts", tmp_path / "x.csv", str(missing))
    assert not missing.exists()
    junk = tmp_path / "junk.db"
    junk.write_bytes(os.urandom(4096))
    done = finop("export", "--what", "facts", "--out", str(tmp_path / "x.csv"), "--db", str(junk))
    assert done.returncode == 2 and "not a database finop can use" in done.stderr and "Traceback" not in done.stderr


def test_a_foreign_sqlite_file_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    foreign = tmp_path / "theirs.db"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE documents (x)")
    con.commit()
    con.close()
    before = foreign.read_bytes()
    for args in (["batch", str(MML)], ["export", "--what", "facts", "--out", str(tmp_path / "x.csv")]):
        done = finop(*args, "--db", str(foreign))
        assert done.returncode == 2 and "not a finop database" in done.stderr
    assert foreign.read_bytes() == before
    assert not Path(f"{foreign}-wal").exists()  # not switched to a write-ahead log


def test_export_format_follows_the_name_and_refuses_a_mismatch(store: str, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "panel.parquet"
    assert export("facts", out, store) == 2
    assert pq.read_table(out).num_rows == 2  # Parquet, as the name says (not CSV under a .parquet name)
    with pytest.raises(FinopError, match="the name says csv but --format is parquet"):
        export("facts", tmp_path / "panel.csv", store, format="parquet")


def test_findings_export_has_the_figures_and_documents_export_the_reasons(store: str, tmp_path: Path) -> None:
    export("findings", tmp_path / "findings.csv", store)
    rows = list(csv.DictReader((tmp_path / "findings.csv").open()))
    assert {"cik", "period_end", "expected", "actual", "difference"} <= set(rows[0])
    sign = next(r for r in rows if r["code"] == "CAPTION-SIGN")
    assert sign["actual"] == "7105" and sign["period_end"] == "2003-12-31"
    export("documents", tmp_path / "documents.csv", store)
    docs = list(csv.DictReader((tmp_path / "documents.csv").open()))
    assert len(docs) == 2 and {d["status"] for d in docs} <= {"ok", "findings"}


def test_csv_cells_a_spreadsheet_would_run_are_text(store: str, tmp_path: Path) -> None:
    export("line-items", tmp_path / "items.csv", store)
    labels = [r["label"] for r in csv.DictReader((tmp_path / "items.csv").open())]
    assert "'=cmd DUE FROM AFFILIATES" in labels
    assert not any(label[:1] in "=+@" for label in labels)
    assert [csv_cell(v) for v in ("=1+1", "+cmd", "@SUM(A1)", "-2+3", "-1234", "-12.50", Decimal("-5"), None)] == [
        "'=1+1", "'+cmd", "'@SUM(A1)", "'-2+3", "-1234", "-12.50", "-5", ""]  # fmt: skip


def test_the_panel_keeps_every_fact_column_with_its_source_and_typed_identity(store: str, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from finop.model.facts import FACT_NAMES

    out = tmp_path / "panel.parquet"
    export("facts", out, store)
    table = pq.read_table(out)
    for name in FACT_NAMES:  # every fact a filing can have, found in these two or not: the columns never move
        assert name in table.column_names and f"{name}_source" in table.column_names
    assert table.schema.field("period_end").type == pa.date32()
    rows = table.to_pylist()
    assert {r["net_capital_source"] for r in rows} == {"schedule"}
    assert {r["total_assets_source"] for r in rows} == {"statement"}
    assert all(r["reserve_total_credits"] is None for r in rows)  # a fact no filing here states: empty
    import pandas as pd

    frame = pd.read_parquet(out)  # the CIK is text to pandas (never a float), even when none was read
    assert not pd.api.types.is_numeric_dtype(frame["cik"])
    assert frame["cik"].map(lambda v: pd.isna(v) or (isinstance(v, str) and len(v) == 10)).all()


def test_headings_get_no_class_in_the_line_items(store: str, tmp_path: Path) -> None:
    labels = tmp_path / "labels"
    labels.mkdir()
    (labels / "assets.csv").write_text(
        "Lineitems,Manual Classification\nASSETS,Other assets\nCASH AND CASH EQUIVALENTS,Cash\n"
    )
    export("line-items", tmp_path / "items.csv", store, labels=labels)
    rows = [r for r in csv.DictReader((tmp_path / "items.csv").open()) if r["statement"] == "financial_condition"]
    heading = next(r for r in rows if r["label"] == "ASSETS")
    cash = next(r for r in rows if r["label"] == "CASH AND CASH EQUIVALENTS")
    assert heading["role"] == "header" and heading["class"] == ""
    assert cash["class"] == "Cash"


def test_every_fact_a_check_gives_is_a_known_column() -> None:
    from finop.model.facts import FACT_NAMES

    fixtures = sorted((ROOT / "tests" / "fixtures" / "reports").glob("*.txt"))
    for report in [MML, *fixtures]:
        assert set(check(report).filing.facts) <= set(FACT_NAMES), report.name


def test_a_scan_read_with_ocr_never_says_it_has_no_text_layer(tmp_path: Path) -> None:
    import random

    sys.path.insert(0, str(ROOT / "tests"))
    from layoutgen import generate
    from layoutgen.pdf import to_pdf, to_scan

    report, style = generate(11)
    scan = to_scan(to_pdf(report, style, tmp_path / "g.pdf"), tmp_path / "scan.pdf", random.Random(1))
    result = check(scan, ocr="never")
    assert result.status == "incomplete"
    (finding,) = [f for f in result.findings if f.code == "EXTRACT-NO-STATEMENTS"]
    assert "no text layer on" in finding.message and "--ocr auto would read them" in finding.message
    assert "does not read as an annual report" not in finding.message


def test_a_pdf_source_gives_the_line_on_its_page(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from layoutgen import generate
    from layoutgen.pdf import to_pdf

    report, style = generate(5)
    result = check(to_pdf(report, style, tmp_path / "g.pdf"))
    source = result.filing.facts["total_assets"].source
    assert source is not None and source.page >= 1
    from finop.readers import read_document

    page = [ln for ln in read_document(tmp_path / "g.pdf").lines() if ln.page == source.page]
    assert source.page_line == next(i for i, ln in enumerate(page, 1) if ln.number == source.line)  # from its top
    assert source.where() == f"page {source.page}, line {source.page_line}"
    assert source.to_dict()["page_line"] == source.page_line
