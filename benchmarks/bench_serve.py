"""Latency of `finop serve` under load: 100 concurrent page requests against a store of 10,000 filings.

Run: .venv/bin/python benchmarks/bench_serve.py [--filings 10000] [--requests 1000] [--concurrency 100]

The store is filled with the results of generated reports (tests/layoutgen, checked once each), copied
under new ids with their firm, CIK and period varied, so it holds as many filings as asked without
reading each (the reader's speed is bench_layouts' and bench_pdf's business). The server is `finop serve`
on 127.0.0.1, in its own processes (uvicorn, ``--workers`` of them, default 2: the cores); the client sends ``--requests`` requests per
page kind, ``--concurrency`` at a time: the list (first page, a filter, a deep page), one filing's page,
its JSON, and a page image (cached after the first). Prints p50/p99 per kind. Target: p99 under 300 ms
for the list and the filing's page on this machine.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _fill(db: str, count: int, folder: Path) -> list[str]:
    """A store of ``count`` filings: a few generated reports read for real, then copied under new ids."""
    sys.path.insert(0, str(ROOT / "tests"))
    from finop.api import check
    from finop.batch.store import Store
    from finop.batch.worker import content_hash, result_of
    from layoutgen import generate
    from layoutgen.pdf import to_pdf

    store = Store(db)
    seeds = []
    for seed in range(4):
        report, style = generate(seed)
        pdf = to_pdf(report, style, folder / f"g{seed}.pdf")
        seeds.append((pdf, check(pdf)))
    rng = random.Random(5)
    ids = []
    for i in range(count):
        pdf, checked = seeds[i % len(seeds)]
        h = hashlib.sha256(f"{content_hash(pdf)}-{i}".encode()).hexdigest()
        row = result_of(str(pdf), h, pdf.stat().st_size, checked, 0.1)
        row["filing"].update(cik=str(1_000_000 + i % 2500), registrant_name=f"Firm {i % 2500} Securities LLC",
                             period_end=f"{2002 + i % 20}-12-31",
                             verdict=rng.choice(["pass", "pass", "pass", "fail", "incomplete"]))  # fmt: skip
        store.record(row)
        ids.append(h)
    return ids


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, path: str) -> int:
    """One GET on a kept-alive connection: the status, with the body read whole."""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n".encode())
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = next(int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                  if line.lower().startswith(b"content-length:"))  # fmt: skip
    await reader.readexactly(length)
    return status


async def _load(port: int, paths: list[str], concurrency: int) -> list[float]:
    """Each path's latency, ``concurrency`` requests in flight, each on its own kept-alive connection.

    The client is asyncio's streams, not an HTTP library: it shares the server's two cores, and an
    httpx.AsyncClient costs about as much per request as the server (measured: p50 of a cached page
    image 576 ms through httpx, against the figures this prints)."""
    times: list[float] = []
    queue = list(paths)

    async def worker() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=2**24)
        try:
            while queue:
                path = queue.pop()
                start = time.perf_counter()
                status = await _get(reader, writer, path)
                times.append(time.perf_counter() - start)
                assert status == 200, (path, status)
        finally:
            writer.close()

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--filings", type=int, default=10_000)
    ap.add_argument("--requests", type=int, default=1000, help="requests per page kind")
    ap.add_argument("--concurrency", type=int, default=100)
    ap.add_argument("--workers", type=int, default=2, help="server processes (finop serve --workers)")
    ap.add_argument("--store", type=Path, help="keep the filled store in this folder, and reuse it when there")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.store or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        db = str(folder / "finop.db")
        start = time.perf_counter()
        if args.store and (folder / "ids.json").exists():
            ids = json.loads((folder / "ids.json").read_text())
        else:
            ids = _fill(db, args.filings, folder)
            (folder / "ids.json").write_text(json.dumps(ids))
        print(f"store: {len(ids):,} filings in {time.perf_counter() - start:.0f} s")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        # the server in its own process, as `finop serve` runs (a client in the same process would share its GIL)
        server = subprocess.Popen(
            [sys.executable, "-m", "finop.cli", "serve", "--db", db, "--port", str(port), "--workers", str(args.workers)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.time() + 60
            while time.time() < deadline:
                try:
                    urllib.request.urlopen(f"{url}/api/filings?limit=1")
                    break
                except OSError:
                    time.sleep(0.2)
            rng = random.Random(9)
            one = ids[0]
            result = json.loads(urllib.request.urlopen(f"{url}/api/filings/{one}").read())
            page = next((f["source"]["page"] for f in result["findings"] if (f.get("source") or {}).get("page")), 1)
            kinds = {
                "list, first page": lambda: "/filings",
                "list, filtered": lambda: f"/filings?status=fail&period={2002 + rng.randrange(20)}",
                "list, deep page": lambda: f"/filings?offset={rng.randrange(args.filings - 50)}",
                "filing page": lambda: f"/filings/{rng.choice(ids)}",
                "filing JSON": lambda: f"/api/filings/{rng.choice(ids)}",
                "page image (cached)": lambda: f"/filings/{one}/pages/{page}.png",
            }
            print(f"{'page':<22}{'requests':>9}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}")
            for name, make in kinds.items():
                paths = [make() for _ in range(args.requests)]
                asyncio.run(_load(port, paths[:5], 5))  # warm: the image's first rendering, the caches
                times = sorted(asyncio.run(_load(port, paths, args.concurrency)))
                p50 = statistics.median(times) * 1000
                p99 = times[min(len(times) - 1, int(len(times) * 0.99))] * 1000
                print(f"{name:<22}{len(times):>9}{p50:>9.0f}{p99:>9.0f}{times[-1] * 1000:>9.0f}")
        finally:  # the server goes whatever happened (an error left two running before)
            server.terminate()
            server.wait(10)


if __name__ == "__main__":
    main()
