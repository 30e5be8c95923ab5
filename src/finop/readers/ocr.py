"""OCR with tesseract (Debian's package), one OCR thread per process, pages in parallel processes."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Any

from finop.model.page_size import check_page_size, fitting_dpi
from finop.model.source import Box
from finop.readers.layout import Word
from finop.readers.leaders import erase_leaders

DPI = 300  # full read of a page
HEADLINE_DPI = 110  # cheap read of a page's top, to find titles
HEADLINE_LINES = 10  # lines of print the headline reads: company, parent, former names, title, date, unit
HEADLINE_SHARE = 0.4  # and never more than this share of the page
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
        check_page_size(path, number, *page.get_size(), dpi)  # before a crafted page takes gigabytes
        image = page.render(scale=dpi / 72, grayscale=True).to_pil()
        page.close()
        return image
    finally:
        pdf.close()


def _page_dpi(path: str, number: int, dpi: float) -> float:
    """``dpi``, or less for a page so large that ``dpi`` would pass the pixel budget (a re-read's 600 dpi)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        return fitting_dpi(*pdf[number - 1].get_size(), dpi)
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


def _ocr_one(args: tuple[str, int, int]) -> tuple[int, list[Word]]:
    import pytesseract

    path, number, dpi = args
    image, angle = _deskewed(_render(path, number, dpi), dpi)
    image, leader_pixels = erase_leaders(image, dpi)

    def compute() -> dict | None:
        try:
            return pytesseract.image_to_data(
                image, config="--psm 6", output_type=pytesseract.Output.DICT, timeout=PAGE_TIMEOUT
            )
        except RuntimeError:  # tesseract ran past the page time limit: the page is left unread, not the run
            return None

    turned = f"-rot{angle:+.2f}" if angle else ""
    cleaned = "-noleaders" if leader_pixels else ""  # the cached reading is of the image as OCR'd
    data = _cached(path, f"page{number}-{dpi}dpi-psm6{turned}{cleaned}", compute)
    if data is None:
        return number, []
    scale = 72 / dpi  # back to PDF points, like the text layer
    width = image.size[0]
    words = []
    for i, text in enumerate(data["text"]):
        text = clean_word((text or "").strip())
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        x, y, w, h = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
        if in_margin(text, x, x + w, width, max(conf, 0) / 100):
            continue
        if _AMOUNT_WORD.fullmatch(text):
            (x, y, w, h), text = glyph_box(image, (x, y, w, h), text)
        words.append(Word(text, x * scale, y * scale, (x + w) * scale, (y + h) * scale, confidence=max(conf, 0) / 100))
    return number, words


_AMOUNT_WORD = re.compile(r"[$(]*\d[\d,.]*\)?")
MARGIN = 0.045  # of the page width: the strip at each edge where a scan has only specks and punch holes


_QUOTED_AMOUNT = re.compile(r"^([$(]*\d{1,3}(?:,\d{3})+\)?)[\"'‘’“”`´]+[.,;:]?$")


def clean_word(text: str) -> str:
    """Undo glyph confusions OCR makes inside one word: thousands commas read as full stops, semicolons or colons
    ("2.239", "3;316,107"), an "l" read as "!" or "]" after letters ("Financia!", "Tota]"), a 5 read as "§"
    inside an amount, a speck read as a quote mark after an amount ('$53,271,919".'; no amount ends in one)."""
    text = _QUOTED_AMOUNT.sub(r"\1", text)
    if re.search(r"[.;:]", text) and re.fullmatch(r"[$(]*\d{1,3}([.,;:]\d{3})+\)?", text):
        text = re.sub(r"[.;:]", ",", text)
    if "[" not in text:  # "[note]" is a bracket
        text = re.sub(r"(?<=[A-Za-z]{2})[!\]](?=[a-z'’]|$)", "l", text)
    if "§" in text and re.fullmatch(r"[$(]*[\d§]{1,3}(,[\d§]{3})+\)?", text) and re.search(r"\d", text):
        text = re.sub(r"(?<=[\d,§])§|§(?=,)", "5", text)  # where a digit must stand; a leading "§5" may be "$"
    return text


def in_margin(text: str, x0: float, x1: float, width: float, confidence: float = 0.0) -> bool:
    """A short word lying wholly in the outer strip of the page is scanner noise, not print ("r)", "ad",
    a dark scan edge read as "Ne"); a sure reading of a number is kept."""
    edge = MARGIN * width
    sure_number = text.isdigit() and confidence >= 0.9
    return len(text) <= 3 and (x1 <= edge or x0 >= width - edge) and not sure_number


def glyph_box(image: Any, box: tuple[int, int, int, int], text: str) -> tuple[tuple[int, int, int, int], str]:
    """An amount's box shrunk to its glyphs, and its text without a speck OCR folded into it: the rules
    under a column ("826" over a total's underline) and a speck well right of the digits ("745  .")
    would move the amount's right edge off its column."""
    import numpy as np

    x, y, w, h = box
    dark = np.asarray(image.crop((x, y, x + w, y + h))) < 128
    if not dark.size:
        return box, text
    rule = longest_runs(dark) >= 1.5 * h  # no glyph has a stroke half again as long as the line is high
    # a rule's blurred edges are rule too
    rows = np.convolve(np.pad(rule.astype(int), 2), np.ones(5, dtype=int), mode="valid") == 0
    cols = np.nonzero(dark[rows].any(axis=0))[0] if rows.any() else np.array([], dtype=int)
    kept = np.nonzero(rows & dark.any(axis=1))[0]
    if not len(cols) or not len(kept):
        return box, text
    height = int(kept[-1] - kept[0] + 1)
    gaps = np.nonzero(np.diff(cols) > 0.6 * height)[0]
    if len(gaps) and text[-1] in ".,:;'" and cols[-1] - cols[gaps[-1] + 1] < 0.3 * height:
        cols, text = cols[: gaps[-1] + 1], text[:-1]  # the last mark stands apart: a speck, not a comma
    elif not rule.any():
        return box, text  # nothing folded in: OCR's box stands
    return (x + int(cols[0]), y + int(kept[0]), int(cols[-1] - cols[0] + 1), height), text


def longest_runs(dark: Any) -> Any:
    """The longest horizontal run of dark pixels in each row of a boolean image."""
    import numpy as np

    out = np.zeros(dark.shape[0], dtype=int)
    for i, row in enumerate(dark):
        edges = np.diff(np.concatenate(([0], row.astype(int), [0])))
        starts, ends = np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0]
        out[i] = int((ends - starts).max()) if len(starts) else 0
    return out


def top_of_page(image: Any, lines: int = HEADLINE_LINES, share: float = HEADLINE_SHARE) -> int:
    """Where the page's first ``lines`` lines of print end, in pixels from the top (at most ``share`` of the
    page): a title sits in the first lines whatever the margin or letterhead, and OCR time grows with the
    print read, so the headline reads those lines and no more."""
    import numpy as np

    dark = np.asarray(image) < 128
    limit = int(dark.shape[0] * share)
    top = dark[:limit].astype(np.int8)
    runs = (np.diff(top, axis=1) == 1).sum(axis=1)  # dark runs across each row
    inked = runs >= 4  # a row through print crosses many strokes; a vertical rule, a speck or two is not print
    edges = np.diff(np.concatenate(([0], inked.astype(int), [0])))
    starts, ends = np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0]
    min_height = max(2, round(image.size[1] / 1210 * 4))  # a rule or a speck row is not a line of print
    found = [(a, b) for a, b in zip(starts, ends, strict=True) if b - a >= min_height]
    if len(found) <= lines:
        return limit
    return min(limit, int(found[lines - 1][1]) + min_height)


def _headline_one(args: tuple[str, int, str]) -> tuple[int, str]:
    """A cheap read at low resolution of a page's first lines (``part`` "top", where titles are) or of the
    rest of the page below them ("rest")."""
    import pytesseract

    path, number, part = args

    def compute() -> str | None:
        image = _render(path, number, HEADLINE_DPI)
        w, h = image.size
        top = top_of_page(image)
        box = (0, 0, w, top) if part == "top" else (0, max(0, top - 4), w, h)  # (the rest overlaps a little)
        try:
            return pytesseract.image_to_string(image.crop(box), config="--psm 6", timeout=PAGE_TIMEOUT)
        except RuntimeError:
            return None

    kind = f"headline{number}-{HEADLINE_DPI}dpi-{HEADLINE_LINES}lines" + ("" if part == "top" else "-rest")
    return number, _cached(path, kind, compute) or ""


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
    return _run(_headline_one, [(str(path), n, "top") for n in numbers], workers)


def skim_pages(path: Path, numbers: list[int], workers: int | None = None) -> dict[int, str]:
    """Low-resolution OCR of each page below its headline, to find a note that starts below a page's top."""
    _require()
    return _run(_headline_one, [(str(path), n, "rest") for n in numbers], workers)


def ocr_pages(
    path: Path, numbers: list[int], workers: int | None = None, dpi: int = DPI, dpis: dict[int, int] | None = None
) -> dict[int, list[Word]]:
    """OCR the given pages (1-based) in parallel processes with one OCR thread each (``dpis``: per page)."""
    _require()
    dpis = dpis or {}
    jobs = sorted(((str(path), n, dpis.get(n, dpi)) for n in numbers), key=lambda j: -j[2])  # slow pages first
    return _run(_ocr_one, jobs, workers)


@lru_cache(maxsize=2)
def _reread_page(path: str, page_number: int, stamp: tuple[int, int]) -> Any:
    """A page at the re-read resolution, turned level as it was read; kept while its boxes are re-read
    (``stamp``, the file's size and modification time, keeps a changed file from being served stale)."""
    dpi = _page_dpi(path, page_number, REREAD_DPI)
    return _deskewed(_render(path, page_number, dpi), dpi)[0], dpi


def _version(crop: Any, k: int) -> Any:
    """Version ``k`` of a box's image: 0 as rendered, 1 smoothed, 2 smoothed and thresholded (``read_box``'s
    three); 3 lightly smoothed, 4 thresholded as rendered, 5 at half size, 6 heavily smoothed, 7 at a third of the
    size, 8 scaled to ``SMALL_HEIGHT`` pixels high."""
    from PIL import Image, ImageFilter

    if k == 0:
        return crop
    if k == 1:
        return crop.filter(ImageFilter.GaussianBlur(2))
    if k == 2:
        return _thresholded(crop.filter(ImageFilter.MedianFilter(5)))
    if k == 3:
        return crop.filter(ImageFilter.GaussianBlur(1))
    if k == 4:
        return _thresholded(crop)
    if k == 5:
        return crop.resize((max(crop.width // 2, 1), max(crop.height // 2, 1)))
    if k == 6:
        return crop.filter(ImageFilter.GaussianBlur(3))
    if k == 7:
        return crop.resize((max(crop.width // 3, 1), max(crop.height // 3, 1)))
    return crop.resize((max(round(crop.width * SMALL_HEIGHT / max(crop.height, 1)), 1), SMALL_HEIGHT), Image.LANCZOS)


# Tesseract reads digits best a few tens of pixels high; at the re-read's 600 dpi a figure is several times that,
# and a degraded glyph then reads as another digit in most versions ("5,557" as "5,007", "9,957"), rightly at a
# third of the size: the last two versions are small ones (a third; the box scaled to this many pixels high)
SMALL_HEIGHT = 40
VERSIONS = 9
_readings_seen: dict[tuple[str, int, Box, tuple[int, int]], list[str | None]] = {}


def _version_readings(path: str, page_number: int, box: Box, count: int) -> list[str | None]:
    """The digits-only readings of the box's first ``count`` versions (None: nothing read), each version read
    once: ``read_box`` reads three, ``read_box_versions`` the rest when repair asks for them."""
    info = os.stat(path)
    key = (path, page_number, box, (info.st_size, info.st_mtime_ns))
    if key not in _readings_seen and len(_readings_seen) > 10_000:
        _readings_seen.clear()  # a long-lived process reading many documents keeps only the recent boxes
    seen = _readings_seen.setdefault(key, [])
    if len(seen) < count:
        crops: list[Any] = []  # the box's image, rendered only when a version is not in the OCR cache

        def reading(k: int) -> str | None:
            def compute() -> dict[str, str | None]:
                if not crops:
                    crops.append(_reread_crop(path, page_number, box))
                return {"text": _read_digits(_version(crops[0], k))}

            where = f"{box.x0:.2f},{box.y0:.2f},{box.x1:.2f},{box.y1:.2f}"
            return _cached(path, f"box{page_number}-{REREAD_DPI}dpi-{where}-v{k}", compute)["text"]

        seen.extend(reading(k) for k in range(len(seen), count))
    return seen[:count]


def read_box(path: str, page_number: int, box: Box) -> str | None:
    """OCR one small box of a page again at high resolution, digits only (constraint repair): the reading most
    of three versions of the box agree on (as rendered; smoothed; smoothed and thresholded), so that one speck
    or one JPEG block the first reading tripped on does not decide it (as rendered when all three differ)."""
    first = _version_readings(path, page_number, box, 1)[0]
    if first is None:
        return None
    readings = [_balanced(r) if r else r for r in _version_readings(path, page_number, box, 3)]
    plain = readings[0] or first
    for reading in readings[1:]:
        if reading and reading != plain and readings.count(reading) >= 2:
            return reading
    if not _WELL_FORMED.fullmatch(plain):  # a digit lost from a group ("1,17"): another version that reads whole
        return next((r for r in readings[1:] if r and _WELL_FORMED.fullmatch(r)), plain)
    return plain


def read_box_versions(path: str, page_number: int, box: Box) -> list[str]:
    """Every distinct digits-only reading of a box over nine versions of it (the three of ``read_box``; lightly
    and heavily smoothed; thresholded as rendered; at a half, a third and a small fixed height), the one most
    versions agree on first. A
    degraded scan's glyph may read one way in most versions and rightly in one: repair then lets the statement's
    own totals choose among these readings."""
    readings = [_balanced(r) for r in _version_readings(path, page_number, box, VERSIONS) if r]
    return sorted(dict.fromkeys(readings), key=lambda r: (-readings.count(r), readings.index(r)))


# one number as printed: digits in groups of three after the first, or none; in parentheses or after a minus
_WELL_FORMED = re.compile(r"-?\(?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?\)?")


def _balanced(reading: str) -> str:
    """A reading without a lone parenthesis (a speck or the box's edge read as '(' with no ')' to close it)."""
    if reading.count("(") != reading.count(")"):
        return reading.replace("(", "").replace(")", "")
    return reading


def _thresholded(image: Any) -> Any:
    """Black glyphs on white: pixels darker than three quarters of the box's mean grey."""
    import numpy as np
    from PIL import Image

    grey = np.asarray(image)
    return Image.fromarray(np.where(grey < grey.mean() * 0.75, 0, 255).astype(np.uint8))


def _reread_crop(path: str, page_number: int, box: Box) -> Any:
    info = os.stat(path)
    image, dpi = _reread_page(path, page_number, (info.st_size, info.st_mtime_ns))
    scale, pad = dpi / 72, 3
    crop = image.crop(
        (
            int((box.x0 - pad) * scale),
            int((box.y0 - pad) * scale),
            int((box.x1 + pad) * scale),
            int((box.y1 + pad) * scale),
        )
    )
    return crop


def _read_digits(crop: Any) -> str | None:
    """One line of digits in a box (the box as it is, then its middle band of glyphs alone)."""
    import pytesseract

    config = "-c tessedit_char_whitelist=0123456789,.()-"
    for candidate in (crop, glyph_band(crop)):
        if candidate is None:
            continue
        try:
            text = pytesseract.image_to_string(candidate, config=f"--psm 7 {config}", timeout=30).strip()
        except RuntimeError:
            return None
        if text:
            return text
    return None


def glyph_band(crop: Any) -> Any:
    """The box's middle line of glyphs alone: column rules whitened, and the edges of the lines above and
    below cut off (a small figure printed on a double rule reads as nothing otherwise)."""
    import numpy as np
    from PIL import Image

    dark = np.asarray(crop) < 128
    if not dark.size:
        return None
    ink = dark & ~(longest_runs(dark) > 0.4 * dark.shape[1])[:, None]
    rows = ink.any(axis=1)
    bands, start = [], None
    for y, on in enumerate([*rows, False]):
        if on and start is None:
            start = y
        elif not on and start is not None:
            bands.append((start, y))
            start = None
    if not bands:
        return None
    middle = dark.shape[0] / 2
    top, bottom = max(bands, key=lambda b: (b[1] - b[0]) - abs((b[0] + b[1]) / 2 - middle))
    margin = max(4, (bottom - top) // 3)
    band = np.full((bottom - top + 2 * margin, dark.shape[1]), 255, dtype=np.uint8)
    band[margin : margin + bottom - top] = np.where(ink[top:bottom], 0, 255)
    return Image.fromarray(band)
