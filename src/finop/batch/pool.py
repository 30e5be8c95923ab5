"""Long-lived worker processes, each reading one document at a time, supervised.

A worker that runs past the time limit is killed with its process group (tesseract
included) and replaced; a worker that dies (a crash, a memory limit, kill -9) is
replaced and its document recorded as failed. Workers come from the fork server
with finop imported, and stay, so a document costs a pipe round trip, not a process.
``LocalPool`` runs several on this machine; ``resident_document`` keeps one in each Dask
worker process, so a Dask task costs the same round trip.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Any

from finop.batch.worker import DEFAULT_MEMORY_MB, _context, failed, out_of_memory, serve


@dataclass
class _Slot:
    process: Any
    conn: Any
    job: tuple[str, str, int] | None = None
    deadline: float = 0.0


def start_worker(memory_mb: int) -> _Slot:
    """A fresh worker process from the fork server, waiting for documents."""
    ctx = _context()
    mine, theirs = ctx.Pipe()
    process = ctx.Process(target=serve, args=(theirs, memory_mb, os.getpid()), daemon=True)
    process.start()
    theirs.close()
    return _Slot(process, mine)


def stop_worker(slot: _Slot, kill: bool) -> None:
    """Stop a worker: ask it to finish, or kill it with everything it started."""
    if kill:
        try:
            os.killpg(slot.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            slot.process.kill()
    else:
        with contextlib.suppress(BrokenPipeError, OSError):
            slot.conn.send(None)
    slot.process.join(5)
    if slot.process.is_alive():
        slot.process.kill()
        slot.process.join(5)
    slot.conn.close()


def _lost(slot: _Slot) -> str:
    """Why a worker's pipe closed under a document."""
    code = slot.process.exitcode
    slot.process.join(1)
    code = slot.process.exitcode if code is None else code
    return f"the reader crashed (signal {-code})" if code and code < 0 else f"the reader exited ({code})"


class LocalPool:
    """``workers`` supervised processes; ``run(jobs)`` yields one result per job, in completion order."""

    def __init__(self, workers: int, timeout: float, memory_mb: int) -> None:
        self.workers, self.timeout, self.memory_mb = max(1, workers), timeout, memory_mb
        self.slots: list[_Slot] = []

    def _start(self) -> _Slot:
        return start_worker(self.memory_mb)

    def _stop(self, slot: _Slot, kill: bool) -> None:
        stop_worker(slot, kill)

    def run(self, jobs: list[tuple[Any, ...]]) -> Iterator[dict[str, Any]]:
        """Each job is (path, hash, size) or (path, hash, size, corrections)."""
        queue = deque(jobs)
        self.slots = [self._start() for _ in range(min(self.workers, len(jobs)))]
        try:
            while queue or any(s.job for s in self.slots):
                for i, slot in enumerate(self.slots):
                    if slot.job is None and queue:
                        slot.job, slot.deadline = queue.popleft(), time.monotonic() + self.timeout
                        try:
                            slot.conn.send(slot.job)
                        except (BrokenPipeError, OSError):
                            yield self._replace(i, "the worker was gone before the document was sent", kill=True)
                busy = [s for s in self.slots if s.job]
                if not busy:
                    continue
                now = time.monotonic()
                ready = wait([s.conn for s in busy], timeout=max(0.0, min(s.deadline for s in busy) - now))
                for i, slot in enumerate(self.slots):
                    if slot.job is None:
                        continue
                    if slot.conn in ready:
                        try:
                            result = slot.conn.recv()
                        except (EOFError, OSError):
                            yield self._replace(i, _lost(slot), kill=True)
                            continue
                        slot.job = None
                        yield result
                        if not slot.process.is_alive() or out_of_memory(result):
                            self._stop(slot, kill=True)
                            self.slots[i] = self._start()
                    elif time.monotonic() >= slot.deadline:
                        yield self._replace(i, f"timed out after {self.timeout:g} s", kill=True)
        finally:
            for slot in self.slots:
                self._stop(slot, kill=slot.job is not None)

    def _replace(self, i: int, reason: str, kill: bool) -> dict[str, Any]:
        """Fail the slot's document with ``reason`` and put a fresh worker in its place."""
        slot = self.slots[i]
        path, h, size = slot.job[:3]  # type: ignore[index]
        elapsed = self.timeout - max(0.0, slot.deadline - time.monotonic())
        self._stop(slot, kill=kill)
        self.slots[i] = self._start()
        return failed(path, h, size, reason, elapsed)


_IDLE: dict[int, list[_Slot]] = {}  # memory limit -> this process's resident readers not in use
_IDLE_LOCK = threading.Lock()


def _take(memory_mb: int) -> _Slot:
    with _IDLE_LOCK:
        idle = _IDLE.setdefault(memory_mb, [])
        while idle:
            slot = idle.pop()
            if slot.process.is_alive():
                return slot
            stop_worker(slot, kill=True)
    return start_worker(memory_mb)


def _give_back(slot: _Slot, memory_mb: int) -> None:
    with _IDLE_LOCK:
        _IDLE.setdefault(memory_mb, []).append(slot)


def resident_document(
    path: str, h: str, size: int, timeout: float, memory_mb: int, corrections: tuple[Any, ...] = ()
) -> dict[str, Any]:
    """Read and check one document in one of this process's resident reader processes (started when none is
    free, kept for the next document, replaced after a crash, a time-out or a memory error). What a Dask task
    runs: the reader stays, as in the local pool, so a document does not cost a process start; a Dask worker
    with several threads keeps as many readers."""
    import multiprocessing as mp

    if mp.current_process().daemon:
        return failed(
            path,
            h,
            size,
            "this worker process is daemonic and cannot start a reader process; "
            "start the Dask workers with DASK_DISTRIBUTED__WORKER__DAEMON=False",
        )
    slot = _take(memory_mb)
    start = time.monotonic()
    try:
        slot.conn.send((path, h, size, corrections))
        if slot.conn.poll(timeout):
            result = slot.conn.recv()
            if slot.process.is_alive() and not out_of_memory(result):
                _give_back(slot, memory_mb)
            else:
                stop_worker(slot, kill=True)
            return result
        reason = f"timed out after {timeout:g} s"
    except (EOFError, OSError):
        reason = _lost(slot)
    stop_worker(slot, kill=True)
    return failed(path, h, size, reason, time.monotonic() - start)


def warm_resident(memory_mb: int = DEFAULT_MEMORY_MB) -> int:
    """Start a resident reader in this process now (its fork server imports finop once); returns its pid. A
    cluster can run this on every worker before a batch, as the local pool's fork server starts before one."""
    slot = _take(memory_mb)
    _give_back(slot, memory_mb)
    return slot.process.pid


def stop_residents() -> None:
    """Stop this process's resident readers (they also end with the process)."""
    with _IDLE_LOCK:
        for slots in _IDLE.values():
            for slot in slots:
                stop_worker(slot, kill=False)
        _IDLE.clear()
