"""Documents per minute of `finop batch` on this machine, and the executor's and store's overhead.

Run: .venv/bin/python benchmarks/bench_batch.py [--text 20] [--scanned 4]
Text-layer and scanned PDFs from ../shared/corpus, with 1 and 2 workers, each into a
fresh SQLite store (no OCR cache). The overhead is the batch's wall time beyond the
time the same documents take when checked one after another in this process
(target: under 5% of the work for text-layer filings); the fork server that starts
each document's process is started once before timing, as it is once per batch.
"""

from __future__ import annotations

import argparse
import csv
import os
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


def _files(layer: str, count: int) -> list[Path]:
    rows = [r for r in csv.DictReader((CORPUS / "inventory.csv").open()) if r["layer"] == layer]
    return [CORPUS / r["file"] for r in rows[:count]]


def _batch(files: list[Path], workers: int) -> float:
    from finop.batch.run import run_batch
    from finop.batch.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(str(Path(tmp) / "finop.db"))
        start = time.perf_counter()
        summary = run_batch(store, files, workers=workers)
        wall = time.perf_counter() - start
        store.engine.dispose()
    assert sum(summary.done.values()) == len(files)
    return wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--text", type=int, default=20)
    ap.add_argument("--scanned", type=int, default=4)
    args = ap.parse_args()
    os.environ.pop("FINOP_OCR_CACHE", None)
    os.environ["FINOP_OCR_WORKERS"] = "1"
    from finop.api import check_file

    text = _files("text", args.text)
    scanned = _files("scanned", args.scanned)
    check_file(text[0])  # warm-up: imports
    _batch(text[:1], 1)  # warm-up: the fork server starts once per batch, not per document
    start = time.perf_counter()
    for f in text:
        check_file(f)
    work = time.perf_counter() - start
    print(f"{'documents':<28}{'workers':>8}{'wall s':>9}{'docs/min':>10}")
    walls = {}
    for name, files in (("text-layer PDFs", text), ("scanned PDFs", scanned)):
        for workers in (1, 2):
            wall = _batch(files, workers)
            walls[(name, workers)] = wall
            print(f"{f'{name} ({len(files)})':<28}{workers:>8}{wall:>9.2f}{len(files) / wall * 60:>10.1f}")
    one = walls[("text-layer PDFs", 1)]
    per_doc = (one - work) / len(text)
    print(
        f"\ntext-layer, 1 worker: the documents alone take {work:.2f} s in one process; the batch {one:.2f} s: "
        f"executor and store overhead {per_doc * 1000:.0f} ms per document = {(one - work) / work:.1%} of the work"
    )


if __name__ == "__main__":
    main()
