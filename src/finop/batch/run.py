"""The batch driver: find the documents, skip those already done, run the rest on a local pool or on
Dask, and commit each result as it arrives (the driver is the only writer)."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from finop.batch.store import DONE, Store
from finop.batch.worker import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, cannot_read, content_hash, failed
from finop.errors import FinopError, InputError

SUFFIXES = (".pdf", ".txt")


def _in_folder(folder: Path) -> list[Path]:
    """The documents under a folder: every .pdf and .txt, except that a fetched filing's folder (one with
    ``filing.json``) gives only its report, the one ``finop check FOLDER`` reads."""
    from finop.pipeline import FILING_JSON, cover_of, main_document

    out = []
    filings = {f.parent for f in folder.rglob(FILING_JSON)}
    for f in sorted(folder.rglob("*")):
        if f.suffix.lower() in SUFFIXES and f.is_file() and f.parent not in filings:
            out.append(f)
    for filing in sorted(filings):
        cover = cover_of(filing)
        report = main_document(filing, cover)
        if report is not None:
            out.append(report)
        elif cover is not None:  # the documents are inside the submission XML, or there is none to read
            out.append(Path(cover.path))
    return out


def expand_inputs(inputs: list[str]) -> list[Path]:
    """Files as given, folders searched recursively for .pdf and .txt (a fetched filing's folder gives its
    report), '@LIST' files of paths (one a line)."""
    out: list[Path] = []
    for raw in inputs:
        if raw.startswith("@"):
            listing = Path(raw[1:])
            if not listing.is_file():
                raise InputError(listing, "no such list file")
            base = listing.parent
            for line in listing.read_text(encoding="utf-8").splitlines():
                line = line.strip()
                if line and not line.startswith("#"):
                    p = Path(line)
                    out.append(p if p.is_absolute() else base / p)
            continue
        p = Path(raw)
        if p.is_dir():
            out.extend(_in_folder(p))
        elif p.exists():
            out.append(p)
        else:
            raise InputError(p, "no such file or folder")
    seen: set[Path] = set()
    unique = []
    for p in out:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


@dataclass
class Job:
    path: str
    hash: str
    size: int
    error: str | None = None  # why the file cannot even be opened
    corrections: tuple[Any, ...] = ()  # a reviewer's corrections of its amounts, applied when it is read again


@dataclass
class BatchSummary:
    total: int = 0
    skipped: int = 0
    done: Counter = field(default_factory=Counter)  # status -> count, this run
    layers: Counter = field(default_factory=Counter)
    slowest: list[tuple[float, str]] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (path, why) of each document that failed
    seconds: float = 0.0
    verdicts: Counter = field(default_factory=Counter)  # pass | fail | incomplete -> count, this run
    in_store: dict[str, int] = field(default_factory=dict)  # status -> count in the whole store, after the run
    verdicts_in_store: dict[str, int] = field(default_factory=dict)
    database: str = ""

    @property
    def tie_rate(self) -> float | None:
        checked = self.done["ok"] + self.done["findings"]
        return self.done["ok"] / checked if checked else None


def plan(
    store: Store, paths: list[Path], retry_failed: bool, on_file: Callable[[], None] | None = None
) -> tuple[list[Job], int]:
    """The documents still to do (by content hash) and how many are skipped as already done."""
    statuses = store.statuses()
    corrections = store.corrections()
    jobs: list[Job] = []
    skipped = 0
    seen: set[str] = set()
    for p in paths:
        if on_file:
            on_file()
        error = None
        if p.exists() and not p.is_file():  # a FIFO would block the hashing for ever, a device never end
            h, size, error = f"unreadable:{p.resolve()}", 0, "not a regular file (a folder, FIFO, device or socket)"
        else:
            try:
                h, size = content_hash(p), p.stat().st_size
            except OSError as exc:
                h, size, error = f"unreadable:{p.resolve()}", 0, cannot_read(exc)
        if h in seen:
            skipped += 1  # the same content under another name
            continue
        seen.add(h)
        status = statuses.get(h, (None, 0))[0]
        if status in DONE or (status == "failed" and not retry_failed):
            skipped += 1
            continue
        jobs.append(Job(str(p), h, size, error, corrections.get(h, ())))
    return jobs, skipped


def _local(jobs: list[Job], workers: int, timeout: float, memory_mb: int) -> Iterator[dict[str, Any]]:
    """The local pool: ``workers`` supervised processes, a document at a time each."""
    from finop.batch.pool import LocalPool

    for j in jobs:
        if j.error or not j.size:  # nothing to read: no process needed
            yield failed(j.path, j.hash, 0, j.error or "the file is empty")
    todo = [(j.path, j.hash, j.size, j.corrections) for j in jobs if j.size and not j.error]
    if todo:
        yield from LocalPool(workers, timeout, memory_mb).run(todo)


def _dask(jobs: list[Job], client: Any, timeout: float, memory_mb: int) -> Iterator[dict[str, Any]]:
    """The same work on a Dask cluster, each Dask worker keeping one resident reader process (as the local
    pool does); a worker lost under a document fails that document, not the run."""
    from distributed import as_completed as dask_completed

    from finop.batch.pool import resident_document

    for j in jobs:
        if j.error or not j.size:
            yield failed(j.path, j.hash, 0, j.error or "the file is empty")
    todo = [j for j in jobs if j.size and not j.error]
    futures = {
        client.submit(
            resident_document,
            j.path,
            j.hash,
            j.size,
            timeout,
            memory_mb,
            j.corrections,
            pure=False,
            key=f"finop-{j.hash}",
        ): j
        for j in todo
    }
    for fut in dask_completed(list(futures)):
        job = futures[fut]
        try:
            yield fut.result()
        except Exception as exc:  # KilledWorker and the like
            yield failed(job.path, job.hash, job.size, f"the Dask worker was lost ({type(exc).__name__})")


SCHEDULER_WAIT = 10  # seconds to reach a Dask scheduler before saying it cannot be reached


def dask_client(scheduler: str | None, dask_local: int | None) -> Any:
    """A Dask client: on the scheduler at ``scheduler``, or on a local cluster of ``dask_local`` workers."""
    import dask
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            return Client(scheduler, timeout=f"{SCHEDULER_WAIT}s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise FinopError(f"cannot reach the Dask scheduler at {scheduler} within {SCHEDULER_WAIT} s "
                             f"({type(exc).__name__}: {exc}); is it running, and is the address tcp://HOST:PORT?") from None  # fmt: skip
    # each worker's reader is a child process, which a daemonic worker may not have; the workers' statistical
    # profiler (a stack sample every 10 ms) costs a batch CPU and tells it nothing
    dask.config.set({"distributed.worker.daemon": False, "distributed.worker.profile.enabled": False})
    cluster = LocalCluster(n_workers=dask_local or 1, threads_per_worker=1, processes=True, dashboard_address=":0")
    return Client(cluster)


def close_client(client: Any) -> None:
    """Close a Dask client, and the local cluster it started (quietly: workers stop before the scheduler)."""
    import logging

    cluster = getattr(client, "cluster", None)
    logging.getLogger("distributed").setLevel(logging.CRITICAL)
    client.close()
    if cluster is not None:
        cluster.close()


def run_batch(
    store: Store,
    paths: list[Path],
    *,
    workers: int = 1,
    client: Any = None,
    timeout: float = DEFAULT_TIMEOUT,
    memory_mb: int = DEFAULT_MEMORY_MB,
    retry_failed: bool = False,
    on_plan: Callable[[int, int], None] | None = None,
    on_result: Callable[[dict[str, Any]], None] | None = None,
    on_hashed: Callable[[], None] | None = None,
) -> BatchSummary:
    """Run every document not yet done and commit each result; returns what this run did."""
    start = time.perf_counter()
    jobs, skipped = plan(store, paths, retry_failed, on_hashed)
    summary = BatchSummary(total=len(paths), skipped=skipped)
    if on_plan:
        on_plan(len(jobs), skipped)
    results = (
        _dask(jobs, client, timeout, memory_mb) if client is not None else _local(jobs, workers, timeout, memory_mb)
    )
    for result in results:
        try:
            store.record(result)
        except SQLAlchemyError as exc:  # a full disk, a lost server: stop, keeping what is committed
            reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
            committed = sum(summary.done.values())
            raise FinopError(f"{store.url}: could not write the result of {result['path']} ({reason}). The "
                             f"{committed} document(s) committed before it stay; free space (or mend the database) "
                             "and run the same command again to go on.") from None  # fmt: skip
        summary.done[result["status"]] += 1
        if result.get("layer"):
            summary.layers[result["layer"]] += 1
        if result.get("filing"):
            summary.verdicts[result["filing"].get("verdict") or "unknown"] += 1
        if result["status"] == "failed":
            summary.failures.append((result["path"], result.get("error") or "unknown"))
        seconds = result.get("seconds") or 0.0
        summary.slowest = sorted([*summary.slowest, (seconds, result["path"])], reverse=True)[:5]
        if on_result:
            on_result(result)
    summary.seconds = time.perf_counter() - start
    return summary
