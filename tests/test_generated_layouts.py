"""Generated annual reports in many layouts (tests/layoutgen), read back: a seeded slice of what
benchmarks/bench_layouts.py runs by the thousand. Every one must give every printed fact right, no error
finding, and PASS; a failure prints the seed, the layout and what went wrong, to rerun with the benchmark."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from conftest import check_text, needs_ocr
from finop.api import check_file
from layoutgen import generate, score, to_text
from layoutgen.pdf import to_pdf, to_scan

TEXT_SEEDS = range(300)
PDF_SEEDS = range(24)
SCAN_SEEDS = (5, 10)  # two scans: OCR takes seconds a page


def test_text_reports_in_every_layout_read_right() -> None:
    failures = []
    for seed in TEXT_SEEDS:
        report, style = generate(seed)
        verdict = score(check_text(to_text(report, style), f"generated-{seed}.txt"), report, style)
        if not verdict.ok:
            failures.append(f"seed {seed} {style}: {verdict}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("seed", PDF_SEEDS)
def test_text_layer_pdfs_read_right(seed: int, tmp_path: Path) -> None:
    report, style = generate(seed)
    verdict = score(check_file(to_pdf(report, style, tmp_path / "report.pdf")), report, style)
    assert verdict.ok, f"seed {seed} {style}: {verdict}"


@needs_ocr
@pytest.mark.parametrize("seed", SCAN_SEEDS)
def test_degraded_scans_read_right(seed: int, tmp_path: Path) -> None:
    report, style = generate(seed)
    pdf = to_scan(to_pdf(report, style, tmp_path / "report.pdf"), tmp_path / "scan.pdf", random.Random(seed))
    verdict = score(check_file(pdf), report, style)
    assert verdict.ok, f"seed {seed} {style}: {verdict}"


def test_the_generator_varies_what_it_claims_to() -> None:
    """The slice covers every value of every variation (else the benchmark's per-variation figures are empty)."""
    seen: dict[str, set[str]] = {}
    for seed in TEXT_SEEDS:
        for name, value in generate(seed)[1].variations().items():
            seen.setdefault(name, set()).add(value)
    assert all(len(values) >= 2 for values in seen.values()), seen
    assert seen["scale"] == {"1", "1000", "1000000"} and seen["separator"] == {"tab", "spaces", "leaders"}


def test_generated_figures_are_consistent() -> None:
    """The truth itself: each balance sheet balances in both years, groups foot, equity rolls forward."""
    for seed in range(200):
        r, style = generate(seed)
        for year in range(style.years):
            assert r.total_assets(year) == r.total_liabilities(year) + r.total_equity(year) + (
                r.sub(year) if style.subordinated == "after" else 0
            )
        assert r.total_equity(0) == r.total_equity(1) + r.net_income - r.distributions + r.contributions
        nc = r.net_capital
        assert nc is not None and nc.net_capital - nc.minimum == nc.excess > 0
