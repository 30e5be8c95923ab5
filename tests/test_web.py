"""`finop serve` through FastAPI's test client: the list and its filters, one filing, page images with
their boxes, uploads (and what is refused), escaping of filing text, and the token."""

from __future__ import annotations

import io
import time
from decimal import Decimal
from pathlib import Path

import pytest

fastapi = pytest.importorskip("fastapi", reason="finop serve needs fastapi (scripts/setup.sh installs it)")
from fastapi.testclient import TestClient  # noqa: E402
from PIL import Image  # noqa: E402

from finop.web.app import create_app, sniff  # noqa: E402
from samples import decompression_bomb  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
MML = ROOT / "examples" / "mml-distributors-2003" / "annual-report.txt"
HARBOR = ROOT / "tests" / "fixtures" / "reports" / "harbor-point-2019.txt"
EVIL = "<script>alert('x')</script> Securities"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A batch database of the example, a fixture report, one whose registrant is a script, and a PDF."""
    import sys

    from finop.api import run_batch

    sys.path.insert(0, str(ROOT / "tests"))
    from layoutgen import generate
    from layoutgen.pdf import to_pdf

    folder = tmp_path_factory.mktemp("web")
    evil = folder / "7777777-2004-02-27.txt"  # a name as the corpus's: CIK-date
    evil.write_text(MML.read_text().replace("MML Distributors, LLC", EVIL, 1))
    report, style = generate(3)
    pdf = to_pdf(report, style, folder / "generated.pdf")
    db = str(folder / "finop.db")
    run_batch([MML, HARBOR, evil, pdf], db, workers=2)
    return {"db": db, "folder": folder, "pdf": pdf}


def client(store: dict, **options: object) -> TestClient:
    return TestClient(create_app(store["db"], uploads=store["folder"] / "uploads", cache=store["folder"] / "pages",
                                 **options))  # type: ignore[arg-type]  # fmt: skip


def test_the_list_filters_sorts_and_pages(store: dict) -> None:
    c = client(store)
    everything = c.get("/api/filings").json()
    assert everything["total"] == 4
    row = everything["filings"][0]
    assert {"id", "file", "cik", "period_end", "status"} <= set(row)
    mml = c.get("/api/filings", params={"firm": "mml distrib"}).json()
    assert [r["registrant_name"] for r in mml["filings"]] == ["MML Distributors, LLC"]
    in_2003 = sum(1 for r in everything["filings"] if (r["period_end"] or "").startswith("2003"))
    assert in_2003 >= 2  # the example and its copy
    assert c.get("/api/filings", params={"period": "2003"}).json()["total"] == in_2003
    statuses = {r["status"] for r in everything["filings"]}
    for status in statuses:
        some = c.get("/api/filings", params={"status": status}).json()
        assert some["total"] == sum(1 for r in everything["filings"] if r["status"] == status)
    coded = c.get("/api/filings", params={"code": "CAPTION-SIGN"}).json()["filings"]
    having = [r["id"] for r in everything["filings"]
              if any(f["code"] == "CAPTION-SIGN" for f in c.get(f"/api/filings/{r['id']}").json()["findings"])]  # fmt: skip
    assert having and sorted(r["id"] for r in coded) == sorted(having)
    pages = [
        c.get("/api/filings", params={"limit": 1, "offset": i, "sort": "registrant_name"}).json() for i in range(4)
    ]
    assert len({p["filings"][0]["id"] for p in pages}) == 4
    assert c.get("/api/filings", params={"status": "maybe"}).status_code == 400
    assert c.get("/api/filings", params={"sort": "path; DROP TABLE filings"}).status_code == 400


def test_one_filing_is_the_check_result(store: dict) -> None:
    from finop.api import check

    c = client(store)
    (row,) = c.get("/api/filings", params={"firm": "MML"}).json()["filings"]
    whole = c.get(f"/api/filings/{row['id']}").json()
    assert whole["facts"] == check(MML).to_dict()["facts"]
    assert whole["status"] == row["status"] == "pass" and whole["document"]["status"] == "ok"
    assert whole["id"] == row["id"] and whole["document"]["path"].endswith("annual-report.txt")
    html = c.get(f"/filings/{row['id']}").text
    assert "MML Distributors, LLC" in html and "CAPTION-SIGN" in html and "1,268,650" in html  # with separators
    assert "Statement of Financial Condition".lower() in html.lower()


def test_filing_text_is_escaped_everywhere(store: dict) -> None:
    c = client(store)
    (row,) = c.get("/api/filings", params={"firm": "script"}).json()["filings"]
    for page in ("/filings", f"/filings/{row['id']}"):
        html = c.get(page).text
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(" in html


def test_page_image_draws_the_boxes_where_the_facts_are(store: dict) -> None:
    c = client(store)
    row = next(r for r in c.get("/api/filings").json()["filings"] if r["file"].endswith(".pdf"))
    result = c.get(f"/api/filings/{row['id']}").json()
    source = next(s["source"] for s in result["fact_sources"].values() if s["source"] and s["source"].get("box"))
    response = c.get(f"/filings/{row['id']}/pages/{source['page']}.png")
    assert response.status_code == 200 and response.headers["content-type"] == "image/png"
    image = Image.open(io.BytesIO(response.content)).convert("RGB")
    scale = 110 / 72
    x0, y0, _, y1 = source["box"]
    left = round(x0 * scale - 1 * scale)  # a fact's box's left edge, drawn 1 point outside the figure
    middle = round((y0 + y1) / 2 * scale)
    colours = {image.getpixel((x, middle)) for x in range(left - 1, left + 3)}
    assert (22, 163, 74) in colours  # the fact colour
    assert c.get(f"/filings/{row['id']}/pages/999.png").status_code == 404
    assert (store["folder"] / "pages").is_dir()  # cached


def test_no_path_from_a_visitor_reaches_the_file_system(store: dict) -> None:
    c = client(store)
    for bad in ("../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "0" * 63 + "g", "abc"):
        assert c.get(f"/api/filings/{bad}").status_code == 404
        assert c.get(f"/filings/{bad}/pages/1.png").status_code in (404, 422)


def _wait(c: TestClient, job: str) -> dict:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        status = c.get(f"/api/jobs/{job}").json()
        if status["status"] in ("done", "failed"):
            return status
        time.sleep(0.2)
    raise AssertionError("the job did not finish")


def test_an_upload_is_checked_in_the_background_and_stored(store: dict) -> None:
    c = client(store)
    text = HARBOR.read_text().replace("Harbor Point Securities, Inc.", "Upload Test Securities, Inc.")
    job = c.post("/api/check", files={"file": ("report.bin", text.encode(), "application/octet-stream")}).json()["job"]
    status = _wait(c, job)
    assert status["status"] == "done", status
    assert c.get(f"/api/filings/{status['filing']}").json()["facing_page"]["registrant_name"].startswith("Upload Test")


def test_uploads_refused_for_size_and_type_and_a_bomb_fails_cleanly(store: dict, tmp_path: Path) -> None:
    c = client(store, max_upload=50_000)
    big = c.post("/api/check", files={"file": ("big.pdf", b"%PDF-1.4\n" + b"0" * 60_000, "application/pdf")})
    assert big.status_code == 413
    png = io.BytesIO()
    Image.new("RGB", (4, 4)).save(png, format="PNG")
    assert c.post("/api/check", files={"file": ("report.pdf", png.getvalue(), "application/pdf")}).status_code == 415
    bomb = decompression_bomb(tmp_path / "bomb.pdf").read_bytes()
    plain = client(store)
    job = plain.post("/api/check", files={"file": ("bomb.pdf", bomb, "application/pdf")}).json()["job"]
    status = _wait(plain, job)
    assert status["status"] == "failed" and "decompression bomb" in status["error"]


def test_a_token_is_required_when_set(store: dict) -> None:
    c = client(store, token="s3cret")
    assert c.get("/api/filings").status_code == 401
    assert c.get("/api/filings", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert c.get("/api/filings", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    assert c.get("/filings", params={"token": "s3cret"}).status_code == 200
    assert c.get("/api/filings").status_code == 200  # the browser's cookie from ?token=


def test_serve_refuses_a_public_address_without_a_token() -> None:
    from typer.testing import CliRunner

    from finop.cli import app

    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0"], env={"FINOP_TOKEN": ""})
    assert result.exit_code == 2 and "listens on this machine only" in result.output


def test_firm_series_has_a_point_per_period(store: dict) -> None:
    c = client(store)
    series = c.get("/api/firms/7777777/series").json()
    assert [(p["period_end"], p["net_capital"]) for p in series["points"]] == [("2003-12-31", "1268650")]
    assert c.get("/api/firms/abc/series").status_code == 400


def test_sniff_judges_by_content() -> None:
    assert sniff(b"%PDF-1.7\n...") == "pdf"
    assert sniff(b"STATEMENT OF FINANCIAL CONDITION\n") == "txt"
    assert sniff(b"\x89PNG\r\n\x1a\n\x00\x00") is None
    assert sniff(b"PK\x03\x04\x00\x00") is None


def test_a_correction_is_kept_apart_and_the_checks_run_again(store: dict, tmp_path: Path) -> None:
    """A total misprinted (as a misread would be): correct it, the error goes, the reading stays beside it."""
    import csv

    from finop.api import export, run_batch

    report = tmp_path / "misread.txt"
    report.write_text(MML.read_text().replace("TOTAL ASSETS\t$ 1,822,195", "TOTAL ASSETS\t$ 1,822,159"))
    db = str(tmp_path / "review.db")
    run_batch([report], db, workers=1)
    c = TestClient(create_app(db, uploads=tmp_path / "up", cache=tmp_path / "pages"))
    (row,) = c.get("/api/filings").json()["filings"]
    before = c.get(f"/api/filings/{row['id']}").json()
    errors = [f for f in before["findings"] if f["severity"] == "error"]
    assert errors and row["status"] == "fail"
    total = next(i for i in before["statements"]["financial_condition"]["items"] if i["concept"] == "total_assets")
    html = c.get(f"/filings/{row['id']}").text
    token = html.split('name="csrf" value="')[1].split('"')[0]
    form = {"line": f"financial_condition|{total['id']}|0", "amount": "1,822,195", "reviewer": "A. Reviewer",
            "note": "the page prints 1,822,195", "csrf": token}  # fmt: skip
    assert c.post(f"/filings/{row['id']}/corrections", data={**form, "csrf": "forged"}).status_code == 403
    assert c.get(f"/api/filings/{row['id']}/corrections").json() == []
    done = c.post(f"/filings/{row['id']}/corrections", data=form, follow_redirects=False)
    assert done.status_code == 303
    after = c.get(f"/api/filings/{row['id']}").json()
    assert [f for f in after["findings"] if f["severity"] == "error"] == []
    assert after["facts"]["total_assets"] == "1822195" and after["summary"]["status"] == "pass"
    (note,) = [f for f in after["findings"] if f["code"] == "REVIEW-CORRECTED"]
    assert note["actual"] == "1822159" and note["expected"] == "1822195"
    (override,) = c.get(f"/api/filings/{row['id']}/corrections").json()
    assert (override["original"], override["printed"], override["amount"], override["reviewer"]) == (
        "1822159", "$1,822,159", "1822195", "A. Reviewer",  # printed as the reader keeps it
    )  # fmt: skip
    panel = tmp_path / "panel.csv"
    export("facts", panel, db)
    (exported,) = list(csv.DictReader(panel.open()))
    assert exported["corrected"] == f"financial_condition/{total['id']}[0] 1822159 -> 1822195 (A. Reviewer)"
    assert "1,822,159" in c.get(f"/filings/{row['id']}").text  # the reading, shown beside the correction


def test_the_processes_of_one_server_share_forms_and_never_show_a_stale_page(tmp_path: Path) -> None:
    """`finop serve --workers 2`: a page kept by one process is rebuilt once another process writes (the
    store's revision), and a form rendered by one is accepted by the other (one secret per server)."""
    from finop.api import run_batch

    report = tmp_path / "misread.txt"
    report.write_text(MML.read_text().replace("TOTAL ASSETS\t$ 1,822,195", "TOTAL ASSETS\t$ 1,822,159"))
    db = str(tmp_path / "review.db")
    run_batch([report], db, workers=1)
    one, other, stranger = (
        TestClient(create_app(db, uploads=tmp_path / "up", cache=tmp_path / "pages", secret=secret))
        for secret in (b"server", b"server", b"another server")
    )  # fmt: skip
    (row,) = one.get("/api/filings").json()["filings"]
    assert row["status"] == "fail" and one.get(f"/api/filings/{row['id']}").json()["status"] == "fail"
    html = one.get(f"/filings/{row['id']}").text
    assert "REVIEW-CORRECTED" not in html
    token = html.split('name="csrf" value="')[1].split('"')[0]
    total = next(i for i in one.get(f"/api/filings/{row['id']}").json()["statements"]["financial_condition"]["items"]
                 if i["concept"] == "total_assets")  # fmt: skip
    form = {"line": f"financial_condition|{total['id']}|0", "amount": "1822195", "reviewer": "A. Reviewer",
            "csrf": token}  # fmt: skip
    assert stranger.post(f"/filings/{row['id']}/corrections", data=form).status_code == 403
    assert other.post(f"/filings/{row['id']}/corrections", data=form, follow_redirects=False).status_code == 303
    assert one.get("/api/filings").json()["filings"][0]["status"] == "pass"  # kept pages rebuilt
    assert one.get(f"/api/filings/{row['id']}").json()["status"] == "pass"
    assert "REVIEW-CORRECTED" in one.get(f"/filings/{row['id']}").text


def test_the_firm_page_charts_a_point_per_period_with_readable_axes(store: dict) -> None:
    c = client(store)
    html = c.get("/firms/7777777").text
    assert html.count('class="point"') >= 3  # one period: a point on each chart that has its figure
    assert "$ millions" in html or "$ thousands" in html
    assert "e+" not in html and "E+" not in html
    assert c.get("/firms/123").status_code == 404


def test_the_population_view_counts(store: dict) -> None:
    c = client(store)
    data = c.get("/api/population").json()
    assert sum(data["ratio_buckets"].values()) >= 2
    assert {r["code"] for r in data["findings_by_code"]} >= {"CAPTION-SIGN"}
    cushions = [Decimal(r["cushion"]) for r in data["nearest_early_warning"]]
    assert cushions == sorted(cushions)
    html = c.get("/population").text
    assert "CAPTION-SIGN" in html and "<script>alert" not in html


def test_chart_axes_reach_past_the_highest_point_in_a_readable_unit() -> None:
    from finop.web.charts import _ticks, line_chart, money_unit

    assert money_unit(Decimal("236215000000")) == (Decimal(10) ** 9, "billions")
    assert money_unit(Decimal("146000000")) == (Decimal(10) ** 6, "millions")
    ticks = _ticks(Decimal(0), Decimal("236.215"))
    assert ticks[0] <= 0 and ticks[-1] >= Decimal("236.215") and len(ticks) <= 7
    svg = line_chart("t", ["2004", "2016"], {"a": [Decimal(2988000000), Decimal(236215000000)]}, [None, "fail"])
    assert "$ billions" in svg and ">fail<" in svg and svg.count('class="point"') == 2


def test_a_reviewer_confirms_a_finding(store: dict) -> None:
    c = client(store)
    (row,) = c.get("/api/filings", params={"firm": "MML"}).json()["filings"]
    html = c.get(f"/filings/{row['id']}").text
    token = html.split('name="csrf" value="')[1].split('"')[0]
    result = c.get(f"/api/filings/{row['id']}").json()
    finding = next(f for f in result["findings"] if f["severity"] != "info")
    form = {"code": finding["code"], "message": finding["message"], "reviewer": "B. Auditor", "csrf": token}
    assert c.post(f"/filings/{row['id']}/confirmations", data={**form, "csrf": "x"}).status_code == 403
    assert c.post(f"/filings/{row['id']}/confirmations", data={**form, "message": "made up"}).status_code == 400
    assert c.post(f"/filings/{row['id']}/confirmations", data=form, follow_redirects=False).status_code == 303
    (confirmed,) = c.get(f"/api/filings/{row['id']}/confirmations").json()
    assert (confirmed["code"], confirmed["reviewer"]) == (finding["code"], "B. Auditor")
    assert "confirmed by B. Auditor" in c.get(f"/filings/{row['id']}").text
