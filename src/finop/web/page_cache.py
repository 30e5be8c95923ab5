"""Rendered pages kept per store revision: a page is built once until the store changes.

Every write a reader can see (a result, a correction, a confirmation) raises the store's revision in
the same transaction (``Store.revision``), so a page kept under the revision it was built at is never
stale, whichever of `finop serve`'s processes made the change. The cache is bounded by bytes, least
recently used first out.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

from fastapi.responses import Response


class PageCache:
    """Response bodies by (what was asked, store revision), at most ``limit`` bytes of them."""

    def __init__(self, revision: Callable[[], int], limit: int = 64 * 1024 * 1024) -> None:
        self._revision = revision
        self._limit = limit
        self._size = 0
        self._pages: OrderedDict[str, tuple[int, bytes, str]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str, build: Callable[[], Response]) -> Response:
        """The response for ``key``: kept if built at the store's current revision, else built (and kept)."""
        now = self._revision()
        with self._lock:
            found = self._pages.get(key)
            if found is not None and found[0] == now:
                self._pages.move_to_end(key)
                return Response(found[1], media_type=found[2])
        response = build()
        body = bytes(response.body)
        if response.status_code == 200 and len(body) <= self._limit // 16:
            with self._lock:
                old = self._pages.pop(key, None)
                self._size += len(body) - (len(old[1]) if old else 0)
                self._pages[key] = (now, body, response.media_type or "text/html")
                while self._size > self._limit:
                    _, (_, dropped, _) = self._pages.popitem(last=False)
                    self._size -= len(dropped)
        return response
