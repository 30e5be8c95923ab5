"""`finop edgar` against a stand-in EDGAR on 127.0.0.1 (tests/edgar_site.py): index parsing, fetching
and resuming, the SEC's access rules measured at the server, the XML cover page and its cross-checks,
and `finop batch` over what was fetched. No test touches the network."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import HAVE_SHARED
from edgar_site import Edgar, build_site, cover_xml, form_row, serve
from finop.cli import app
from finop.edgar.client import EdgarClient, RateLimiter
from finop.edgar.index import parse_form_index, parse_master_index

AGENT = "finop tests tests@example.com"
runner = CliRunner()


@pytest.fixture()
def edgar(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Edgar]:
    site = Edgar(root=tmp_path / "sec")
    site.filings = build_site(site.root, with_corpus=HAVE_SHARED)  # type: ignore[attr-defined]
    server = serve(site)
    for k, v in site.env().items():
        monkeypatch.setenv(k, v)
    monkeypatch.delenv("FINOP_USER_AGENT", raising=False)
    yield site
    server.shutdown()


def _finop(*args: str) -> object:
    return runner.invoke(app, list(args), catch_exceptions=False)


# --- index ---------------------------------------------------------------------------------------


def test_form_index_rows_read_from_the_right_with_amendments_and_odd_names(edgar: Edgar) -> None:
    text = (edgar.root / "Archives/edgar/full-index/2025/QTR1/form.idx").read_text(encoding="latin-1")
    refs = parse_form_index(text)
    forms = {r.accession: r.form for r in refs}
    names = {r.cik: r.company for r in refs}
    assert forms["0007654321-25-000007"] == "X-17A-5/A" and forms["0003333333-25-000002"] == "X-17A-5/A"
    assert "0004444444-25-000001" not in forms and "0000320193-25-000008" not in forms  # X-17A-11, 10-K
    assert names["1111111"] == "42ND STREET CAPITAL & CO. L.P."
    assert names["2222222"] == "A VERY LONG BROKER-DEALER NAME THAT FILLS THE WHOLE COMPANY COLUMN SECURITIES"
    ref = next(r for r in refs if r.cik == "1234567")
    assert (ref.date_filed, ref.accession, ref.folder) == (
        "2025-02-27",
        "0001234567-25-000001",
        "Archives/edgar/data/1234567/000123456725000001",
    )
    assert [r.form for r in parse_form_index(text, "X-17A-11")] == ["X-17A-11"]


def test_a_form_type_wider_than_its_column_still_splits_from_the_name() -> None:
    header = (
        "Form Type   Company Name                                                  CIK         Date Filed  File Name\n"
    )
    row = "X-17A-5/A-LONG  SOME FIRM LLC    123  2025-01-02  edgar/data/123/0000000123-25-000001.txt\n"
    refs = parse_form_index(header + "-" * 40 + "\n" + row, "ALL")
    assert [(r.form, r.company, r.cik) for r in refs] == [("X-17A-5/A-LONG", "SOME FIRM LLC", "123")]


def test_master_index_keeps_a_pipe_inside_a_name(edgar: Edgar) -> None:
    text = (edgar.root / "Archives/edgar/full-index/2025/QTR1/master.idx").read_text()
    refs = {r.cik: r for r in parse_master_index(text)}
    assert refs["5555555"].company == "PIPE | AND SONS"
    assert refs["7654321"].form == "X-17A-5/A"


def test_edgar_index_lists_filings_with_urls_over_gzip_with_the_user_agent(edgar: Edgar) -> None:
    result = _finop("edgar", "index", "--year", "2025", "--quarter", "1", "-f", "json", "--user-agent", AGENT)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {r["accession"] for r in rows} >= {"0001234567-25-000001", "0007654321-25-000007", "0003333333-25-000002"}
    row = next(r for r in rows if r["cik"] == "1234567")
    assert row["url"] == f"{edgar.url}/Archives/edgar/data/1234567/000123456725000001/"
    (request,) = edgar.requests
    assert request.path == "/Archives/edgar/full-index/2025/QTR1/form.idx"
    assert request.headers["user-agent"] == AGENT and "gzip" in request.headers["accept-encoding"]


def test_all_four_quarters_a_missing_quarter_lists_nothing(edgar: Edgar) -> None:
    result = _finop("edgar", "index", "--year", "2025", "--user-agent", AGENT)
    assert result.exit_code == 0
    assert [r.status for r in edgar.requests] == [200, 404, 404, 404]
    assert result.stdout.splitlines()[0] == "cik,company,form,date_filed,accession,url,file"


def test_no_user_agent_is_refused_before_any_request(edgar: Edgar) -> None:
    result = runner.invoke(app, ["edgar", "index", "--year", "2025"])
    assert result.exit_code == 2 and "User-Agent" in result.output and "FINOP_USER_AGENT" in result.output
    result = runner.invoke(app, ["edgar", "fetch", "--cik", "1234567", "--out", "x", "--user-agent", "just a name"])
    assert result.exit_code == 2 and "contact email" in result.output
    assert edgar.requests == []


# --- fetch ---------------------------------------------------------------------------------------


def _fetch_index(edgar: Edgar, out: Path, *extra: str) -> object:
    listing = out.parent / "q1.csv"
    if not listing.exists():
        assert _finop("edgar", "index", "--year", "2025", "--quarter", "1", "--out", str(listing),
                      "--user-agent", AGENT).exit_code == 0  # fmt: skip
    return _finop("edgar", "fetch", "--index", str(listing), "--out", str(out), "--user-agent", AGENT, *extra)


def test_fetch_writes_each_filing_with_filing_json_and_a_rerun_asks_nothing(edgar: Edgar, tmp_path: Path) -> None:
    out = tmp_path / "edgar"
    result = _fetch_index(edgar, out, "--rate", "10")
    assert result.exit_code == 0, result.output
    for f in edgar.filings:  # type: ignore[attr-defined]
        folder = out / f.cik / f.accession
        record = json.loads((folder / "filing.json").read_text())
        assert (record["accession"], record["cik"], record["form"], record["date_filed"]) == (
            f.accession, f.cik, f.form, f.date,
        )  # fmt: skip
        for doc in record["documents"]:
            data = (folder / doc["name"]).read_bytes()
            assert data == f.files[doc["name"]]
            assert doc["size"] == len(data) and doc["sha256"] == hashlib.sha256(data).hexdigest()
        assert record["cover"]["submission_type"] == f.form
        assert not list(folder.glob("*.part"))
    # the three listed filings EDGAR does not have are recorded, and the run went on
    log = [json.loads(line) for line in (out / "fetch-log.jsonl").read_text().splitlines()]
    missing = {e["accession"] for e in log if e["outcome"] == "missing"}
    assert missing == {"0001111111-25-000001", "0002222222-25-000004", "0003333333-25-000002"}
    assert "not fetched: 0001111111-25-000001" in result.stderr
    asked = len(edgar.requests)
    again = _fetch_index(edgar, out)
    assert again.exit_code == 0
    new = edgar.paths()[asked:]
    assert all("/edgar/data/1234567/" not in p and "/edgar/data/7654321/" not in p for p in new), new
    assert "already here" in again.stderr


def test_fetch_by_cik_from_the_submissions_json(edgar: Edgar, tmp_path: Path) -> None:
    out = tmp_path / "edgar"
    result = _finop("edgar", "fetch", "--cik", "7654321", "--out", str(out), "--user-agent", AGENT)
    assert result.exit_code == 0
    assert edgar.requests[0].path == "/data/submissions/CIK0007654321.json"
    assert (out / "7654321" / "0007654321-25-000007" / "filing.json").is_file()
    assert "0007654321-24-000099" in result.stderr  # the 2024 filing: listed, not on the site, recorded
    edgar.requests.clear()
    result = _finop("edgar", "fetch", "--cik", "7654321", "--year", "2025", "--out", str(out), "--user-agent", AGENT)
    assert result.exit_code == 0 and edgar.paths() == ["/data/submissions/CIK0007654321.json"]


def test_backoff_on_429_waits_as_retry_after_asks(edgar: Edgar, tmp_path: Path) -> None:
    f = edgar.filings[0]  # type: ignore[attr-defined]
    path = f"/{f.folder}/index.json"
    edgar.faults[path] = [(429, {"Retry-After": "1"}), (503, {})]
    client = EdgarClient(agent=AGENT, rate=10, backoff=0.2)
    from finop.edgar.fetch import fetch
    from finop.edgar.index import FilingRef

    ref = FilingRef(f.cik, f.company, f.form, f.date, f.accession, "")
    summary = fetch(client, [ref], tmp_path / "out")
    assert dict(summary.outcomes) == {"complete": 1}
    tries = [r for r in edgar.requests if r.path == path]
    assert [r.status for r in tries] == [429, 503, 200]
    assert tries[1].at - tries[0].at >= 1.0  # Retry-After: 1
    assert tries[2].at - tries[1].at >= 0.2  # no Retry-After: the backoff


def test_a_transfer_cut_halfway_is_tried_again_and_no_half_file_is_kept(edgar: Edgar, tmp_path: Path) -> None:
    f = edgar.filings[0]  # type: ignore[attr-defined]
    path = f"/{f.folder}/annualreport.txt"
    edgar.cut.add(path)
    from finop.edgar.fetch import fetch
    from finop.edgar.index import FilingRef

    ref = FilingRef(f.cik, f.company, f.form, f.date, f.accession, "")
    summary = fetch(EdgarClient(agent=AGENT, rate=10), [ref], tmp_path / "out")
    assert dict(summary.outcomes) == {"complete": 1}
    assert edgar.paths().count(path) == 2
    folder = tmp_path / "out" / f.cik / f.accession
    assert (folder / "annualreport.txt").read_bytes() == f.files["annualreport.txt"]
    assert not list(folder.glob("*.part"))


def test_a_block_stops_the_run_instead_of_hammering(edgar: Edgar, tmp_path: Path) -> None:
    f = edgar.filings[0]  # type: ignore[attr-defined]
    edgar.faults[f"/{f.folder}/index.json"] = [(403, {})]
    out = tmp_path / "edgar"
    result = _finop("edgar", "fetch", "--cik", f.cik, "--out", str(out), "--user-agent", AGENT)
    assert result.exit_code == 4
    assert "refused (403)" in result.stderr and "stopped" in result.stderr
    assert [r.status for r in edgar.requests] == [200, 403]  # the submissions JSON, then one refusal: no more


def test_429_that_outlasts_the_retries_is_a_block(edgar: Edgar) -> None:
    f = edgar.filings[0]  # type: ignore[attr-defined]
    path = f"/{f.folder}/index.json"
    edgar.faults[path] = [(429, {"Retry-After": "0"})] * 3
    client = EdgarClient(agent=AGENT, rate=10, retries=2, backoff=0.01)
    from finop.errors import EdgarBlocked

    with pytest.raises(EdgarBlocked, match="still over the rate limit after 3 tries"):
        client.get(client.url(path))
    assert len(edgar.requests) == 3


@pytest.mark.parametrize("rate", [10, 5])
def test_the_rate_limit_holds_at_the_server(edgar: Edgar, tmp_path: Path, rate: int) -> None:
    """Many small requests as fast as the client may: no one-second window at the server over the limit."""
    folder = edgar.root / "Archives/edgar/data/9999999/000999999925000001"
    folder.mkdir(parents=True)
    for i in range(3 * rate):
        (folder / f"part{i:02d}.txt").write_text(f"page {i}\n")
    from finop.edgar.fetch import fetch
    from finop.edgar.index import FilingRef

    ref = FilingRef("9999999", "MANY PARTS LLC", "X-17A-5", "2025-01-02", "0009999999-25-000001", "")
    start = time.monotonic()
    summary = fetch(EdgarClient(agent=AGENT, rate=rate), [ref], tmp_path / "out")
    assert summary.documents == 3 * rate
    assert edgar.max_in_one_second() <= rate
    assert time.monotonic() - start >= 2.0  # 3 x rate + 1 requests cannot all go in under two seconds


def test_rate_limiter_never_lets_more_than_its_capacity_into_a_window() -> None:
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    limiter = RateLimiter(10, clock=lambda: now[0], sleep=sleep)
    times = []
    for _ in range(35):
        limiter.wait()
        times.append(now[0])
        now[0] += 0.01
    windows = [sum(1 for t in times if s <= t < s + 1.0) for s in times]
    assert max(windows) == 10  # full, never over
    assert times[-1] >= 3.0  # 35 requests at 10 a second take over three seconds
    with pytest.raises(Exception, match="at most 10"):
        RateLimiter(11)


def test_kill_9_mid_download_keeps_no_partial_file_and_a_rerun_completes(edgar: Edgar, tmp_path: Path) -> None:
    folder = edgar.root / "Archives/edgar/data/8888888/000888888825000001"
    folder.mkdir(parents=True)
    big = os.urandom(600_000)
    (folder / "report.pdf").write_bytes(b"%PDF-1.4\n" + big)
    (folder / "primary_doc.xml").write_text(
        cover_xml(cik="0008888888", name="Slow Link LLC", begin="01-01-2024", end="12-31-2024", accountant="A LLP")
    )
    path = "/Archives/edgar/data/8888888/000888888825000001/report.pdf"
    edgar.slow[path] = 100_000  # bytes a second: six seconds for the file
    listing = tmp_path / "one.json"
    listing.write_text(json.dumps([{"cik": "8888888", "form": "X-17A-5", "date_filed": "2025-01-05",
                                    "accession": "0008888888-25-000001"}]))  # fmt: skip
    out = tmp_path / "edgar"
    env = {**os.environ, **edgar.env(), "FINOP_USER_AGENT": AGENT}
    cmd = [sys.executable, "-m", "finop.cli", "edgar", "fetch", "--index", str(listing), "--out", str(out)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    target = out / "8888888" / "0008888888-25-000001"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        part = target / "report.pdf.part"
        if part.exists() and part.stat().st_size > 50_000:
            break
        time.sleep(0.05)
    else:
        proc.kill()
        pytest.fail("the download never started")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not (target / "report.pdf").exists() and not (target / "filing.json").exists()
    from finop.edgar.fetch import is_complete

    assert not is_complete(target)
    del edgar.slow[path]
    rerun = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert (target / "report.pdf").read_bytes() == b"%PDF-1.4\n" + big
    assert is_complete(target) and not list(target.glob("*.part"))


def test_ctrl_c_says_what_is_complete(edgar: Edgar, tmp_path: Path) -> None:
    folder = edgar.root / "Archives/edgar/data/8888888/000888888825000001"
    folder.mkdir(parents=True)
    (folder / "report.pdf").write_bytes(b"%PDF-1.4\n" + os.urandom(400_000))
    edgar.slow["/Archives/edgar/data/8888888/000888888825000001/report.pdf"] = 100_000
    listing = tmp_path / "two.json"
    first = edgar.filings[0]  # type: ignore[attr-defined]
    listing.write_text(json.dumps([
        {"cik": first.cik, "form": first.form, "date_filed": first.date, "accession": first.accession},
        {"cik": "8888888", "form": "X-17A-5", "date_filed": "2025-01-05", "accession": "0008888888-25-000001"},
    ]))  # fmt: skip
    out = tmp_path / "edgar"
    env = {**os.environ, **edgar.env(), "FINOP_USER_AGENT": AGENT}
    cmd = [sys.executable, "-m", "finop.cli", "edgar", "fetch", "--index", str(listing), "--out", str(out)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    part = out / "8888888" / "0008888888-25-000001" / "report.pdf.part"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (part.exists() and part.stat().st_size > 20_000):
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert "1 of 2 filings complete" in err and "interrupted" in err
    assert not part.exists() and (out / first.cik / first.accession / "filing.json").is_file()


# --- the cover page and the cross-check ----------------------------------------------------------


def _check_json(path: Path) -> dict:
    result = _finop("check", str(path), "-f", "json")
    return {"exit": result.exit_code, **json.loads(result.stdout)}


def test_a_fetched_filing_checks_with_its_cover_page(edgar: Edgar, tmp_path: Path) -> None:
    out = tmp_path / "edgar"
    assert _fetch_index(edgar, out, "--rate", "10").exit_code == 0
    good = _check_json(out / "1234567" / "0001234567-25-000001")
    assert good["exit"] == 0 and good["summary"]["status"] == "pass"
    assert [f["code"] for f in good["findings"] if f["code"].startswith("COVER")] == []
    assert good["submission"]["accession"] == "0001234567-25-000001" and good["submission"]["form"] == "X-17A-5"
    assert good["cover"]["period_end"] == "2003-12-31" and good["cover"]["material_weakness"] is False
    assert good["file"].endswith("annualreport.txt")

    bad = _check_json(out / "7654321" / "0007654321-25-000007")
    codes = {f["code"]: f for f in bad["findings"]}
    period = codes["COVER-PERIOD-MISMATCH"]
    assert period["severity"] == "error" and period["expected"] == "2018-12-31" and period["actual"] == "2019-12-31"
    assert period["sources"][0]["file"].endswith("primary_doc.xml") and period["sources"][0]["line"] > 0
    assert codes["COVER-MATERIAL-WEAKNESS"]["severity"] == "warning"
    assert "COVER-ACCOUNTANT-MISMATCH" in codes
    assert "COVER-NAME-MISMATCH" not in codes  # 'Harbor Point Securities, Inc.' on both
    assert bad["exit"] == 1 and bad["cover"]["amendment_description"] == "Restated notes"


def test_the_cover_page_alone_is_incomplete_not_pass(edgar: Edgar) -> None:
    f = edgar.filings[0]  # type: ignore[attr-defined]
    alone = _check_json(edgar.root / f.folder / "primary_doc.xml")
    assert alone["exit"] == 3 and alone["summary"]["status"] == "incomplete"
    assert alone["cover"]["registrant_name"] == "MML Distributors, LLC"


def test_cover_breaks_of_the_specification_are_findings_not_crashes(tmp_path: Path) -> None:
    from finop.readers.cover import read_cover

    xml = cover_xml(name="X" * 151, begin="2025-01-01", end="12-31-2024", accountant="Y LLP", weakness="maybe")
    xml = xml.replace("<contactPersonName>Pat Example</contactPersonName>", "")
    path = tmp_path / "bad.xml"
    path.write_text(xml)
    cover = read_cover(path)
    messages = [p.message for p in cover.problems]
    assert any("<periodBegin> is '2025-01-01', not a date in the form MM-DD-YYYY" in m for m in messages)
    assert any("<materialWeakness> is 'maybe'" in m for m in messages)
    assert any("<brokerDealerName> is 151 characters long; at most 150" in m for m in messages)
    assert any("<contactPersonName> is missing" in m for m in messages)
    assert cover.period_begin is None and cover.material_weakness is None
    result = _finop("check", str(path), "-f", "json")
    found = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "COVER-SCHEMA"]
    assert len(found) == len(messages) and all(f["sources"][0]["line"] > 0 for f in found)


@pytest.mark.parametrize("text", ["not xml at all", "<html><body>EDGAR</body></html>", "<edgarSubmission/>"])
def test_an_xml_that_is_not_an_x17a5_cover_is_a_clear_input_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "thing.xml"
    path.write_text(text)
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 2 and "thing.xml" in result.output


def test_entities_are_not_expanded(tmp_path: Path) -> None:
    from finop.readers.cover import read_cover

    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    xml = cover_xml(name="&xxe;", begin="01-01-2024", end="12-31-2024", accountant="A LLP").replace(
        '<?xml version="1.0" ?>', f'<?xml version="1.0" ?><!DOCTYPE e [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    )
    path = tmp_path / "xxe.xml"
    path.write_text(xml)
    assert "TOP SECRET" not in (read_cover(path).registrant_name or "")


@pytest.mark.skipif(not HAVE_SHARED, reason="needs ../shared/reference/edgar-x17a5 (the SEC's schema and samples)")
def test_the_specifications_samples_read_and_validate_against_the_xsd(monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import SHARED
    from finop.readers.cover import read_cover

    reference = SHARED / "reference" / "edgar-x17a5"
    monkeypatch.setenv("FINOP_X17A5_XSD", str(reference))
    sample = read_cover(reference / "Sample X-17A-5.xml")
    assert sample.schema_checked == "xsd" and sample.problems == ()
    assert (sample.cik, sample.period_begin.isoformat(), sample.period_end.isoformat()) == (
        "350001", "2014-01-06", "2014-01-10",
    )  # fmt: skip
    assert sample.material_weakness is True and sample.bd_subtype == "OTC derivatives dealer"
    assert [d.confidential for d in sample.documents] == [False, False, True] * 3  # as the sample marks them
    amendment = read_cover(reference / "Sample X-17A-5dashA.xml")
    assert amendment.amendment and amendment.amendment_description == "amendment description"
    assert amendment.accountant_type.startswith("Certified Public Accountant not resident")
    broken = (reference / "Sample X-17A-5.xml").read_text().replace("<liveTestFlag>LIVE", "<liveTestFlag>MAYBE")
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"finop-broken-{os.getpid()}.xml"
    path.write_text(broken)
    try:
        problems = read_cover(path).problems
    finally:
        path.unlink()
    assert any(p.message.startswith("schema:") and "liveTestFlag" in p.message for p in problems)
    assert any("<liveTestFlag> is 'MAYBE'" in p.message for p in problems)


def test_a_whole_submission_xml_is_checked_through_the_report_inside(tmp_path: Path) -> None:
    import base64

    report = (Path(__file__).resolve().parents[1] / "examples/mml-distributors-2003/annual-report.txt").read_bytes()
    xml = cover_xml(name="MML Distributors, LLC", begin="01-01-2003", end="12-31-2003",
                    accountant="Deloitte & Touche LLP", documents=(("report.txt", False),))  # fmt: skip
    contents = base64.encodebytes(report).decode()
    xml = xml.replace(
        "</ns1:conformedDocumentType>", f"</ns1:conformedDocumentType>\n<ns1:contents>{contents}</ns1:contents>"
    )
    path = tmp_path / "submission.xml"
    path.write_text(xml)
    result = _check_json(path)
    assert result["exit"] == 0 and result["facts"]["net_capital"] == "1268650"
    assert result["cover"]["documents"][0]["size"] == len(report)


# --- batch -----------------------------------------------------------------------------------------


def test_batch_from_the_fetched_folder_keeps_accessions_in_the_export(edgar: Edgar, tmp_path: Path) -> None:
    import csv

    out = tmp_path / "edgar"
    assert _fetch_index(edgar, out, "--rate", "10").exit_code == 0
    db = tmp_path / "finop.db"
    result = _finop("batch", str(out), "--db", str(db), "--workers", "2")
    assert result.exit_code == 0, result.output
    panel = tmp_path / "panel.csv"
    assert _finop("export", "--db", str(db), "--what", "facts", "--out", str(panel)).exit_code == 0
    rows = {r["accession"]: r for r in csv.DictReader(panel.open())}
    expected = {f.accession: f for f in edgar.filings}  # type: ignore[attr-defined]
    assert set(rows) == set(expected)  # one row per filing: its report, not its cover page
    for accession, f in expected.items():
        assert (rows[accession]["cik"], rows[accession]["form"], rows[accession]["date_filed"]) == (
            f.cik.zfill(10),  # exports write EDGAR's ten-digit CIK
            f.form,
            f.date,
        )
    assert rows["0007654321-25-000007"]["verdict"] == "fail"  # the cover's period disagrees with the report


def test_batch_edgar_fetches_and_checks_in_one_go(
    edgar: Edgar, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "finop.db"
    result = _finop("batch", "--edgar", "--year", "2025", "--quarter", "1", "--db", str(db), "--user-agent", AGENT,
                    "--rate", "10", "--workers", "1")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (tmp_path / "edgar" / "1234567" / "0001234567-25-000001" / "filing.json").is_file()
    from finop.batch.store import Store

    assert sum(Store(str(db)).counts().values()) == len(edgar.filings)  # type: ignore[attr-defined]


def test_form_row_sets_the_columns_edgar_sets() -> None:
    row = form_row("X-17A-5", "ACME", "12", "2025-01-02", "0000000012-25-000001")
    assert row.index("ACME") == 12 and row.index("12 ") == 74 and row.index("2025") == 86


def _mml_with(tmp_path: Path, submission: object = None, **cover: object) -> dict[str, dict]:
    """The example report checked with a cover page of these fields (and this EDGAR identity)."""
    from finop.pipeline import check_file
    from finop.readers.cover import read_cover

    fields = {"name": "MML Distributors, LLC", "begin": "01-01-2003", "end": "12-31-2003",
              "accountant": "Deloitte & Touche LLP", **cover}  # fmt: skip
    path = tmp_path / "primary_doc.xml"
    path.write_text(cover_xml(**fields))  # type: ignore[arg-type]
    report = Path(__file__).resolve().parents[1] / "examples/mml-distributors-2003/annual-report.txt"
    result = check_file(report, cover=read_cover(path), submission=submission)  # type: ignore[arg-type]
    return {f.code: f.to_dict() for f in result.findings if f.code.startswith("COVER")}


def test_each_cover_cross_check_fires_on_its_own_difference(tmp_path: Path) -> None:
    import datetime as dt

    from finop.model.cover import Submission

    assert _mml_with(tmp_path) == {}  # the matching cover: nothing to say
    assert _mml_with(tmp_path, name="MML DISTRIBUTORS L.L.C.") == {}  # case, punctuation, legal form aside
    assert set(_mml_with(tmp_path, name="Massachusetts Mutual Brokerage Corp.")) == {"COVER-NAME-MISMATCH"}
    begin = _mml_with(tmp_path, begin="02-01-2003")["COVER-PERIOD-BEGIN-MISMATCH"]
    assert (begin["expected"], begin["actual"]) == ("2003-02-01", "2003-01-01")
    assert set(_mml_with(tmp_path, accountant="Ernst & Young LLP")) == {"COVER-ACCOUNTANT-MISMATCH"}
    filed = Submission(accession="0001234567-25-000001", cik="7654321", form="X-17A-5/A",
                       date_filed=dt.date(2025, 2, 27))  # fmt: skip
    assert set(_mml_with(tmp_path, submission=filed)) == {"COVER-CIK-MISMATCH", "COVER-FORM-MISMATCH"}
    hidden = _mml_with(tmp_path, documents=(("annualreport.txt", True),))["COVER-NO-PUBLIC-SFC"]
    assert "every document the XML cover page lists is marked confidential" in hidden["message"]
    assert hidden["severity"] == "warning"


def test_a_public_document_without_the_statement_is_reported(tmp_path: Path) -> None:
    from finop.pipeline import check_file
    from finop.readers.cover import read_cover

    letter = tmp_path / "letter.txt"
    letter.write_text(
        "Report of Independent Registered Public Accounting Firm\n\nWe have reviewed management's statements.\n"
    )
    xml = tmp_path / "primary_doc.xml"
    xml.write_text(cover_xml(name="A LLC", begin="01-01-2024", end="12-31-2024", accountant="B LLP",
                             documents=(("letter.txt", False), ("statements.pdf", True))))  # fmt: skip
    result = check_file(letter, cover=read_cover(xml))
    (found,) = [f for f in result.findings if f.code == "COVER-NO-PUBLIC-SFC"]
    assert "the public document letter.txt was read and has no statement of financial condition" in found.message
    assert result.status == "incomplete"


def test_a_plain_folder_is_not_taken_for_a_filing(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("anything")
    result = runner.invoke(app, ["check", str(tmp_path)])
    assert result.exit_code == 2 and "not a filing's" in result.output
