"""One batch at a time on a store: two runs writing one database would each read every document.

A SQLite store is locked by an exclusive ``flock`` on ``DATABASE.lock`` beside it (released by the kernel
when the run ends, however it ends, so a ``kill -9`` leaves no stale lock); a PostgreSQL store by a session
advisory lock held on a connection of its own. A second run is refused at once, saying which process
holds the store, instead of waiting or doing the work twice.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import text

from finop.errors import FinopError

_ADVISORY_KEY = 0x66696E6F70  # "finop"


class StoreBusy(FinopError):
    """Another batch is writing to this store."""


@contextlib.contextmanager
def sqlite_lock(database: Path) -> Iterator[None]:
    """Hold ``database``'s batch lock for the block; ``StoreBusy`` when another process holds it."""
    lock = database.with_name(database.name + ".lock")
    lock.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "another process"
            raise StoreBusy(f"{database}: the store is busy: another finop batch (pid {holder}) is writing to it; "
                            "wait for it to finish, or give another --db") from None  # fmt: skip
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock


@contextlib.contextmanager
def postgres_lock(engine: Any) -> Iterator[None]:
    """Hold the store's advisory lock for the block on a connection of its own; ``StoreBusy`` if taken."""
    with engine.connect() as conn:
        if not conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": _ADVISORY_KEY}).scalar():
            holder = conn.execute(
                text("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = :k AND granted LIMIT 1"),
                {"k": _ADVISORY_KEY & 0xFFFFFFFF},
            ).scalar()
            raise StoreBusy(f"{engine.url.render_as_string(hide_password=True)}: the store is busy: another finop "
                            f"batch (server pid {holder or '?'}) is writing to it; wait for it, or give another --db")  # fmt: skip
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _ADVISORY_KEY})
            conn.commit()
