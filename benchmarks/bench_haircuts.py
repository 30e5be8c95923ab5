"""Time the haircut computation on 1,000,000 positions across every class (target: under 2 s on one core).

Run: .venv/bin/python benchmarks/bench_haircuts.py [--positions N] [--runs R] [--reference-positions N]

Both sides are measured alike: from the same positions.csv on disk (reading and parsing included) to the
total haircut, each run R times, the median reported, on one core. The engine is finop's
(``load_positions`` + ``compute_haircuts``; undue concentration is timed apart, as it is an added
deduction the reference does not compute). The reference is tests/haircut_reference.py, written
independently from the rule's text: one Python step per position, Decimal throughout. By default it runs
on all N positions (no extrapolation); with --reference-positions it runs on the first rows only and the
printout says its time is scaled. Both totals are compared on the same rows.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

from finop.books.positions import load_positions
from finop.engine.haircuts import compute_haircuts
from finop.engine.undue import undue_concentration
from finop.model.assets import ASSET_CLASSES
from finop.rules import at

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from haircut_reference import reference_haircuts

AS_OF = dt.date(2020, 12, 31)
HEADER = ["id", "description", "asset_class", "market_value", "maturity_date", "issuer", "price",
          "minimal_credit_risk", "line"]  # fmt: skip


def write_positions(path: Path, n: int, seed: int = 7) -> None:
    """n positions over every class, a fifth of them short, maturities up to 30 years, 50,000 issuers."""
    rng = np.random.default_rng(seed)
    cls = rng.integers(0, len(ASSET_CLASSES), n)
    cents = rng.integers(1, 50_000_000, n)  # up to $500,000 a position
    short = rng.random(n) < 0.2
    days = rng.integers(1, 30 * 365, n)
    par = rng.random(n) < 0.5
    assessed = rng.random(n) < 0.95
    issuer = rng.integers(0, 50_000, n)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        for i in range(n):
            value = Decimal(int(cents[i])) / 100 * (-1 if short[i] else 1)
            w.writerow([f"P{i}", "position", ASSET_CLASSES[cls[i]], f"{value:.2f}",
                        (AS_OF + dt.timedelta(days=int(days[i]))).isoformat(), f"ISSUER{issuer[i]}",
                        "98.50" if par[i] else "101.25", "true" if assessed[i] else "false",
                        "securities_sold_short" if short[i] else "securities_owned"])  # fmt: skip


def head(path: Path, rows: int, out: Path) -> Path:
    """The header and the first ``rows`` rows of a CSV file, as a file of its own."""
    with path.open(encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        for _ in range(rows + 1):
            dst.write(src.readline())
    return out


def timed(runs: int, fn: Callable[[], object]) -> tuple[float, object]:
    """The median seconds of ``runs`` calls, and the last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--positions", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3, help="runs of each side; the median is reported")
    parser.add_argument("--reference-positions", type=int, default=None,
                        help="run the reference on the first N rows only (its time is then scaled)")  # fmt: skip
    args = parser.parse_args()
    view = at(AS_OF)
    with tempfile.TemporaryDirectory() as tmp:
        full = Path(tmp) / "positions.csv"
        write_positions(full, args.positions)
        k = min(args.reference_positions or args.positions, args.positions)
        sample = full if k == args.positions else head(full, k, Path(tmp) / "sample.csv")

        def engine(path: Path = full) -> Decimal:
            return compute_haircuts(load_positions(path), AS_OF, view).total()

        engine(head(full, 1000, Path(tmp) / "warm.csv"))  # warm-up (imports, caches)
        engine_s, engine_total = timed(args.runs, engine)
        positions = load_positions(full)
        result = compute_haircuts(positions, AS_OF, view)
        undue_s, undue = timed(
            args.runs, lambda: undue_concentration(positions, result, Decimal(50_000_000), AS_OF, view)
        )
        reference_s, reference_total = timed(args.runs, lambda: reference_haircuts(sample, AS_OF))
        engine_on_sample = engine_total if sample == full else engine(sample)

    print(f"positions: {args.positions:,} across {len(ASSET_CLASSES)} classes, {len(result.groups)} haircut groups; "
          f"median of {args.runs} runs each, one core, reading positions.csv included")  # fmt: skip
    print(f"engine (load + haircuts): {engine_s:.3f} s  (target < 2 s)  total {engine_total:,.2f}")
    print(f"engine undue concentration on top (positions in memory): {undue_s:.3f} s  total {undue.total:,.2f}")
    if k < args.positions:
        scaled = reference_s * args.positions / k
        print(f"reference (read + per-position Decimal) on the first {k:,} rows: {reference_s:.3f} s; "
              f"scaled linearly to {args.positions:,}: {scaled:.1f} s (an extrapolation)")  # fmt: skip
    else:
        scaled = reference_s
        print(f"reference (read + per-position Decimal) on all {k:,}: {reference_s:.3f} s")
    print(f"engine speed-up over the reference: {scaled / engine_s:.0f}x;  same total on the {k:,} rows: "
          f"{reference_total == engine_on_sample} ({reference_total:,.4f})")  # fmt: skip


if __name__ == "__main__":
    main()
