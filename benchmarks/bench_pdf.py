"""Seconds per filing by PDF layer and page-count band, and pages OCR'd, on one core.

Run: .venv/bin/python benchmarks/bench_pdf.py [--per-band 3] [--workers 1] [--layers scanned,text]

Reads filings of ../shared/corpus in-process (one OCR process unless --workers says otherwise), a few from
each band of page counts of each layer, and prints the median and maximum seconds and the pages OCR'd, per
layer and band, then per layer. Targets (issue 12), on this 2-core machine with one core: text layer under
1 s, hidden-OCR (image+ocr-text) under 10 s, scanned large dealers' filings (25-50 pages) in a median under
20 s; and a long text-layer filing no slower than a short one by more than its pages' cheap pass.
Run it on a quiet machine: other jobs on the cores inflate every figure.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
BANDS = [(1, 15), (16, 24), (25, 50), (51, 200)]
TARGETS = {"text": 1.0, "image+ocr-text": 10.0, "scanned": 20.0}


def _band(pages: int) -> str:
    return next(f"{a}-{b}" for a, b in BANDS if a <= pages <= b)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--per-band", type=int, default=3, help="filings per layer and page band (default 3)")
    ap.add_argument("--workers", type=int, default=1, help="OCR processes (default 1: one core)")
    ap.add_argument("--layers", default="text,image+ocr-text,scanned", help="layers to time (comma-separated)")
    args = ap.parse_args()
    if not (CORPUS / "inventory.csv").exists():
        raise SystemExit(f"needs the corpus at {CORPUS} (put shared/ beside the project)")
    os.environ["FINOP_OCR_WORKERS"] = str(args.workers)
    os.environ.pop("FINOP_OCR_CACHE", None)  # measure OCR, not the cache
    from finop.api import check_file

    rows = list(csv.DictReader((CORPUS / "inventory.csv").open()))
    layers = args.layers.split(",")
    groups: dict[tuple[str, str], list[dict]] = {}
    for r in rows:
        if r["layer"] in layers:
            groups.setdefault((r["layer"], _band(int(r["pages"]))), []).append(r)
    check_file(CORPUS / next(r for r in rows if r["layer"] == "text")["file"])  # warm-up: imports
    print(f"{'layer':<16}{'pages':>8}{'filings':>8}{'median s':>10}{'max s':>8}{'OCR pages':>11}")
    per_layer: dict[str, list[float]] = {}
    large_scans: list[float] = []
    for (layer, band), rs in sorted(groups.items(), key=lambda kv: (kv[0][0], int(kv[0][1].split("-")[0]))):
        step = max(1, len(rs) // args.per_band)
        sample = rs[::step][: args.per_band]
        times, ocr = [], []
        for r in sample:
            start = time.perf_counter()
            result = check_file(CORPUS / r["file"])
            times.append(time.perf_counter() - start)
            m = re.search(r"OCR on pages ([\d, ]+)", " ".join(result.summary.reader_notes))
            ocr.append(len(m.group(1).split(",")) if m else 0)
        per_layer.setdefault(layer, []).extend(times)
        if layer == "scanned" and band == "25-50":
            large_scans.extend(times)
        print(
            f"{layer:<16}{band:>8}{len(sample):>8}{statistics.median(times):>10.2f}{max(times):>8.2f}{statistics.median(ocr):>11}"
        )
    print()
    for layer, times in per_layer.items():
        target = TARGETS.get(layer)
        verdict = (
            ""
            if target is None
            else f"target < {target:g} s: {'met' if statistics.median(times) < target else 'NOT met'}"
        )
        print(f"{layer:<16} all bands: median {statistics.median(times):.2f} s over {len(times)} filings  {verdict}")
    if large_scans:
        median = statistics.median(large_scans)
        print(
            f"scanned 25-50 pages (large dealers): median {median:.2f} s  target < 20 s: {'met' if median < 20 else 'NOT met'}"
        )


if __name__ == "__main__":
    main()
