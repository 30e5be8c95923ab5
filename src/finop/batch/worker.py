"""One document, isolated: what a worker process does with it, under a time and memory limit.

A worker process runs in its own process group (OCR's tesseract processes with it), so
a document that hangs is killed whole, and a crash or a memory blow-up ends only that
worker: the result says ``failed`` with the reason. Workers come from a fork server that
has finop imported, so starting one costs milliseconds, not an interpreter; they stay for
the next document (``batch.pool``).
"""

from __future__ import annotations

import hashlib
import multiprocessing as mp
import os
import re
import time
from pathlib import Path
from typing import Any

from finop.render.json import store_rows, to_json

DEFAULT_TIMEOUT = 300  # seconds a document may take
DEFAULT_MEMORY_MB = 3072  # address space a document may use
_CONTEXT: Any = None
# imported once by the fork server, so a document's child starts with them (not 100 ms of imports each)
PRELOAD = [
    "finop.api",
    "finop.batch.worker",
    "finop.readers.pdf",
    "finop.readers.ocr",
    "finop.readers.text",
    "finop.extract",
    "finop.checks.registry",
    "finop.repair",
    "finop.rules",
    "pypdfium2",
    "numpy",
    "PIL.Image",
    "pytesseract",
]
_CIK = re.compile(r"^(\d{1,10})-\d{4}-\d{2}-\d{2}")  # loose files named as the corpus names them: CIK-filing date


def content_hash(path: Path) -> str:
    """sha256 of the file's bytes (the document's identity in the store)."""
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _context() -> Any:
    global _CONTEXT
    if _CONTEXT is None:
        _CONTEXT = mp.get_context("forkserver")
        _CONTEXT.set_forkserver_preload(PRELOAD)
    return _CONTEXT


def result_of(path: str, h: str, size: int, check: Any, seconds: float) -> dict[str, Any]:
    """The rows one checked document gives the store: the document's row, and the result's rows
    as ``render.json.store_rows`` writes them."""
    rows = store_rows(check)
    sub = check.filing.submission
    if sub is not None:  # a fetched filing: its identity on EDGAR, from filing.json
        identity = {"cik": sub.cik, "accession": sub.accession, "form": sub.form,
                    "date_filed": sub.date_filed.isoformat() if sub.date_filed else None}  # fmt: skip
    else:  # the CIK of the XML cover page filed with it, else the one its name gives (CIK-date.pdf)
        cover = check.filing.cover.cik if check.filing.cover is not None else None
        named = _CIK.match(Path(path).name)
        cik = cover or (named.group(1) if named else None)
        identity = {"cik": cik.lstrip("0") if cik else None, "accession": None, "form": None, "date_filed": None}
    rows["filing"] = {**identity, **rows["filing"]}
    return {
        "hash": h,
        "path": path,
        "size": size,
        "status": "findings" if rows["filing"]["errors"] else "ok",
        "error": None,
        "pages": check.summary.pages,
        "layer": check.summary.layer,
        "seconds": round(seconds, 3),
        "json": to_json(check),
        **rows,
    }


def cannot_read(exc: OSError) -> str:
    """The reason recorded for a file the operating system will not give us."""
    return f"cannot read the file ({exc.strerror or exc})"


def out_of_memory(result: dict[str, Any]) -> bool:
    """A document that ran out of memory leaves its worker process in no state to read another."""
    return result["status"] == "failed" and "out of memory" in (result.get("error") or "")


def failed(path: str, h: str, size: int, reason: str, seconds: float = 0.0) -> dict[str, Any]:
    return {"hash": h, "path": path, "size": size, "status": "failed", "error": reason, "seconds": round(seconds, 3)}


def _mapped() -> int:
    """Bytes of address space this process maps now (0 where /proc is not there)."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def limit_process(memory_mb: int) -> None:
    """This process in its own group (a kill takes tesseract with it), with a memory limit."""
    import resource

    os.setsid()
    # never below what the process already maps (a fork of a large process) and room to work in
    limit = max(memory_mb * 1024 * 1024, _mapped() + 512 * 1024 * 1024)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    os.environ["FINOP_OCR_WORKERS"] = "1"  # parallelism is across documents


def check_one(path: str, h: str, size: int, memory_mb: int, corrections: tuple[Any, ...] = ()) -> dict[str, Any]:
    """Read and check one document here, with a reviewer's corrections of its amounts (``Correction``s) if it
    has any; every outcome is a result (never raises)."""
    start = time.perf_counter()
    try:
        from finop.errors import FinopError
        from finop.pipeline import check_path

        try:
            checked = check_path(path, corrections=tuple(corrections))
            return result_of(path, h, size, checked, time.perf_counter() - start)
        except FinopError as exc:
            return failed(path, h, size, str(exc), time.perf_counter() - start)
    except MemoryError:
        return failed(path, h, size, f"ran out of memory (limit {memory_mb} MB)", time.perf_counter() - start)
    except Exception as exc:  # a bug must not lose the document: it is recorded with its reason
        return failed(path, h, size, f"{type(exc).__name__}: {exc}", time.perf_counter() - start)


def watch_parent(parent: int, every: float = 1.0) -> None:
    """End this process and everything it started as soon as ``parent`` is gone: a worker whose driver was
    killed (kill -9) must not go on reading, past every time limit, with nobody to take its result. Gone
    means: no such process, a zombie (killed, not yet reaped), or this process given to another parent."""
    import signal
    import threading

    adopted_by = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(every)
            if not _alive(parent) or os.getppid() != adopted_by:
                os.killpg(0, signal.SIGKILL)

    threading.Thread(target=watch, name="finop-watch-parent", daemon=True).start()


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie does not)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            state = fh.read().rsplit(b")", 1)[1].split()[0]
    except (OSError, IndexError):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    return state != b"Z"


def serve(conn: Any, memory_mb: int, parent: int | None = None) -> None:
    """A long-lived worker of the local pool: documents in, results out, until told to stop. After a
    memory error it stops, so the pool starts a fresh process. With ``parent`` (the driver's pid) it ends
    itself when the driver is gone."""
    limit_process(memory_mb)
    if parent is not None:
        watch_parent(parent)
    while True:
        job = conn.recv()
        if job is None:
            return
        path, h, size, *corrections = job  # (path, hash, size[, corrections])
        result = check_one(path, h, size, memory_mb, *corrections)
        conn.send(result)
        if out_of_memory(result):
            return
