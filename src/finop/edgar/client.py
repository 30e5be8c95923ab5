"""An HTTP client for EDGAR that keeps the SEC's access rules.

- A declared User-Agent with a contact email on every request (``--user-agent`` or
  ``FINOP_USER_AGENT``); none, and nothing is sent.
- At most ``rate`` requests in any one-second window across every thread of the process
  (the SEC's limit is 10; the default is 5).
- gzip: responses are asked for compressed and decoded on arrival.
- 429 and 5xx are retried with backoff, waiting as long as ``Retry-After`` says when it is given.
- A refusal (403, or 429 that outlasts every retry) stops the run with ``EdgarBlocked``
  instead of asking again.

Base URLs come from ``FINOP_EDGAR_URL`` (default https://www.sec.gov) and
``FINOP_EDGAR_DATA_URL`` (default https://data.sec.gov), so tests and mirrors point elsewhere.
"""

from __future__ import annotations

import email.utils
import os
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx

from finop.errors import EdgarBlocked, EdgarError, EdgarMissing, FinopError

DEFAULT_URL = "https://www.sec.gov"
DEFAULT_DATA_URL = "https://data.sec.gov"
DEFAULT_RATE = 5.0  # requests a second; the SEC allows 10
MAX_RATE = 10.0
USER_AGENT_ENV = "FINOP_USER_AGENT"
RETRY_STATUSES = (429, 500, 502, 503, 504)
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class TransferCut(EdgarError):
    """The connection broke while a file was coming: worth one more try."""


def user_agent(given: str | None) -> str:
    """The declared User-Agent: ``given``, else ``FINOP_USER_AGENT``; refused without a contact email."""
    value = (given or os.environ.get(USER_AGENT_ENV) or "").strip()
    if not value:
        raise FinopError(
            "EDGAR needs a declared User-Agent with a contact email (the SEC's fair-access rule): "
            f'pass --user-agent "Your Name or Company you@example.com" or set {USER_AGENT_ENV}'
        )
    if not _EMAIL.search(value):
        raise FinopError(
            f"the User-Agent '{value}' has no contact email; the SEC asks for one, "
            'e.g. --user-agent "Sample Research sample@example.com"'
        )
    return value


class RateLimiter:
    """At most ``rate`` requests in any window of ``window`` seconds, across threads.

    The window is a little over a second so that a server measuring arrival times, with their
    jitter, never sees one more request in a second than allowed."""

    def __init__(
        self,
        rate: float,
        window: float = 1.05,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not 0 < rate <= MAX_RATE:
            raise FinopError(f"--rate {rate:g}: EDGAR allows at most {MAX_RATE:g} requests a second")
        self.capacity = max(1, int(rate)) if rate >= 1 else 1
        self.window = window if rate >= 1 else window / rate
        self.clock, self.sleep = clock, sleep
        self.sent: deque[float] = deque()
        self.lock = threading.Lock()

    def wait(self) -> None:
        with self.lock:
            while True:
                now = self.clock()
                while self.sent and now - self.sent[0] >= self.window - 1e-9:  # float dust is not a wait
                    self.sent.popleft()
                if len(self.sent) < self.capacity:
                    self.sent.append(now)
                    return
                self.sleep(self.window - (now - self.sent[0]))


def _retry_after(response: httpx.Response) -> float | None:
    """Seconds the server asks us to wait: ``Retry-After`` as seconds or as an HTTP date."""
    raw = response.headers.get("Retry-After")
    if not raw:
        return None
    if raw.strip().isdigit():
        return float(raw.strip())
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


@dataclass
class EdgarClient:
    """One client per run; thread-safe. ``get`` for small answers, ``download`` to stream a file."""

    agent: str
    rate: float = DEFAULT_RATE
    base_url: str = ""
    data_url: str = ""
    retries: int = 5
    backoff: float = 2.0  # first wait without Retry-After; doubles each time
    max_wait: float = 120.0  # longest single wait; a longer Retry-After is a block
    timeout: float = 60.0

    def __post_init__(self) -> None:
        self.base_url = (self.base_url or os.environ.get("FINOP_EDGAR_URL") or DEFAULT_URL).rstrip("/")
        self.data_url = (self.data_url or os.environ.get("FINOP_EDGAR_DATA_URL") or DEFAULT_DATA_URL).rstrip("/")
        self.limiter = RateLimiter(self.rate)
        self.http = httpx.Client(
            headers={"User-Agent": self.agent, "Accept-Encoding": "gzip, deflate"},
            timeout=self.timeout,
            follow_redirects=True,
        )
        self.requests = 0

    def close(self) -> None:
        self.http.close()

    def url(self, path: str) -> str:
        """An address on www.sec.gov (or its stand-in)."""
        return f"{self.base_url}/{path.lstrip('/')}"

    def data(self, path: str) -> str:
        """An address on data.sec.gov (or its stand-in)."""
        return f"{self.data_url}/{path.lstrip('/')}"

    @contextmanager
    def _send(self, url: str) -> Iterator[httpx.Response]:
        """One answered request (streamed), after the waits the rules and the server ask for."""
        for attempt in range(self.retries + 1):
            self.limiter.wait()
            self.requests += 1
            try:
                stream = self.http.stream("GET", url)
                response = stream.__enter__()
            except httpx.TransportError as exc:
                if attempt == self.retries:
                    raise EdgarError(url, f"no answer after {attempt + 1} tries ({type(exc).__name__}: {exc})") from exc
                time.sleep(min(self.max_wait, self.backoff * 2**attempt))
                continue
            try:
                if response.status_code == 200:
                    try:
                        yield response
                    except httpx.TransportError as exc:
                        raise TransferCut(url, f"the connection broke during the transfer ({exc})") from exc
                    return
                response.read()
                wait = self._judge(url, response, attempt)
            finally:
                stream.__exit__(None, None, None)
            time.sleep(wait)
        raise EdgarError(url, "no answer")  # not reached: the last attempt raises

    def _judge(self, url: str, response: httpx.Response, attempt: int) -> float:
        """How long to wait before asking again, or the error that ends the asking."""
        status = response.status_code
        if status == 404:
            raise EdgarMissing(url, "not found (404)", status)
        if status == 403:
            raise EdgarBlocked(
                url,
                "refused (403): the SEC blocks clients without a declared User-Agent or above 10 requests a second; "
                "stopping. Check --user-agent, lower --rate, and wait about ten minutes before running again",
                status,
            )
        if status not in RETRY_STATUSES:
            raise EdgarError(url, f"HTTP {status}", status)
        asked = _retry_after(response)
        if attempt == self.retries or (asked is not None and asked > self.max_wait):
            if status == 429:
                raise EdgarBlocked(
                    url,
                    f"still over the rate limit after {attempt + 1} tries (429"
                    + (f", Retry-After {asked:g} s" if asked is not None else "")
                    + "); stopping instead of asking again. Lower --rate and run again later",
                    status,
                )
            raise EdgarError(url, f"HTTP {status} after {attempt + 1} tries", status)
        return asked if asked is not None else min(self.max_wait, self.backoff * 2**attempt)

    def get(self, url: str) -> bytes:
        with self._send(url) as response:
            return response.read()

    def get_json(self, url: str) -> Any:
        import json

        body = self.get(url)
        try:
            return json.loads(body)
        except ValueError as exc:
            raise EdgarError(url, f"not JSON ({exc})") from None

    def download(self, url: str, write: Callable[[bytes], None]) -> int:
        """Stream ``url`` into ``write``, decoded; returns the bytes written."""
        total = 0
        with self._send(url) as response:
            for block in response.iter_bytes(1 << 16):
                write(block)
                total += len(block)
        return total
