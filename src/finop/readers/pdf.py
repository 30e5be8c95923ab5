"""PDF reader: pypdfium2 for triage, page text and word positions; OCR where the text layer fails.

Triage reads every page's text layer (milliseconds a page) to find the pages that
matter: the facing page, the statements, the net capital note or schedule. Those
pages are read word by word with their positions (pypdfium2 character boxes), or by OCR when the
page has no usable text layer (scans, broken font encodings). Other pages keep
their plain text, enough for notes and prose.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pypdfium2 as pdfium

from finop.errors import InputError
from finop.model.document import Cell, Document, Line, Page, PageInterest
from finop.model.page_size import check_page_size
from finop.readers.layout import Word, build_lines
from finop.readers.pdf_streams import check_inflation

READER = "pdf"
FACING_DPI = 200  # the facing page's print is large: a lower resolution reads it well and twice as fast
MAX_PAGES = 400  # an annual report is rarely over 100 pages; larger files are refused unless --pages says which
_COMMON = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "for",
        "on",
        "at",
        "by",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "be",
        "or",
        "that",
        "this",
        "which",
        "total",
        "cash",
        "net",
        "capital",
        "company",
        "assets",
        "liabilities",
        "securities",
        "december",
        "statement",
        "financial",
        "condition",
        "notes",
        "rule",
        "other",
        "receivable",
        "payable",
        "equity",
    ]
)


@dataclass(frozen=True)
class PageTriage:
    number: int
    text: str
    chars: int
    word_ratio: float  # share of alphabetic tokens that are common report words
    key: bool
    image_coverage: float = 0.0  # share of the page covered by its largest image
    headline: str = ""  # low-resolution OCR of the page's top, for pages without a usable text layer

    @property
    def image_backed(self) -> bool:
        """A scanned page carrying a hidden OCR text layer from the filer's scanner."""
        return self.image_coverage >= 0.8

    @property
    def has_text(self) -> bool:
        return self.chars >= 40

    @property
    def garbled(self) -> bool:
        return self.has_text and self.word_ratio < 0.08


def word_ratio(text: str) -> float:
    tokens = re.findall(r"[A-Za-z]{2,}", text)
    if not tokens:
        return 0.0
    return sum(1 for t in tokens if t.lower() in _COMMON) / len(tokens)


def open_pdf(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        if "password" in msg.lower():
            raise InputError(path, "the PDF is encrypted (password protected); finop cannot read it") from None
        detail = re.search(r"PDFium: ([^)]*)\)", msg)
        reason = detail.group(1).strip().rstrip(".").lower() if detail else msg
        if not reason or reason in ("success", "unknown error"):
            reason = "the file is damaged or is not a PDF"
        raise InputError(path, f"not a readable PDF: {reason}") from None


NO_TEXT_LAYER = "no text layer"  # the reader note that starts when pages were left unread (--ocr never)


def _page_list(numbers: list[int]) -> str:
    """'1-3, 7' for [1, 2, 3, 7]."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


MAX_IMAGE_PIXELS = 150_000_000  # a letter page scanned at 1200 dpi is 135 million; more is a decompression bomb


class ImageTooLarge(ValueError):
    """A page image larger than any scan: decoding it would take gigabytes."""


def _image_coverage(page: pdfium.PdfPage) -> float:
    """The share of the page its largest image covers (raises ImageTooLarge on a decompression bomb)."""
    import pypdfium2.raw as pdfium_c

    width, height = page.get_size()
    best = 0.0
    for obj in page.get_objects(max_depth=1):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            px_w, px_h = obj.get_px_size()
            if px_w * px_h > MAX_IMAGE_PIXELS:
                raise ImageTooLarge(f"an image of {px_w} x {px_h} pixels (a decompression bomb?)")
            left, bottom, right, top = obj.get_bounds()
            best = max(best, (right - left) * (top - bottom) / max(width * height, 1.0))
    return min(best, 1.0)


def triage(pdf: pdfium.PdfDocument, interest: PageInterest | None = None, path: str | Path = "") -> list[PageTriage]:
    out = []
    for i in range(len(pdf)):
        page = pdf[i]
        check_page_size(path, i + 1, *page.get_size())  # a page no PDF may have is refused first
        tp = page.get_textpage()
        text = tp.get_text_range()
        tp.close()
        coverage = _image_coverage(page)
        page.close()
        out.append(
            PageTriage(
                i + 1,
                text,
                len(text.strip()),
                word_ratio(text),
                bool(interest and interest.key_page.search(text)),
                coverage,
            )
        )
    return out


TITLE_START = 20  # characters before a title on its line: a list marker, "Consolidated", OCR's specks


def _fuzzy_title(text: str, interest: PageInterest) -> bool:
    """A title near the top of the page, allowing for the typos of a scanner's OCR layer ('STATENENT OF ANANCIAL').

    A title begins its line with a capital; a line of prose that happens to hold the words ("... in the
    consolidated statement of financial condition.", "off-balance sheet risk") does not.
    """
    from rapidfuzz import fuzz

    for line in text.splitlines()[:12]:
        stripped = line.strip()
        low = stripped.lower()
        first = next((c for c in stripped if c.isalpha()), "")
        if not (10 < len(low) < 90) or "note" in low or not first.isupper():
            continue
        for title in interest.titles:
            match = fuzz.partial_ratio_alignment(title, low)
            if match.score >= 85 and len(low) >= len(title) - 3 and match.dest_start <= TITLE_START:
                return True
    return False


_NUMBER_LINE = re.compile(r"\s-?\(?\$?\d[\d,]*\)?\s*$", re.M)  # a line that ends in a number
# a line that ends in money: a statement's last line run over onto the next page ("Total liabilities and partners'
# capital  $86,623,546") starts that page with its amounts; no title, prose or date line does
_MONEY_END = re.compile(r"(\$\s?\d[\d,]*|\(?\d{1,3}(,\d{3})+\)?)\s*$")
_AMOUNT_LINE = re.compile(r"(\$\s?[\d,]{1,}|\(?\d{1,3}(,\d{3})+\)?|\b\d{3,}\)?|\(\d+\))\s*$", re.M)


def is_table_page(t: PageTriage, interest: PageInterest) -> bool:
    """A page the extractor wants word by word: a title of interest over a column of amounts (a short statement,
    such as a partnership's changes in capital, has only a few), or the facing page."""
    if interest.facing_page.search(t.text):
        return True
    amounts = len(_AMOUNT_LINE.findall(t.text))
    titled = interest.table_page.search(t.text)
    if titled and (amounts >= 3 or len(_NUMBER_LINE.findall(t.text)) >= 4):
        return True  # (a statement in millions may print only short figures: "Other income  8")
    return amounts >= 5 and t.image_backed and _fuzzy_title(t.text, interest)


MAX_SKIMMED = 24  # pages after the statements skimmed for the net capital note (until one states it)


def note_pages_to_read(
    info: list[PageTriage], chosen: set[int], skim: Callable[[list[int]], dict[int, str]], interest: PageInterest
) -> set[int]:
    """Pages after the first statement whose text states net capital, among those not read word by word:
    a page whose text layer is the scanner's (it loses digits) by that text, a page without text by a
    skim of the rest of the page below its headline (a note often starts lower down), until one states it."""
    first = min(chosen - facing_pages(info, interest), default=None)
    figure = interest.net_capital_figure
    if first is None:
        return set()
    if any(t.has_text and not t.garbled and not t.image_backed and figure.search(t.text) for t in info):
        return set()  # a good text layer already states the figure: nothing to skim
    heading = interest.net_capital_heading
    if heading and any(t.number in chosen and heading.search(t.headline) for t in info):
        return set()  # the net capital note begins at the top of a page read anyway
    statement = interest.net_capital_statement or figure
    after = [t for t in info if t.number > first and t.number not in chosen]
    known = {t.number: t.text for t in after if t.has_text and t.image_backed}  # the scanner's text
    blind = [t.number for t in after if not t.has_text or t.garbled]
    if len(blind) > MAX_SKIMMED:  # a long report: the pages after the statements, and the notes' last pages
        blind = (
            blind[: MAX_SKIMMED // 2] + blind[-(MAX_SKIMMED - MAX_SKIMMED // 2) :]
        )  # (the regulatory note is often last)
    known |= {n: info[n - 1].headline for n in blind}
    found = {n for n, text in known.items() if figure.search(text)}
    if blind and not any(statement.search(known[n]) for n in found):
        headline = {t.number: t.headline for t in info}
        found |= _until_stated(
            blind, lambda ns: {n: f"{headline[n]}\n{t}" for n, t in skim(ns).items()}, figure, statement
        )
    return found


SKIM_BATCH = 2  # pages skimmed at a time (the OCR processes share them), until one states net capital


def _until_stated(
    numbers: list[int], skim: Callable[[list[int]], dict[int, str]], figure: re.Pattern[str], statement: re.Pattern[str]
) -> set[int]:
    """Skim pages from both ends of ``numbers`` inwards (the regulatory note is most often among the first or
    the last notes), a batch at a time; keep every page naming a net capital figure, and stop at the batch where
    one states the firm's net capital ("net capital of $..."), not only mentions a figure near the words
    ("net capital is estimated to exceed $...", a credit line "to manage its regulatory capital ... $1 billion")."""
    order = [n for pair in zip(numbers, reversed(numbers), strict=True) for n in pair][: len(numbers)]
    order = list(dict.fromkeys(order))
    found: set[int] = set()
    for start in range(0, len(order), SKIM_BATCH):
        batch = order[start : start + SKIM_BATCH]
        texts = skim(batch)
        found |= {n for n in batch if figure.search(texts.get(n, ""))}
        if any(statement.search(texts.get(n, "")) for n in batch):
            break
    return found


def select_pages(pages: list[PageTriage], forced: list[int] | None, interest: PageInterest) -> set[int]:
    """Pages to read word by word: the forced ones, or every statement/schedule/facing page and the page after it.

    A page without a usable text layer is judged by its headline (the OCR'd top of
    the page); pages whose headline names net capital are read too, for the note.
    Other pages keep their plain text, which is enough for notes and prose.
    """
    if forced:
        return {p for p in forced if 1 <= p <= len(pages)}
    chosen: set[int] = set()
    for p in pages:
        if p.has_text and not p.garbled:
            table = is_table_page(p, interest)
        else:
            table = bool(
                interest.table_page.search(p.headline)
                or interest.facing_page.search(p.headline)
                or _fuzzy_title(p.headline, interest)
            )
            if interest.note_page.search(p.headline):
                chosen.add(p.number)
        if table:
            chosen.add(p.number)
            # a statement may run onto the next page; the facing page does not
            facing_only = interest.facing_page.search(p.text if p.has_text and not p.garbled else p.headline) and not (
                interest.table_page.search(p.text) or interest.table_page.search(p.headline)
            )
            if p.number < len(pages) and not facing_only and may_continue(pages[p.number]):
                chosen.add(p.number + 1)
    return chosen


def needs_ocr(t: PageTriage) -> bool:
    """A page whose words come from our OCR: no text layer, a broken one, or a scanner's hidden one."""
    return not t.has_text or t.garbled or t.image_backed


def may_continue(t: PageTriage) -> bool:
    """Whether a page may carry on the statement of the page before it, so that it is worth reading closely.

    A statement's continuation is a table: its first lines (under a repeated heading) hold amounts, or its very
    first line does (the statement's last line alone, run over onto the page). A page whose first lines are
    prose, such as the first page of the notes or the auditor's report, carries on no statement. Pages read
    from a text layer cost nothing to read and are always taken; a page that needs OCR is judged by its text
    or its OCR'd headline (when neither was read, it is taken).
    """
    if not needs_ocr(t):
        return True
    text = t.text if t.has_text and not t.garbled else t.headline
    first_lines = [line for line in text.splitlines() if line.strip()][:FIRST_LINES]
    if not first_lines:
        return True
    return len(_AMOUNT_LINE.findall("\n".join(first_lines))) >= 2 or bool(_MONEY_END.search(first_lines[0]))


FIRST_LINES = 15  # a continued statement's amounts begin within its first lines (heading, title, date, unit, years)


def facing_pages(pages: list[PageTriage], interest: PageInterest) -> set[int]:
    """Facing pages (large print): OCR'd at a lower resolution than statement pages."""
    return {
        p.number
        for p in pages
        if interest.facing_page.search(p.text if p.has_text and not p.garbled else p.headline)
        and not (interest.table_page.search(p.text) or interest.table_page.search(p.headline))
    }


def page_words(page: pdfium.PdfPage) -> list[Word]:
    """Words with boxes from the text layer: characters joined until a space, a gap or a new line.

    pypdfium2's character boxes (loose, i.e. the font's full height) read a page in
    milliseconds; words are in PDF points with the origin at the top left.
    """
    tp = page.get_textpage()
    try:
        height = page.get_height()
        n = tp.count_chars()
        text = tp.get_text_range(0, n) if n else ""
        words: list[Word] = []
        cur: list = []  # [x0, top, x1, bottom, text]
        for i in range(min(n, len(text))):
            ch = text[i]
            if ch == "\ufffe":  # pdfium's mark for a hyphen where a word breaks across lines
                ch = "-"
            if not ch.strip():
                if cur:
                    words.append(Word(cur[4], cur[0], cur[1], cur[2], cur[3]))
                    cur = []
                continue
            left, bottom, right, top_ = tp.get_charbox(i, loose=True)
            top, bot = height - top_, height - bottom
            if cur and (left - cur[2] > 0.6 * max(bot - top, 1.0) or top > cur[3] or bot < cur[1] or left < cur[0] - 1):
                words.append(Word(cur[4], cur[0], cur[1], cur[2], cur[3]))
                cur = []
            if cur:
                cur = [cur[0], min(cur[1], top), max(cur[2], right), max(cur[3], bot), cur[4] + ch]
            else:
                cur = [left, top, right, bot, ch]
        if cur:
            words.append(Word(cur[4], cur[0], cur[1], cur[2], cur[3]))
        return words
    finally:
        tp.close()


def _text_words(path: Path, numbers: list[int]) -> dict[int, list[Word]]:
    out: dict[int, list[Word]] = {}
    pdf = pdfium.PdfDocument(str(path))
    try:
        for n in numbers:
            page = pdf[n - 1]
            out[n] = page_words(page)
            page.close()
    finally:
        pdf.close()
    return out


def _plain_lines(text: str, page: int, first: int) -> list[Line]:
    lines = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        t = raw.strip()
        if not t:
            continue
        parts = [p.strip() for p in re.split(r"\s{3,}", t) if p.strip()]
        cells = tuple(Cell(text=p, slot=i) for i, p in enumerate(parts))
        lines.append(Line(number=first + len(lines), page=page, text="\t".join(parts), cells=cells,
                          page_line=len(lines) + 1))  # fmt: skip
    return lines


def read_pdf(
    path: str | Path, pages: list[int] | None = None, ocr: str = "auto", interest: PageInterest | None = None
) -> Document:
    """Read a PDF report: text layer where it is good, OCR where it is not (``ocr``: auto, always, never).

    ``interest`` says which pages the caller wants word by word (the extractor's statement titles, the
    facing page, the net capital note); without it every page is read word by word.
    """
    p = Path(path)
    check_inflation(p)  # before PDFium inflates a bomb
    pdf = open_pdf(p)
    try:
        n = len(pdf)
        if n == 0:
            raise InputError(p, "the PDF has no pages")
        beyond = [x for x in pages or () if not 1 <= x <= n]
        if beyond:
            raise InputError(p, f"has no page {beyond[0]} (it has {n} page{'s' if n != 1 else ''}): check --pages")
        if n > MAX_PAGES and not pages:
            raise InputError(
                p, f"the PDF has {n} pages, more than an annual report ({MAX_PAGES}); give --pages to read some"
            )
        try:
            info = triage(pdf, interest, p)
        except ImageTooLarge as exc:
            raise InputError(p, f"refused: {exc}; finop does not decode images that large") from None
    finally:
        pdf.close()
    notes: list[str] = []
    blind = [t.number for t in info if not t.has_text or t.garbled]
    if blind and not pages and ocr != "never" and interest is not None:
        # no usable text layer: a quick low-resolution read of each page's top finds the titles
        from finop.readers.ocr import OcrUnavailable, headlines

        try:
            heads = headlines(p, blind)
            info = [
                replace(
                    t,
                    key=t.key or bool(interest.key_page.search(heads.get(t.number, ""))),
                    headline=heads.get(t.number, ""),
                )
                for t in info
            ]
        except OcrUnavailable as exc:
            notes.append(f"OCR unavailable ({exc})")
    if interest is None:
        chosen = {t.number for t in info} if not pages else {n for n in pages if 1 <= n <= len(info)}
    else:
        chosen = select_pages(info, pages, interest)
    if not pages and ocr != "never" and interest is not None:
        from finop.readers.ocr import OcrUnavailable, skim_pages

        with contextlib.suppress(OcrUnavailable):  # reported below, when the chosen pages are read
            chosen |= note_pages_to_read(info, chosen, lambda numbers: skim_pages(p, numbers), interest)
    # scans (with or without the scanner's hidden OCR layer, which loses digits and commas) and broken
    # font encodings are read by our own OCR
    need_ocr = {t.number for t in info if t.number in chosen and (ocr == "always" or (ocr == "auto" and needs_ocr(t)))}
    if ocr == "never":
        unread = [t.number for t in info if not t.has_text]
        if unread:
            notes.append(f"{NO_TEXT_LAYER} on {len(unread)} of {len(info)} pages ({_page_list(unread)}): not read, "
                         "as --ocr never asks; --ocr auto would read them with OCR")  # fmt: skip
    words: dict[int, list[Word]] = {}
    if need_ocr:
        from finop.readers.ocr import OcrUnavailable, ocr_pages

        try:
            low = (
                facing_pages(info, interest) if interest else set()
            ) & need_ocr  # one pool for all pages, the facing page at a lower resolution
            words.update(ocr_pages(p, sorted(need_ocr), dpis=dict.fromkeys(low, FACING_DPI)))
            notes.append(f"OCR on pages {', '.join(map(str, sorted(need_ocr)))}")
        except OcrUnavailable as exc:
            notes.append(
                f"OCR unavailable ({exc}); pages {', '.join(map(str, sorted(need_ocr)))} read from the text layer only"
            )
            need_ocr = set()
    text_pages = sorted(chosen - need_ocr)
    if text_pages:
        words.update(_text_words(p, [t for t in text_pages if info[t - 1].has_text]))
    out_pages: list[Page] = []
    number = 1
    for t in info:
        if t.number in words:
            lines = build_lines(words[t.number], t.number, number)
        else:
            lines = _plain_lines(t.text, t.number, number)
        number += len(lines) + 1
        out_pages.append(Page(number=t.number, lines=tuple(lines)))
    layer = classify_layer(info)
    notes.insert(0, f"layer: {layer}")
    return Document(
        path=str(p),
        reader=READER if not need_ocr else "pdf+ocr",
        pages=tuple(out_pages),
        notes=tuple(notes),
        layer=layer,
    )


def classify_layer(info: list[PageTriage]) -> str:
    """text, image+ocr-text, text-garbled or scanned, as far as the text layer tells."""
    with_text = [t for t in info if t.has_text]
    if not with_text:
        return "scanned"
    if sum(1 for t in with_text if t.image_backed) > len(with_text) / 2:
        return "image+ocr-text"
    if sum(1 for t in with_text if t.garbled) > len(with_text) / 2:
        return "text-garbled"
    return "text"
