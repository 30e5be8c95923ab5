"""Accuracy of finop on generated annual reports in many layouts, per medium and per layout variation.

Run: .venv/bin/python benchmarks/bench_layouts.py [--text 2000] [--pdf 300] [--scan 20] [--seed 0] [--workers 2]
     [--keep DIR]

Each report comes from random but consistent figures (tests/layoutgen) in a random layout; it is right when
finop reads every fact the report prints (period, totals, equity, subordinated borrowings, net income, net
capital, requirement, excess), finds no error, and says PASS. Prints accuracy per medium (text, text-layer
PDF, degraded scan), per variation value, and the first failures with what went wrong. Target: 99.5%.
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


def run_one(job: tuple[str, int, str]) -> tuple[str, int, dict[str, str], str, float]:
    """Generate report ``seed`` in ``medium``, check it; (medium, seed, variations, failure or "", seconds)."""
    medium, seed, folder = job
    from finop.api import check_document, check_file
    from finop.readers.text import parse_text
    from layoutgen import generate, score, to_text
    from layoutgen.pdf import to_pdf, to_scan

    report, style = generate(seed)
    start = time.perf_counter()
    try:
        if medium == "text":
            result = check_document(parse_text(to_text(report, style), f"generated-{seed}.txt"))
        else:
            pdf = to_pdf(report, style, Path(folder) / f"g{seed}.pdf")
            if medium == "scan":
                pdf = to_scan(pdf, Path(folder) / f"s{seed}.pdf", random.Random(seed))
            start = time.perf_counter()
            result = check_file(pdf)
        verdict = score(result, report, style)
        why = "" if verdict.ok else str(verdict)
    except Exception as exc:  # a crash is a failure of that report, not of the benchmark
        why = f"crash: {type(exc).__name__}: {exc}"
    return medium, seed, style.variations(), why, time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--text", type=int, default=2000, help="text reports (default 2000)")
    ap.add_argument("--pdf", type=int, default=300, help="text-layer PDFs (default 300)")
    ap.add_argument("--scan", type=int, default=20, help="degraded scans, OCR'd (default 20)")
    ap.add_argument("--seed", type=int, default=0, help="first seed (default 0)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--show", type=int, default=15, help="failures to print (default 15)")
    ap.add_argument("--keep", default="", help="keep the rendered PDFs in this folder (to look at failures)")
    args = ap.parse_args()
    os.environ.pop("FINOP_OCR_CACHE", None)
    keep = args.keep and Path(args.keep)
    if keep:
        keep.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="finop-layouts-") as scratch:
        folder = str(keep or scratch)  # the rendered PDFs are removed at the end unless --keep names a folder
        jobs = [(m, args.seed + i, folder) for m, n in (("text", args.text), ("pdf", args.pdf), ("scan", args.scan))
                for i in range(n)]  # fmt: skip
        start = time.perf_counter()
        with ProcessPoolExecutor(args.workers) as pool:
            results = list(pool.map(run_one, jobs, chunksize=4))
        wall = time.perf_counter() - start
    by_medium: dict[str, list[bool]] = collections.defaultdict(list)
    seconds: dict[str, list[float]] = collections.defaultdict(list)
    by_variation: dict[tuple[str, str], list[bool]] = collections.defaultdict(list)
    failures = []
    for medium, seed, variations, why, secs in results:
        ok = not why
        by_medium[medium].append(ok)
        seconds[medium].append(secs)
        for name, value in variations.items():
            by_variation[(name, value)].append(ok)
        if not ok:
            failures.append((medium, seed, why))
    total = [ok for v in by_medium.values() for ok in v]
    print(f"generated reports: {len(total)} in {wall:.0f} s with {args.workers} workers (seeds from {args.seed})")
    print(f"{'medium':<8}{'reports':>9}{'right':>9}{'accuracy':>10}{'s/report':>10}")
    for medium, oks in by_medium.items():
        mean = sum(seconds[medium]) / len(seconds[medium])
        print(f"{medium:<8}{len(oks):>9}{sum(oks):>9}{100 * sum(oks) / len(oks):>9.2f}%{mean:>10.2f}")
    print(f"{'all':<8}{len(total):>9}{sum(total):>9}{100 * sum(total) / max(1, len(total)):>9.2f}%   (target 99.5%)")
    print("\naccuracy per variation (all media):")
    for (name, value), oks in sorted(by_variation.items()):
        print(f"  {name + '=' + value:<28}{len(oks):>7}{100 * sum(oks) / len(oks):>9.2f}%")
    print(f"\nfailures: {len(failures)}")
    for medium, seed, why in failures[: args.show]:
        print(f"  {medium} seed {seed}: {why[:300]}")


if __name__ == "__main__":
    main()
