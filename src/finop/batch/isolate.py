"""One call in a child process of its own, with a time and a memory limit: how `finop check` reads a single
file with the same isolation a batch document has.

The child is forked (finop is already imported: no start-up cost), put in its own process group (a kill
takes tesseract with it) and given an address-space limit. The parent waits up to the time limit, then
kills the group. What the child returns or raises comes back through a pipe: a ``FinopError`` is raised
again as itself; a memory error, a crash or a time-out as an ``InputError`` saying which limit was hit; any
other exception as ``IsolatedBug`` with the child's traceback.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import resource
import signal
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from finop.batch.worker import limit_process, watch_parent
from finop.errors import FinopError, InputError


class IsolatedBug(Exception):
    """An unexpected exception in the child: its type, message and traceback."""

    def __init__(self, kind: str, message: str, trace: str) -> None:
        super().__init__(f"{kind}: {message}")
        self.kind, self.message, self.trace = kind, message, trace


def _child(conn: Any, call: tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]], limits: tuple[int, float],
           parent: int) -> None:  # fmt: skip
    fn, args, kwargs = call
    memory_mb, seconds = limits
    limit_process(memory_mb)
    cpu = int(seconds) + 5  # CPU seconds: a child the parent can no longer stop stops itself
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    watch_parent(parent)
    try:
        outcome: tuple[str, Any] = ("ok", fn(*args, **kwargs))
    except FinopError as exc:  # sent as its message (exceptions with their own arguments do not unpickle)
        outcome = ("finop", str(exc))
    except MemoryError:
        outcome = ("memory", None)
    except BaseException as exc:  # reported to the parent as a bug, never lost
        outcome = ("bug", (type(exc).__name__, str(exc), traceback.format_exc()))
    try:
        conn.send(outcome)
    except MemoryError:
        conn.send(("memory", None))
    conn.close()


def run_isolated(
    path: str | Path,
    fn: Callable[..., Any],
    *args: Any,
    timeout: float,
    memory_mb: int,
    on_wait: Callable[[float], None] | None = None,
    **kwargs: Any,
) -> Any:
    """``fn(*args, **kwargs)`` in a limited child process; ``path`` names the file in errors. ``on_wait`` is
    called with the seconds waited so far, a few times a second, while the child works."""
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(child, (fn, args, kwargs), (memory_mb, timeout), os.getpid()),
                          daemon=True)  # fmt: skip
    process.start()
    child.close()
    start = time.monotonic()
    try:
        while not parent.poll(0.2):
            waited = time.monotonic() - start
            if waited >= timeout:
                raise InputError(path, f"took longer than the time limit ({timeout:g} s; --timeout sets it)")
            if not process.is_alive() and not parent.poll(0):
                code = process.exitcode or 0
                reason = f"signal {-code}" if code < 0 else f"exit status {code}"
                raise InputError(path, f"the reader crashed ({reason}); it may be out of memory (limit {memory_mb} MB)")
            if on_wait:
                on_wait(waited)
        try:
            kind, value = parent.recv()
        except EOFError:
            raise InputError(path, f"the reader stopped without an answer (memory limit {memory_mb} MB?)") from None
    finally:
        _stop(process)
        parent.close()
    if kind == "ok":
        return value
    if kind == "finop":
        raise FinopError(value)
    if kind == "memory":
        raise InputError(path, f"ran out of memory (limit {memory_mb} MB; --memory sets it)")
    raise IsolatedBug(*value)


def _stop(process: Any) -> None:
    """End the child and everything it started (its process group)."""
    if process.is_alive():
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            process.kill()
    process.join(5)
