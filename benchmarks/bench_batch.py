"""Documents per minute of `finop batch` on this machine, the executor's and store's overhead, and
Dask against the local pool.

Run: .venv/bin/python benchmarks/bench_batch.py [--text 20] [--scanned 4] [--dask-docs 40]
Text-layer and scanned PDFs from ../shared/corpus, with 1 and 2 workers, each into a
fresh SQLite store (no OCR cache). The overhead is the batch's wall time beyond the
time the same documents take when checked one after another in this process
(target: under 5% of the work for text-layer filings); the fork server that starts
each document's process is started once before timing, as it is once per batch.

Dask against the pool: the same text-layer documents (``--dask-docs``, the corpus's text
filings repeated under new content so none is skipped) on the local pool of 2 workers and on a
local Dask cluster of 2 workers (one thread each), the cluster and each Dask worker's resident
reader started before timing, as the pool's fork server is. Each runs twice, alternated, and the
better of its two times counts. Target: Dask costs under 10% more than the pool per core.
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
    ap.add_argument("--dask-docs", type=int, default=40, help="documents for Dask against the pool (0: skip)")
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
    if args.dask_docs:
        _dask_against_pool(args.dask_docs)


def _copies(count: int, folder: Path) -> list[Path]:
    """``count`` text-layer filings, the corpus's repeated with a byte appended so each is new content."""
    sources = _files("text", 1000)
    out = []
    for i in range(count):
        source = sources[i % len(sources)]
        copy = folder / f"{i:04d}-{source.name}"
        copy.write_bytes(source.read_bytes() + b"\n%" + str(i).encode() + b"\n")
        out.append(copy)
    return out


def _dask_against_pool(count: int) -> None:
    from finop.batch.run import close_client, dask_client, run_batch
    from finop.batch.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        files = _copies(count, Path(tmp))
        walls: dict[str, float] = {}
        for round_, name in enumerate(("pool", "dask", "pool", "dask")):  # alternated, the best of two each
            store = Store(str(Path(tmp) / f"{name}{round_}.db"))
            client = dask_client(None, 2) if name == "dask" else None
            try:
                if client is not None:  # each worker's reader starts before timing, as the pool's fork server does
                    from finop.batch.pool import warm_resident

                    client.run(warm_resident)
                start = time.perf_counter()
                summary = run_batch(store, files, workers=2, client=client)
                walls[name] = min(walls.get(name, float("inf")), time.perf_counter() - start)
            finally:
                if client is not None:
                    close_client(client)
            assert sum(summary.done.values()) == count, summary.done
            store.engine.dispose()
    ratio = walls["dask"] / walls["pool"]
    print(
        f"\nDask against the local pool, {count} text-layer documents, 2 workers each: pool {walls['pool']:.1f} s, "
        f"Dask {walls['dask']:.1f} s; Dask/pool = {ratio:.3f} ({ratio - 1:+.1%}; target under +10%)"
    )


if __name__ == "__main__":
    main()
