"""OCR with tesseract (Debian's package), one OCR thread per process, pages in parallel processes."""

from __future__ import annotations

import os
import re
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from finop.readers.layout import Word

DPI = 300
PAGE_TIMEOUT = 120  # seconds of OCR a page may take


class OcrUnavailable(RuntimeError):
    """tesseract is not installed."""


def available() -> bool:
    return shutil.which("tesseract") is not None


def _ocr_one(args: tuple[str, int]) -> tuple[int, list[Word]]:
    os.environ["OMP_THREAD_LIMIT"] = "1"
    import pypdfium2 as pdfium
    import pytesseract

    path, number = args
    pdf = pdfium.PdfDocument(path)
    try:
        page = pdf[number - 1]
        image = page.render(scale=DPI / 72, grayscale=True).to_pil()
        page.close()
    finally:
        pdf.close()
    try:
        data = pytesseract.image_to_data(image, config="--psm 6", output_type=pytesseract.Output.DICT, timeout=PAGE_TIMEOUT)
    except RuntimeError:  # tesseract ran past the page time limit: the page is left unread, not the run
        return number, []
    scale = 72 / DPI  # back to PDF points, like the text layer
    words = []
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        if re.fullmatch(r"[$(]*\d{1,3}(\.\d{3})+\)?", text):
            text = text.replace(".", ",")  # a thousands comma OCR read as a full stop ("2.239" in a statement)
        x, y, w, h = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
        words.append(Word(text, x * scale, y * scale, (x + w) * scale, (y + h) * scale, confidence=max(conf, 0) / 100))
    return number, words


HEADLINE_DPI = 110


def _headline_one(args: tuple[str, int]) -> tuple[int, str]:
    """A cheap read of the top of a page (where titles are) at low resolution."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    import pypdfium2 as pdfium
    import pytesseract

    path, number = args
    pdf = pdfium.PdfDocument(path)
    try:
        page = pdf[number - 1]
        image = page.render(scale=HEADLINE_DPI / 72, grayscale=True).to_pil()
        page.close()
    finally:
        pdf.close()
    w, h = image.size
    top = image.crop((0, 0, w, int(h * 0.4)))
    try:
        return number, pytesseract.image_to_string(top, config="--psm 6", timeout=PAGE_TIMEOUT)
    except RuntimeError:
        return number, ""


def headlines(path: Path, numbers: list[int], workers: int | None = None) -> dict[int, str]:
    """Low-resolution OCR of the top of each page, to find the pages worth reading properly."""
    if not available():
        raise OcrUnavailable("tesseract is not on PATH; install Debian's tesseract-ocr (scripts/setup.sh does)")
    return _run(_headline_one, [(str(path), n) for n in numbers], workers)


def _run(fn, jobs, workers):  # type: ignore[no-untyped-def]
    """Run OCR jobs in worker processes (FINOP_OCR_WORKERS caps them; default: the cores)."""
    limit = int(os.environ.get("FINOP_OCR_WORKERS", "0") or 0) or (os.cpu_count() or 1)
    workers = workers or min(len(jobs), limit)
    if workers <= 1 or len(jobs) <= 1:
        return dict(fn(j) for j in jobs)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return dict(pool.map(fn, jobs))


def ocr_pages(path: Path, numbers: list[int], workers: int | None = None) -> dict[int, list[Word]]:
    """OCR the given pages (1-based) in parallel processes with one OCR thread each."""
    if not available():
        raise OcrUnavailable("tesseract is not on PATH; install Debian's tesseract-ocr (scripts/setup.sh does)")
    return _run(_ocr_one, [(str(path), n) for n in numbers], workers)


REREAD_DPI = 600


def read_box(path: str, page_number: int, box: object) -> str | None:
    """OCR one small box of a page again at high resolution, digits only (constraint repair)."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    import pypdfium2 as pdfium
    import pytesseract

    pdf = pdfium.PdfDocument(path)
    try:
        page = pdf[page_number - 1]
        scale = REREAD_DPI / 72
        pad = 3
        x0, y0, x1, y1 = box.x0 - pad, box.y0 - pad, box.x1 + pad, box.y1 + pad  # type: ignore[attr-defined]
        image = page.render(scale=scale, grayscale=True, crop=(0, 0, 0, 0)).to_pil()
        page.close()
    finally:
        pdf.close()
    crop = image.crop((int(x0 * scale), int(y0 * scale), int(x1 * scale), int(y1 * scale)))
    try:
        text = pytesseract.image_to_string(crop, config="--psm 7 -c tessedit_char_whitelist=0123456789,.()-", timeout=30)
    except RuntimeError:
        return None
    return text.strip() or None
