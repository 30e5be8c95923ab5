"""Time the haircut computation on 1,000,000 positions across every class (target: under 2 s on one core).

Run: .venv/bin/python benchmarks/bench_haircuts.py [--positions N] [--loop-sample N]
Prints the vectorised engine's time (exact Decimal results), the per-position
reference loop's time on a sample (scaled to the full size), the ratio, and
checks that both give the same total on the sample.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import time
from decimal import Decimal

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
import pyarrow as pa

from finop.books.positions import EPOCH, Positions
from finop.engine.haircuts import compute_haircuts, haircuts_by_loop
from finop.engine.undue import undue_concentration
from finop.model.assets import ASSET_CLASSES
from finop.rules import at

AS_OF = dt.date(2020, 12, 31)


def synthetic(n: int, seed: int = 7) -> Positions:
    rng = np.random.default_rng(seed)
    cls = rng.integers(0, len(ASSET_CLASSES), n).astype(np.int8)
    cents = rng.integers(1, 50_000_000, n, dtype=np.int64)  # up to $500,000 a position
    short = rng.random(n) < 0.2
    cents[short] *= -1
    maturity = ((AS_OF - EPOCH).days + rng.integers(1, 30 * 365, n)).astype(np.int32)
    price = np.where(rng.random(n) < 0.5, "98.50", "101.25")
    table = pa.table({"id": pa.array(np.arange(n).astype(str)), "price": pa.array(price)})
    lines = ("securities_owned", "securities_sold_short")
    return Positions(
        path="<synthetic>", table=table, asset_class=cls, cents=cents, maturity=maturity,
        issuer=rng.integers(0, 50_000, n).astype(np.int32), issuers=tuple(f"ISSUER{i}" for i in range(50_000)),
        minimal_credit_risk=rng.random(n) < 0.95, line=short.astype(np.int16), lines=lines,
    )  # fmt: skip


def subset(p: Positions, k: int) -> Positions:
    return Positions(p.path, p.table.slice(0, k), p.asset_class[:k], p.cents[:k], p.maturity[:k], p.issuer[:k], p.issuers,
                     p.minimal_credit_risk[:k], p.line[:k], p.lines)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--positions", type=int, default=1_000_000)
    parser.add_argument("--loop-sample", type=int, default=100_000)
    args = parser.parse_args()
    view = at(AS_OF)
    positions = synthetic(args.positions)
    compute_haircuts(subset(positions, 1000), AS_OF, view)  # warm-up
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        result = compute_haircuts(positions, AS_OF, view)
        undue = undue_concentration(positions, result, Decimal(50_000_000), AS_OF, view)
        runs.append(time.perf_counter() - start)
    vector_s = min(runs)
    total = result.total() + undue.total
    print(f"positions: {args.positions:,} across {len(ASSET_CLASSES)} classes, {len(result.groups)} haircut groups")
    print(f"vectorised (haircuts + undue concentration): {vector_s:.3f} s  (target < 2 s)  total {total:,.2f}")
    sample = subset(positions, min(args.loop_sample, args.positions))
    start = time.perf_counter()
    loop_total = haircuts_by_loop(sample, AS_OF, view)
    loop_s = time.perf_counter() - start
    vec_sample = compute_haircuts(sample, AS_OF, view).total()
    scaled = loop_s * args.positions / len(sample)
    print(f"per-position loop on {len(sample):,}: {loop_s:.3f} s, scaled to {args.positions:,}: {scaled:.1f} s")
    print(
        f"speed-up: {scaled / vector_s:.0f}x;  same total on the sample: {loop_total == vec_sample} ({loop_total:,.4f})"
    )


if __name__ == "__main__":
    main()
