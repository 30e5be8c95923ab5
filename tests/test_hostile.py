"""A hostile-input corpus, generated here (never stored as binaries), through `finop check` as a user runs
it: each case's exit code, and a bound on its time and its memory (the peak resident size of the process
tree, from wait4). No case may print a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ROOT
from samples import one_line_pdf, one_page_pdf

MML = ROOT / "examples" / "mml-distributors-2003" / "annual-report.txt"
SECONDS = 30  # every case, on a 2-core CI machine
MEGABYTES = 1500  # peak resident size of finop and its child


def _fifo(folder: Path) -> Path:
    os.mkfifo(folder / "pipe.txt")
    return folder / "pipe.txt"


def _loop(folder: Path) -> Path:
    (folder / "a.pdf").symlink_to(folder / "b.pdf")
    (folder / "b.pdf").symlink_to(folder / "a.pdf")
    return folder / "a.pdf"


def _write(name: str, data: bytes) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        (folder / name).write_bytes(data)
        return folder / name

    return make


def _mml_with(old: str, new: str) -> Callable[[Path], Path]:
    return _write("report.txt", MML.read_text().replace(old, new, 1).encode())


def _many_streams(folder: Path) -> Path:
    """Six pages whose content streams inflate to 50 MB each: every one under the per-stream limit."""
    from samples import _pdf

    content = zlib.compress(b"%" + b" " * (50 << 20) + b"\n", 9)
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(6))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count 6 >>".encode()]
    for i in range(6):
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {4 + 2 * i} 0 R >>".encode())
        objects.append(
            f"<< /Length {len(content)} /Filter /FlateDecode >>\nstream\n".encode() + content + b"\nendstream"
        )
    (folder / "many.pdf").write_bytes(_pdf(objects))
    return folder / "many.pdf"


PAGE = b"BT /F1 12 Tf 72 700 Td (Statement of Financial Condition) Tj ET"
# (name, how to make it, extra arguments, the exit code, words the message must hold)
CASES: list[tuple[str, Callable[[Path], Path], tuple[str, ...], int, str]] = [
    ("empty file", _write("empty.txt", b""), (), 2, "the file is empty"),
    ("binary data", _write("noise.txt", bytes(range(256)) * 256), (), 2, "binary data"),
    ("FIFO", _fifo, (), 2, "is a FIFO"),
    ("device", lambda folder: Path("/dev/zero"), (), 2, "is a device"),
    ("symbolic link loop", _loop, (), 2, "a symbolic link that loops"),
    ("truncated PDF", _write("cut.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"), (), 2, "not a readable PDF"),
    ("page beyond the PDF limit", lambda f: one_page_pdf(f / "wide.pdf", 200_000, 200_000), (), 2,
     "outside what a PDF page can be"),
    ("page too large to render", lambda f: one_page_pdf(f / "big.pdf", 14_400, 14_400), ("--ocr", "always"), 2,
     "more than any scan"),
    ("--pages past the end", lambda f: one_page_pdf(f / "one.pdf", 612, 792, PAGE), ("--pages", "99"), 2,
     "has no page 99 (it has 1 page)"),
    ("--pages 0", lambda f: one_page_pdf(f / "one.pdf", 612, 792, PAGE), ("--pages", "0"), 2,
     "pages are numbered from 1"),
    ("--pages three billion", lambda f: one_page_pdf(f / "one.pdf", 612, 792, PAGE), ("--pages", "1-3000000000"),
     2, "more pages than a report has"),
    ("16,000 words on one PDF line", lambda f: one_line_pdf(f / "line.pdf"), ("--pages", "1"), 3, ""),
    ("a long digit run in prose", _mml_with("MML Distributors, LLC (SEC File", "1" * 32_000 + " (SEC File"), (), 0,
     ""),
    ("markup in the text", _mml_with("DUE FROM AFFILIATES", "[/] DUE FROM [bold]AFFILIATES"), (), 0, ""),
    ("UTF-16 text", _write("utf16.txt", b"\xff\xfe" + MML.read_text().encode("utf-16-le")), (), 0, ""),
    ("NUL bytes", _write("nul.txt", MML.read_bytes().replace(b"\n", b"\n\x00", 3)), (), 0, ""),
    ("a flate stream that inflates to 256 MB", lambda f: one_page_pdf(f / "inflate.pdf", 612, 792,
     b"%" + b" " * (256 << 20) + b"\n" + PAGE, compress=True), (), 2, "refused as a decompression bomb"),
    ("many streams that inflate to 300 MB together", _many_streams, (), 2, "inflate past 256 MB together"),
]  # fmt: skip


def _run(args: list[str]) -> tuple[int, str, float, float]:
    """Exit code, stderr, seconds, and the peak resident megabytes of the process and the children it waited
    for (wait4's usage of this one process tree, not of every process the suite started)."""
    start = time.monotonic()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    watchdog = threading.Timer(SECONDS * 3, process.kill)
    watchdog.start()
    try:
        stderr = process.stderr.read() if process.stderr else ""
        _, status, usage = os.wait4(process.pid, 0)
    finally:
        watchdog.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, stderr, time.monotonic() - start, usage.ru_maxrss / 1024


@pytest.mark.parametrize(("name", "make", "extra", "code", "words"), CASES, ids=[c[0] for c in CASES])
def test_hostile_input_gets_its_exit_code_in_bounded_time_and_memory(
    tmp_path: Path, name: str, make: Callable[[Path], Path], extra: tuple[str, ...], code: int, words: str
) -> None:
    target = make(tmp_path)
    returncode, stderr, seconds, peak = _run([sys.executable, "-m", "finop.cli", "check", str(target), *extra])
    assert "Traceback" not in stderr, stderr
    assert returncode == code, stderr
    if words:
        assert words in stderr and (str(target) in stderr or "--pages" in stderr)  # a usage error names its option
    assert seconds < SECONDS, f"{name}: {seconds:.1f} s"
    assert peak < MEGABYTES, f"{name}: {peak:.0f} MB"
