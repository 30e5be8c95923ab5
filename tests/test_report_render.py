"""A produced report rendered as HTML and PDF, and the PDF read back by finop's own reader."""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal
from pathlib import Path

import pytest

from finop.api import check_file
from finop.model.filing import StatementKind
from finop.model.findings import Severity
from finop.model.produced import Difference, ProducedReport
from finop.produce import schedules
from finop.produce.report import produce
from finop.render.report_chart import chart_series, net_capital_chart_svg
from finop.render.report_html import render_html, upper_title
from finop.render.report_pdf import render_pdf

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "mml-distributors-2003"
ROUND_TRIP = (
    "registrant_name",
    "sec_file_number",
    "period_start",
    "period_end",
    "total_assets",
    "total_liabilities",
    "total_equity",
    "total_liabilities_and_equity",
    "net_income",
    "net_capital",
    "minimum_net_capital",
    "excess_net_capital",
    "cash_beginning",
    "cash_end",
    "net_change_in_cash",
)


@pytest.fixture(scope="module")
def report() -> ProducedReport:
    return produce(EXAMPLE)


@pytest.fixture(scope="module")
def html(report: ProducedReport) -> str:
    return render_html(report)


@pytest.fixture(scope="module")
def pdf(report: ProducedReport, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "mml-2003.pdf"
    render_pdf(report, path)
    return path


def _text(html: str) -> str:
    """The HTML's visible text, tags and the inline chart removed."""
    body = re.sub(r"<svg.*?</svg>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).replace("&#39;", "'").replace("&amp;", "&")


def test_html_prints_every_statement_figure_as_filed(html: str) -> None:
    text = _text(html)
    for figure in (
        "$1,625,324",
        "8,721",
        "85,100",
        "103,050",
        "$1,822,195",
        "332,889",
        "16,275,000",
        "(14,785,694)",
        "1,489,306",
        "91,575,848",
        "150,050",
        "8,425",
        "91,734,323",
        "329,572",
        "91,905,420",
        "(171,097)",
        "$(14,614,597)",
        "$1,660,403",
        "(3,670)",
        "(28,025)",
        "7,105",
        "(24,590)",
        "(195,687)",
        "1,821,011",
        "188,150",
        "1,301,156",
        "32,506",
        "1,268,650",
        "250,000",
        "$1,018,650",
    ):
        assert figure in text, figure


def test_html_has_the_pages_of_a_filed_report_in_order(html: str) -> None:
    text = _text(html)
    marks = [
        "ANNUAL AUDITED REPORT",
        "FORM X-17A-5",
        "PART III",
        "SEC FILE NUMBER",
        "8-48203",
        "FACING PAGE",
        "REPORT FOR THE PERIOD BEGINNING 01/01/03",
        "AND ENDING 12/31/03",
        "A. REGISTRANT IDENTIFICATION",
        "NAME OF BROKER-DEALER: MML Distributors, LLC",
        "FIRM I.D. NO.",
        "1414 Main Street",
        "NAME AND TELEPHONE NUMBER OF PERSON TO CONTACT",
        "(413) 737-8400",
        "B. ACCOUNTANT IDENTIFICATION",
        "INDEPENDENT PUBLIC ACCOUNTANT whose opinion is contained in this Report",
        "Deloitte & Touche LLP",
        "TABLE OF CONTENTS",
        "STATEMENT OF FINANCIAL CONDITION December 31, 2003",
        "STATEMENT OF LOSS Year Ended December 31, 2003",
        "STATEMENT OF CHANGES IN MEMBERS' EQUITY Year Ended December 31, 2003",
        "STATEMENT OF CASH FLOWS Year Ended December 31, 2003",
        "NOTES TO FINANCIAL STATEMENTS",
        "COMPUTATION OF NET CAPITAL PURSUANT TO RULE 15c3-1",
        "no material differences",
        "Part IIA FOCUS report",
        "claims exemption from Rule 15c3-3 under paragraph (k)(1)",
        "NET CAPITAL COMPARED WITH REQUIREMENTS",
    ]
    at = 0
    for mark in marks:
        found = text.find(mark, at)
        assert found >= 0, mark
        at = found
    assert text.count("See notes to financial statements.") == 4
    assert "<svg" in html


def test_no_reconciliation_without_focus_figures_and_a_table_with_differences(report: ProducedReport) -> None:
    none = _text(render_html(dataclasses.replace(report, differences=None)))
    assert "no material differences" not in none and "17a-5(d)(4)" not in none
    diffs = [
        Difference("3750", "Net capital", Decimal(1_250_000), Decimal(1_268_650)),
        Difference("3740", "Total haircuts", Decimal(51_156), Decimal(32_506)),
    ]
    statement = schedules.reconciliation_statement(diffs, report.books, {"3750": Decimal(1_250_000)})
    filing = dataclasses.replace(
        report.filing, statements={**report.filing.statements, StatementKind.RECONCILIATION: statement}
    )
    text = _text(render_html(dataclasses.replace(report, filing=filing, differences=tuple(diffs))))
    assert "RECONCILIATION OF NET CAPITAL PURSUANT TO RULE 17a-5(d)(4)" in text
    assert "FOCUS report $1,250,000" in text and "Decrease in haircuts on securities positions 18,650" in text
    assert "Net capital per the computation above $1,268,650" in text
    assert "no material differences" not in text
    page = render_html(dataclasses.replace(report, filing=filing, differences=tuple(diffs)))
    contents = page.split('class="contents"', 1)[1].split("</section>", 1)[0]
    anchors = re.findall(r'href="#([^"]+)"', contents)
    reconciliation = next(a for a in anchors if "reconciliation" in a)  # the schedule is in the contents
    assert f'id="{reconciliation}"' in page  # and its entry leads to it


def test_chart_over_several_years(report: ProducedReport) -> None:
    earlier = dataclasses.replace(
        report,
        filing=dataclasses.replace(
            report.filing,
            facing_page=dataclasses.replace(
                report.filing.facing_page, period_end=report.filing.facing_page.period_end.replace(year=2002)
            ),
        ),
    )
    series = chart_series([report, earlier])
    assert [row[0] for row in series] == ["Dec 31, 2002", "Dec 31, 2003"]
    assert series[1][1:] == (Decimal(1_268_650), Decimal(250_000), Decimal(300_000))
    svg = net_capital_chart_svg([report, earlier])
    assert svg.startswith("<svg") and "<text" not in svg  # lettering as outlines: nothing for a PDF reader to misread
    assert "2 year ends" in render_html(report, charts=[earlier])


def test_titles_keep_rule_references() -> None:
    assert upper_title("Computation of Net Capital Pursuant to Rule 15c3-1") == (
        "COMPUTATION OF NET CAPITAL PURSUANT TO RULE 15c3-1"
    )


def test_pdf_reads_back_as_the_same_filing(report: ProducedReport, pdf: Path) -> None:
    assert pdf.read_bytes()[:5] == b"%PDF-"
    result = check_file(pdf)
    timings = result.summary.timings  # timing is measured in benchmarks; here, what summary.seconds covers
    assert set(timings) == {"read", "extract_and_check", "repair"}
    assert result.seconds == pytest.approx(sum(timings.values()), abs=0.01)
    errors = [f"{f.code}: {f.message}" for f in result.findings if f.severity is Severity.ERROR]
    assert errors == []
    for concept in ROUND_TRIP:
        assert str(result.filing.fact(concept)) == str(report.filing.fact(concept)), concept
    assert result.filing.exemption is not None and result.filing.exemption.paragraph == "(k)(1)"
    assert result.filing.reconciliation is not None and result.filing.reconciliation.no_material_differences
    assert result.filing.method == "alternative"
    assert set(report.filing.statements) <= set(result.filing.statements)


def test_pdf_reads_back_every_produced_fact(report: ProducedReport, pdf: Path) -> None:
    read = check_file(pdf).filing
    differ = {
        k: (str(f.value), str(read.fact(k)))
        for k, f in report.filing.facts.items()
        if str(read.fact(k)) != str(f.value)
    }
    assert differ == {}


CARRYING = ("lakeshore-clearing", "granite-harbor-securities", "bayfield-securities")


@pytest.mark.parametrize(
    "folder",
    ["mml-distributors-2003", "harbor-point-corp", "harbor-point-corp-2023", "cedar-ridge-partners", *CARRYING],
)
def test_every_bundled_books_folder_round_trips(folder: str, tmp_path: Path) -> None:
    """The produced PDF, read back by finop check: no finding at all, and exactly the produced facts (for the
    carrying firms, the reserve computations' too: the schedules print them and the reader reads them)."""
    from finop.api import check_file
    from finop.produce.report import produce
    from finop.render.report_pdf import render_pdf

    report = produce(EXAMPLE.parent / folder)
    pdf = tmp_path / "report.pdf"
    render_pdf(report, pdf)
    result = check_file(pdf)
    assert [f.code for f in result.findings if f.severity.value != "info"] == []
    produced = {k: str(v.value) for k, v in report.filing.facts.items()}
    read = {k: str(v.value) for k, v in result.filing.facts.items()}
    assert read == produced


@pytest.mark.parametrize("folder", CARRYING)
def test_a_carrying_firm_prints_its_reserve_computations(folder: str, tmp_path: Path) -> None:
    """`finop report` prints the customer (and PAB) reserve computation as a schedule, says no exemption is
    claimed, and the PDF read back checks clean with the computed figures."""
    report = produce(EXAMPLE.parent / folder)
    res = report.computation.reserve
    assert res is not None
    kinds = {StatementKind.RESERVE} | ({StatementKind.PAB_RESERVE} if res.section("pab") else set())
    assert kinds <= set(report.filing.statements)
    assert report.filing.exemption is not None and not report.filing.exemption.exempt
    html = _text(render_html(report))
    assert "COMPUTATION FOR DETERMINATION OF RESERVE REQUIREMENTS PURSUANT TO RULE 15c3-3" in html
    assert "does not claim an exemption from Rule 15c3-3" in html
    pdf = tmp_path / "report.pdf"
    render_pdf(report, pdf)
    result = check_file(pdf)
    assert result.status == "pass"
    read = result.filing
    assert Decimal(str(read.fact("reserve_total_credits"))) == res.facts["reserve_total_credits"]
    assert Decimal(str(read.fact("reserve_total_debits"))) == res.facts["reserve_total_debits"]
    if res.section("pab"):
        assert Decimal(str(read.fact("pab_total_credits"))) == res.facts["pab_total_credits"]
        assert Decimal(str(read.fact("pab_excess"))) == res.facts["pab_reserve_required"]
