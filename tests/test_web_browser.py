"""`finop serve` in a real browser: Playwright for Python driving Debian's chromium (the project's test
set-up installs it from Debian's packages). Each test leaves a screenshot of its page in
``$FINOP_SCREENSHOTS`` (default: a temporary folder; docs/screenshots/ holds the ones a person looked at)."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytest.importorskip("playwright", reason="the browser tests need playwright (scripts/setup.sh dev installs it)")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="the browser tests need Debian's chromium (apt-get install chromium; scripts/setup.sh dev)"
)

from PIL import Image  # noqa: E402
from playwright.sync_api import Page, sync_playwright  # noqa: E402

MML = ROOT / "examples" / "mml-distributors-2003" / "annual-report.txt"
BAD_TOTAL, GOOD_TOTAL = "$ 15,084,442", "$ 15,084,422"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """A store of a PDF whose total assets is misprinted by 20, three periods of one firm and the example,
    served by uvicorn on 127.0.0.1."""
    import uvicorn

    from finop.api import run_batch
    from finop.web.app import create_app

    sys.path.insert(0, str(ROOT / "tests"))
    from layoutgen import generate
    from layoutgen.pdf import to_html
    from layoutgen.render import to_text

    folder = tmp_path_factory.mktemp("browser")
    report, style = generate(3)
    html = to_html(report, style)
    assert html.count(GOOD_TOTAL) == 2  # total assets, then total liabilities and equity
    from weasyprint import HTML

    pdf = folder / "misprinted.pdf"
    HTML(string=html.replace(GOOD_TOTAL, BAD_TOTAL, 1)).write_pdf(str(pdf))  # total assets misprinted
    firm = []
    for i, seed in enumerate((11, 12, 13)):
        r, s = generate(seed)
        path = folder / f"5555555-20{10 + i}-03-01.txt"
        path.write_text(to_text(r, s))
        firm.append(path)
    db = str(folder / "finop.db")
    run_batch([pdf, MML, *firm], db, workers=2)
    port = _free_port()
    app = create_app(db, uploads=folder / "uploads", cache=folder / "pages")
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield {"url": f"http://127.0.0.1:{port}", "folder": folder, "pdf": pdf, "generated": report, "db": db}
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser: object) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})  # type: ignore[attr-defined]
    yield context.new_page()
    context.close()


def _shot(page: Page, name: str, full: bool = True) -> Path:
    folder = Path(os.environ.get("FINOP_SCREENSHOTS") or (ROOT / ".pytest_cache" / "screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=full)
    return path


def test_open_the_list_filter_and_open_a_filing(site: dict, page: Page) -> None:
    page.goto(f"{site['url']}/filings")
    assert page.locator("#filings tbody tr").count() == 5
    _shot(page, "filings")
    page.fill("input[name=firm]", "mml")
    page.click("button[type=submit]")
    rows = page.locator("#filings tbody tr")
    assert rows.count() == 1
    rows.first.locator("a").first.click()
    page.wait_for_selector("#findings")
    assert "MML Distributors, LLC" in page.inner_text("h1")
    page.set_viewport_size({"width": 1920, "height": 1080})
    _shot(page, "filing-text-1920")


def _misprinted(site: dict) -> str:
    import json
    import urllib.request

    with urllib.request.urlopen(f"{site['url']}/api/filings?status=fail") as r:
        (row,) = json.load(r)["filings"]
    return row["id"]


def test_the_page_image_shows_the_findings_box_where_the_amount_is(site: dict, page: Page) -> None:
    import json
    import urllib.request

    id = _misprinted(site)
    with urllib.request.urlopen(f"{site['url']}/api/filings/{id}") as r:
        result = json.load(r)
    error = next(f for f in result["findings"] if f["severity"] == "error" and (f["source"] or {}).get("box"))
    source = error["source"]
    page.goto(f"{site['url']}/filings/{id}")
    page.locator(f"tr.finding:has-text('{error['code']}')").first.click()
    image = page.locator(f"#page-{source['page']}")
    image.scroll_into_view_if_needed()
    page.wait_for_function(f"document.getElementById('page-{source['page']}').complete")
    box = image.bounding_box()
    natural = page.evaluate(f"document.getElementById('page-{source['page']}').naturalWidth")
    shot = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    shown = box["width"] / natural  # the image as the page lays it out
    scale = 110 / 72 * shown
    x0, y0, _, y1 = source["box"]
    x = box["x"] + (x0 - 3) * scale  # the finding box's left edge, 3 points outside the amount
    y = box["y"] + (y0 + y1) / 2 * scale
    reds = [shot.getpixel((round(x) + dx, round(y))) for dx in range(-2, 3)]
    assert any(r > 180 and g < 110 and b < 110 for r, g, b in reds), reds
    inside = shot.getpixel((round(x + 8 * scale), round(y)))
    assert inside != reds[2]  # the amount itself is not painted over
    _shot(page, "filing-pdf", full=False)


def test_correct_an_amount_and_the_finding_goes_with_the_reading_kept(site: dict, page: Page) -> None:
    id = _misprinted(site)
    page.goto(f"{site['url']}/filings/{id}")
    before = page.locator("#findings tr.finding td.sev-error").count()
    assert before >= 1
    option = page.locator("#correct-line option", has_text="15,084,442").first
    page.select_option("#correct-line", value=option.get_attribute("value"))
    page.fill("#correct-amount", "15,084,422")
    page.fill("#correct-reviewer", "A. Reviewer")
    page.click("#correct-form button[type=submit]")
    page.wait_for_selector("#corrections-table")
    assert page.locator("#findings tr.finding td.sev-error").count() == 0
    row = page.inner_text("#corrections-table tbody tr")
    assert "15,084,442" in row and "15,084,422" in row and "A. Reviewer" in row
    assert "pass" in page.inner_text("h1").lower()
    _shot(page, "corrected")


def test_upload_a_pdf_see_progress_then_the_result(site: dict, page: Page) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from layoutgen import generate
    from layoutgen.pdf import to_pdf

    report, style = generate(21)
    fresh = to_pdf(report, style, site["folder"] / "fresh.pdf")  # content the store has not seen
    page.goto(f"{site['url']}/upload")
    page.evaluate("""() => new MutationObserver(() => {
        (window.seen = window.seen || []).push(document.getElementById('progress').textContent);
        sessionStorage.setItem('seen', JSON.stringify(window.seen));
    }).observe(document.getElementById('progress'), {childList: true, characterData: true, subtree: true})""")
    _shot(page, "upload")
    page.set_input_files("input[type=file]", str(fresh))
    page.click("#upload button")
    page.wait_for_url(f"{site['url']}/filings/*", timeout=120_000)
    page.wait_for_selector("#findings")
    import json

    shown = json.loads(page.evaluate("sessionStorage.getItem('seen') || '[]'"))
    assert shown and shown[0] == "uploading…"
    assert any(s.startswith(("queued", "running")) for s in shown), shown
    assert page.url.endswith(hashlib.sha256(fresh.read_bytes()).hexdigest())  # the upload, stored as itself


def test_the_firm_chart_has_a_point_per_period(site: dict, page: Page) -> None:
    page.goto(f"{site['url']}/firms/5555555")
    first = page.locator("figure.chart").first
    assert "Total assets" in first.inner_text()
    assert first.locator("circle.point").count() == 3
    assert "$ " in first.inner_text()  # the axis's unit, not 1e10
    _shot(page, "firm")


def test_the_population_view(site: dict, page: Page) -> None:
    page.goto(f"{site['url']}/population")
    assert page.locator("#codes tbody tr").count() >= 1
    _shot(page, "population")
