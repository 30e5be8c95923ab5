"""OCR with tesseract (Debian's package), one OCR thread per process, pages in parallel processes."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from finop.model.source import Box
from finop.readers.layout import Word

DPI = 300  # full read of a page
HEADLINE_DPI = 110  # cheap read of a page's top, to find titles
REREAD_DPI = 600  # second read of one amount's box (constraint repair)
PAGE_TIMEOUT = 120  # seconds of OCR a page may take
MIN_SKEW = 0.2  # degrees: a page turned less than this is read as it is


class OcrUnavailable(RuntimeError):
    """tesseract is not installed."""


def available() -> bool:
    return shutil.which("tesseract") is not None


def _cache_file(path: str, kind: str) -> Path | None:
    """Where the raw tesseract output of one job is kept when FINOP_OCR_CACHE names a folder."""
    folder = os.environ.get("FINOP_OCR_CACHE")
    if not folder:
        return None
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()[:24]
    return Path(folder) / digest / f"{kind}.json"


def _cached(path: str, kind: str, compute):  # type: ignore[no-untyped-def]
    """tesseract's raw output for one job, from the cache when it holds it (results never depend on it)."""
    target = _cache_file(path, kind)
    if target is not None and target.exists():
        try:
            return json.loads(target.read_text())
        except ValueError:
            pass  # a torn cache file is recomputed
    value = compute()
    if target is not None and value is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(value))
        tmp.replace(target)
    return value


def _render(path: str, number: int, dpi: int) -> Any:
    """One page as a greyscale PIL image at ``dpi``, with one OCR thread in this process."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        page = pdf[number - 1]
        image = page.render(scale=dpi / 72, grayscale=True).to_pil()
        page.close()
        return image
    finally:
        pdf.close()


def skew_angle(image: Any, dpi: int) -> float:
    """How many degrees a page's text lines slope (projection profile at about 100 dpi, to 0.05 degree)."""
    import numpy as np

    factor = max(1, round(dpi / 100))
    small = image.reduce(factor) if factor > 1 else image
    dark = np.asarray(small) < 128
    ys, xs = np.nonzero(dark)
    if len(ys) < 100:
        return 0.0
    height, width = dark.shape

    def sharpness(angle: float) -> float:
        rows = np.round(ys + (xs - width / 2) * np.tan(np.radians(angle))).astype(int)
        profile = np.bincount(rows[(rows >= 0) & (rows < height)], minlength=height).astype(float)
        return float((np.diff(profile) ** 2).sum())

    coarse = max(np.arange(-3, 3.01, 0.2), key=sharpness)
    return round(float(max(np.arange(coarse - 0.2, coarse + 0.201, 0.05), key=sharpness)), 2)


def _deskewed(image: Any, dpi: int) -> tuple[Any, float]:
    """The page turned level when its lines slope (a skewed scan splits a caption from its amount)."""
    angle = skew_angle(image, dpi)
    if abs(angle) < MIN_SKEW:
        return image, 0.0
    from PIL import Image

    return image.rotate(-angle, resample=Image.BILINEAR, fillcolor=255), angle


EDGE_STRIP = 0.04  # share of the page width at either side (a third of an inch) that printers leave blank


def is_edge_noise(word: Word, page_width: float) -> bool:
    """A short word wholly inside the page's outer strip, where nothing is printed: the scanner's dark edge
    or the binding read as letters ('oN', 'ry', '“7'). A sure reading of a number is kept."""
    in_strip = word.x1 <= EDGE_STRIP * page_width or word.x0 >= (1 - EDGE_STRIP) * page_width
    sure_number = word.text.isdigit() and word.confidence >= 0.9
    return in_strip and len(word.text) <= 3 and not sure_number


def _ocr_one(args: tuple[str, int, int]) -> tuple[int, list[Word]]:
    import pytesseract

    path, number, dpi = args
    image, angle = _deskewed(_render(path, number, dpi), dpi)

    def compute() -> dict | None:
        try:
            return pytesseract.image_to_data(
                image, config="--psm 6", output_type=pytesseract.Output.DICT, timeout=PAGE_TIMEOUT
            )
        except RuntimeError:  # tesseract ran past the page time limit: the page is left unread, not the run
            return None

    turned = f"-rot{angle:+.2f}" if angle else ""
    data = _cached(path, f"page{number}-{dpi}dpi-psm6{turned}", compute)
    if data is None:
        return number, []
    scale = 72 / dpi  # back to PDF points, like the text layer
    words = []
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        if "." in text and re.fullmatch(r"[$(]*\d{1,3}([.,]\d{3})+\)?", text):
            text = text.replace(".", ",")  # a thousands comma OCR read as a full stop ("2.239" in a statement)
        x, y, w, h = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
        words.append(Word(text, x * scale, y * scale, (x + w) * scale, (y + h) * scale, confidence=max(conf, 0) / 100))
    page_width = image.width * scale
    return number, [w for w in words if not is_edge_noise(w, page_width)]


def _headline_one(args: tuple[str, int]) -> tuple[int, str]:
    """A cheap read of the top of a page (where titles are) at low resolution."""
    import pytesseract

    path, number = args

    def compute() -> str | None:
        image = _render(path, number, HEADLINE_DPI)
        w, h = image.size
        try:
            return pytesseract.image_to_string(
                image.crop((0, 0, w, int(h * 0.4))), config="--psm 6", timeout=PAGE_TIMEOUT
            )
        except RuntimeError:
            return None

    return number, _cached(path, f"headline{number}-{HEADLINE_DPI}dpi", compute) or ""


def _run(fn, jobs, workers):  # type: ignore[no-untyped-def]
    """Run OCR jobs in worker processes (FINOP_OCR_WORKERS caps them; default: the cores)."""
    limit = int(os.environ.get("FINOP_OCR_WORKERS", "0") or 0) or (os.cpu_count() or 1)
    workers = workers or min(len(jobs), limit)
    if workers <= 1 or len(jobs) <= 1:
        return dict(fn(j) for j in jobs)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return dict(pool.map(fn, jobs))


def _require() -> None:
    if not available():
        raise OcrUnavailable("tesseract is not on PATH; install Debian's tesseract-ocr (scripts/setup.sh does)")


def headlines(path: Path, numbers: list[int], workers: int | None = None) -> dict[int, str]:
    """Low-resolution OCR of the top of each page, to find the pages worth reading properly."""
    _require()
    return _run(_headline_one, [(str(path), n) for n in numbers], workers)


def ocr_pages(
    path: Path, numbers: list[int], workers: int | None = None, dpi: int = DPI, dpis: dict[int, int] | None = None
) -> dict[int, list[Word]]:
    """OCR the given pages (1-based) in parallel processes with one OCR thread each (``dpis``: per page)."""
    _require()
    dpis = dpis or {}
    jobs = sorted(((str(path), n, dpis.get(n, dpi)) for n in numbers), key=lambda j: -j[2])  # slow pages first
    return _run(_ocr_one, jobs, workers)


def read_box(path: str, page_number: int, box: Box) -> str | None:
    """OCR one small box of a page again at high resolution, digits only (constraint repair)."""
    import pytesseract

    image, _ = _deskewed(_render(path, page_number, REREAD_DPI), REREAD_DPI)  # as the page was read
    scale, pad = REREAD_DPI / 72, 3
    crop = image.crop(
        (
            int((box.x0 - pad) * scale),
            int((box.y0 - pad) * scale),
            int((box.x1 + pad) * scale),
            int((box.y1 + pad) * scale),
        )
    )
    try:
        text = pytesseract.image_to_string(
            crop, config="--psm 7 -c tessedit_char_whitelist=0123456789,.()-", timeout=30
        )
    except RuntimeError:
        return None
    return text.strip() or None
