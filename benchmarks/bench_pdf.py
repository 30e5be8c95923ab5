"""Seconds per filing by PDF layer, and pages OCR'd per scanned filing (targets: text < 1 s; scanned < 20 s on one core).

Run: .venv/bin/python benchmarks/bench_pdf.py [--per-layer 3] [--workers 1]
Reads a few filings of each layer from ../shared/corpus in-process (one OCR
process unless --workers says otherwise) and prints the median time per layer.
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--per-layer", type=int, default=3)
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args()
    os.environ["FINOP_OCR_WORKERS"] = str(args.workers)
    os.environ.pop("FINOP_OCR_CACHE", None)  # measure OCR, not the cache
    from finop.api import check_file

    rows = list(csv.DictReader((CORPUS / "inventory.csv").open()))
    by_layer: dict[str, list[dict]] = {}
    for r in rows:
        if r["layer"] != "broken":
            by_layer.setdefault(r["layer"], []).append(r)
    check_file(CORPUS / by_layer["text"][0]["file"])  # warm-up: imports
    print(f"{'layer':<16}{'filings':>8}{'median s':>10}{'max s':>8}{'OCR pages (median)':>20}")
    for layer, rs in sorted(by_layer.items()):
        sample = rs[:: max(1, len(rs) // args.per_layer)][: args.per_layer]
        times, pages = [], []
        for r in sample:
            start = time.perf_counter()
            result = check_file(CORPUS / r["file"])
            times.append(time.perf_counter() - start)
            notes = " ".join(result.summary.reader_notes)
            m = re.search(r"OCR on pages ([\d, ]+)", notes)
            pages.append(len(m.group(1).split(",")) if m else 0)
        print(
            f"{layer:<16}{len(sample):>8}{statistics.median(times):>10.2f}{max(times):>8.2f}{statistics.median(pages):>20}"
        )


if __name__ == "__main__":
    main()
