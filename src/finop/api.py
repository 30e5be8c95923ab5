"""finop's public API: check a filed report, compute net capital, produce a report, run a batch, export.

Every entry point the command line uses is here, so a notebook or a program does
exactly what ``finop`` does::

    import finop
    r = finop.check("examples/mml-distributors-2003/annual-report.txt")
    r.ok, r.facts["net_capital"], r.facts_frame()

Results are model objects (``finop.model``): ``CheckResult``, ``Computation``,
``ReserveComputation``, ``ProducedReport`` and ``BatchSummary``; each has ``to_dict()`` (the canonical JSON
form) and shows itself briefly in a console or notebook. Errors a person can act on
are ``FinopError`` (``InputError`` for a file that cannot be read, ``BooksError``
for books that do not tie, ``RulesError`` for bad rule data).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from finop.errors import FinopError
from finop.model.computation import Computation
from finop.model.document import Document
from finop.model.produced import ProducedReport
from finop.model.reserve import ReserveComputation
from finop.model.result import CheckResult
from finop.pipeline import check_document, check_file, check_path

PathLike = str | Path
REPORT_FORMATS = ("html", "pdf", "json", "focus")


def check(path: PathLike, *, pages: Sequence[int] | None = None, ocr: str = "auto") -> CheckResult:
    """Read an annual report (PDF or OCR text), extract it and run every check.

    ``path`` may also be a filing's folder as ``finop edgar fetch`` writes it (the report with its XML cover
    page and EDGAR identity), or an X-17A-5 XML (a cover page alone, or a whole submission). ``pages`` (PDF only) reads just those pages word by word; ``ocr`` is ``auto``
    (OCR pages without a usable text layer), ``always`` or ``never``. Raises
    ``InputError`` when the file cannot be read.
    """
    return check_path(path, pages=list(pages) if pages is not None else None, ocr=ocr)


def check_isolated(
    path: PathLike,
    *,
    pages: Sequence[int] | None = None,
    ocr: str = "auto",
    timeout: float = 600,
    memory_mb: int = 3072,
    on_wait: Callable[[float], None] | None = None,
) -> CheckResult:
    """``check`` in a child process of its own with a time limit (``timeout`` seconds) and a memory limit
    (``memory_mb``), as a batch reads each document: a hostile file cannot hang or exhaust the caller.
    Raises ``InputError`` when the file cannot be read or a limit is hit; ``finop.batch.isolate.IsolatedBug``
    on an unexpected failure in the child (with its traceback)."""
    from finop.batch.isolate import run_isolated

    return run_isolated(path, check, path, pages=pages, ocr=ocr, timeout=timeout, memory_mb=memory_mb,
                        on_wait=on_wait)  # fmt: skip


def compute_net_capital(books: PathLike, as_of: dt.date | None = None) -> Computation:
    """Net capital under Rule 15c3-1 from a books folder (docs/books.md), with the rules in force on ``as_of``
    (default: ``as_of`` in firm.yaml). Raises ``BooksError`` naming the file, row and problem."""
    from finop.books import load_books
    from finop.engine.net_capital import compute

    loaded = load_books(books)
    try:
        return compute(loaded, as_of)
    except KeyError as exc:  # a rule value not in force on the date
        raise FinopError(str(exc).strip('"')) from None


def compute_reserve(books: PathLike, as_of: dt.date | None = None) -> ReserveComputation:
    """The Rule 15c3-3 reserve computations (Exhibit A), customer and PAB, from a books folder with reserve.csv
    (docs/books.md), by the rules in force on ``as_of`` (default: ``as_of`` in firm.yaml). Raises ``BooksError``
    naming the file, line and problem."""
    from finop.books import load_books
    from finop.engine.reserve import compute_reserve as compute

    return compute(load_books(books), as_of)


def produce_report(
    books: PathLike | Sequence[PathLike], out: PathLike | None = None, formats: Iterable[str] = REPORT_FORMATS
) -> ProducedReport:
    """Produce the annual report from one books folder, or from several period folders (the latest is the
    report; the earlier ones chart net capital over time and must roll forward into it).

    With ``out``, the files (annual-report.html, .pdf, .json, focus-part-iia.csv, as ``formats`` asks) are
    written all or nothing, and the returned report lists them in ``files``.
    """
    from dataclasses import replace

    from finop.produce.periods import produce_periods
    from finop.render.files import FORMATS, write_report

    folders = [Path(books)] if isinstance(books, (str, Path)) else [Path(b) for b in books]
    wanted = list(formats)
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise FinopError(f"--format: {', '.join(unknown) or 'nothing'} is not one of {', '.join(FORMATS)}")
    reports = produce_periods(folders)
    report = replace(reports[-1], earlier=tuple(reports[:-1]))
    if out is None:
        return report
    try:
        written = write_report(reports, Path(out), wanted)
    except OSError as exc:
        raise FinopError(f"{out}: cannot write the report ({exc})") from exc
    return replace(report, files=tuple(str(p) for p in written))


def run_batch(
    inputs: Sequence[PathLike],
    db: str = "finop.db",
    *,
    workers: int = 0,
    scheduler: str | None = None,
    dask_local: int | None = None,
    timeout: float = 300,
    memory_mb: int = 3072,
    retry_failed: bool = False,
    on_plan: Callable[[int, int], None] | None = None,
    on_result: Callable[[dict[str, Any]], None] | None = None,
    on_hashed: Callable[[], None] | None = None,
    on_inputs: Callable[[int], None] | None = None,
    exclusive: bool = True,
) -> Any:
    """Check many filings into a database (SQLite file or PostgreSQL URL), resumably, on a local pool of
    ``workers`` processes or on Dask (``scheduler`` address or a local cluster of ``dask_local`` workers).

    One batch at a time on a store (``exclusive``): a second is refused with ``finop.batch.lock.StoreBusy``
    saying which process holds it. ``exclusive=False`` is for a single document written beside a batch
    (finop serve's uploads). Returns a ``finop.batch.run.BatchSummary``. The callbacks report progress: ``on_inputs(n)`` once the
    inputs are listed, ``on_hashed()`` per input hashed, ``on_plan(todo, skipped)``, ``on_result(row)``.
    """
    import contextlib

    from finop.batch.lock import postgres_lock, sqlite_lock
    from finop.batch.run import close_client, dask_client, expand_inputs
    from finop.batch.run import run_batch as run
    from finop.batch.store import Store, database_url

    paths = expand_inputs([str(p) for p in inputs])
    url = database_url(db)
    with contextlib.ExitStack() as held:
        if exclusive and url.startswith("sqlite:///"):  # locked before the store is made: fresh starts race
            held.enter_context(sqlite_lock(Path(url.removeprefix("sqlite:///"))))
        try:
            store = Store(db)
        except FinopError:
            raise
        except Exception as exc:  # a database that cannot be opened
            raise FinopError(f"{db}: cannot open the database ({exc})") from exc
        if exclusive and store.engine.dialect.name == "postgresql":
            held.enter_context(postgres_lock(store.engine))
        if on_inputs:
            on_inputs(len(paths))
        client = dask_client(scheduler, dask_local) if (scheduler or dask_local) else None
        try:
            summary = run(store, paths, workers=workers or os.cpu_count() or 1, client=client, timeout=timeout,
                          memory_mb=memory_mb, retry_failed=retry_failed, on_plan=on_plan, on_result=on_result,
                          on_hashed=on_hashed)  # fmt: skip
        finally:
            if client is not None:
                close_client(client)
        summary.in_store = store.counts()
        summary.verdicts_in_store = store.verdicts()
        summary.database = store.url
        return summary


EXPORTS = ("facts", "line-items", "findings", "documents", "chart")


@lru_cache(maxsize=8)
def _store(db: str) -> Any:
    """One open store per database for the life of the process (its connection pool is shared by threads)."""
    from finop.batch.store import Store

    return Store(db)


def stored_filings(db: str = "finop.db", **filters: Any) -> tuple[int, list[dict[str, Any]]]:
    """Filings in a batch database, filtered, sorted and a page at a time (``finop.batch.query.list_filings``:
    ``firm``, ``cik``, ``period``, ``status``, ``code``, ``sort``, ``descending``, ``limit``, ``offset``);
    returns (how many match, the page). Raises ``FinopError`` on a bad filter."""
    from finop.batch.query import list_filings

    try:
        return list_filings(_store(db), **filters)
    except ValueError as exc:
        raise FinopError(str(exc)) from None


def stored_filing(db: str, id: str) -> dict[str, Any] | None:
    """One document of a batch database by its id (the content's sha256): its row and ``result``, the JSON
    of `finop check -f json` (None for a document stored before results were kept, or one that failed)."""
    return _store(db).result(id)


def correct(
    db: str,
    id: str,
    *,
    statement: str,
    item: str,
    column: int,
    amount: Any,
    reviewer: str,
    note: str = "",
    timeout: float = 300,
    memory_mb: int = 3072,
) -> dict[str, Any]:
    """A reviewer's correction of one amount of a stored filing: kept as an override row (attributed, dated,
    with the amount as read, which is never overwritten), then the document is checked again with every
    correction it has, in a reader process of its own (``timeout`` seconds, ``memory_mb``), and its results
    replaced (a batch that reads it again applies them too). Returns the stored filing as ``stored_filing``
    does; raises ``FinopError`` when the check cannot finish (the correction is kept, the results are not
    touched)."""
    from decimal import Decimal, InvalidOperation

    from finop.batch.pool import resident_document

    store = _store(db)
    found = store.result(id)
    if found is None or not found.get("result"):
        raise FinopError(f"{id}: no checked filing with this id in {db}")
    if not reviewer.strip():
        raise FinopError("a correction needs the reviewer's name")
    try:
        value = Decimal(str(amount).replace(",", "").replace("$", "").strip())
    except InvalidOperation:
        raise FinopError(f"{amount!r} is not an amount") from None
    line = next((i for i in found["result"]["statements"].get(statement, {}).get("items", []) if i["id"] == item), None)
    if line is None or not 0 <= column < len(line["values"]):
        raise FinopError(f"{statement} has no line {item} with a column {column}")
    original = line["values"][column]
    store.add_override(id, {"statement": statement, "item": item, "col": column,
                            "original": Decimal(original) if original is not None else None,
                            "printed": line["printed"][column] if column < len(line["printed"]) else None,
                            "amount": value, "reviewer": reviewer.strip(), "note": note.strip()})  # fmt: skip
    checked = resident_document(found["path"], id, found["size"], timeout, memory_mb, store.corrections(id).get(id, ()))
    if checked["status"] == "failed":
        raise FinopError(f"the correction is kept, but checking the report again failed: {checked['error']}")
    store.record(checked)
    return store.result(id) or {}


def stored_population(db: str = "finop.db") -> dict[str, Any]:
    """A batch database at a glance (``finop.batch.query.population``): net capital over its requirement in
    buckets, findings by code, the filings nearest their early-warning level."""
    from finop.batch.query import population

    return population(_store(db))


def confirm_finding(db: str, id: str, *, code: str, message: str, reviewer: str, note: str = "") -> int:
    """A reviewer confirms a finding of a stored filing (named by its code and message, as they read now):
    kept as an attributed, dated row. Raises ``FinopError`` when the filing has no such finding."""
    found = _store(db).result(id)
    findings = ((found or {}).get("result") or {}).get("findings", [])
    if not any(f["code"] == code and f["message"] == message for f in findings):
        raise FinopError(f"{id}: no finding {code} with that message to confirm")
    if not reviewer.strip():
        raise FinopError("a confirmation needs the reviewer's name")
    return _store(db).confirm(id, code, message, reviewer.strip(), note.strip())


def stored_confirmations(db: str, id: str) -> list[dict[str, Any]]:
    """A stored filing's confirmed findings, oldest first."""
    return _store(db).confirmations_of(id)


def stored_result(db: str, id: str) -> dict[str, Any] | None:
    """A stored document's result alone (the JSON of `finop check -f json`), or None."""
    return _store(db).result_json(id)


def stored_revision(db: str) -> int:
    """A number that changes whenever the store's results, corrections or confirmations change."""
    return int(_store(db).revision())


def stored_document(db: str, id: str) -> dict[str, Any] | None:
    """One document of a batch database by id: its row (path, status, finished_at, cik, …), not its results."""
    return _store(db).document(id)


def put_job(db: str, job: str, **values: Any) -> None:
    """Record an upload's check (``status`` queued, running, done or failed; ``filing``; ``error``)."""
    _store(db).put_job(job, **values)


def get_job(db: str, job: str) -> dict[str, Any] | None:
    """An upload's check as recorded, or None."""
    return _store(db).job(job)


def stored_corrections(db: str, id: str) -> list[dict[str, Any]]:
    """A stored filing's corrections, oldest first (``correct`` adds them)."""
    return _store(db).overrides_of(id)


def page_image(path: PathLike, page: int, boxes: Sequence[tuple[tuple[float, float, float, float], str]] = (),
               dpi: int = 110) -> bytes:  # fmt: skip
    """Page ``page`` of a PDF as PNG bytes with ``boxes`` (points, origin top left; kind error, warning, info or
    fact) outlined. Raises ``InputError`` for a file that is not a readable PDF or has no such page."""
    from finop.render.page_image import page_png

    return page_png(path, page, boxes, dpi)


def edgar_client(user_agent: str | None = None, rate: float | None = None) -> Any:
    """An EDGAR client that keeps the SEC's access rules (``finop.edgar.client``): the declared
    ``user_agent`` (else ``FINOP_USER_AGENT``; refused without a contact email), at most ``rate``
    requests a second (default 5, at most 10)."""
    from finop.edgar.client import DEFAULT_RATE, EdgarClient
    from finop.edgar.client import user_agent as declared

    return EdgarClient(agent=declared(user_agent), rate=rate or DEFAULT_RATE)


@contextmanager
def _edgar_session(client: Any) -> Iterator[Any]:
    """The client given (left open for its owner), or one made here from the environment and closed after."""
    if client is not None:
        yield client
        return
    own = edgar_client()
    try:
        yield own
    finally:
        own.close()


def edgar_index(year: int, quarter: int | None = None, *, form: str = "X-17A-5", client: Any = None) -> list[Any]:
    """The filings of ``form`` and its amendments in EDGAR's form index of ``year`` (one quarter or all),
    as ``finop.edgar.index.FilingRef`` (cik, company, form, date_filed, accession, file)."""
    from finop.edgar.fetch import list_filings

    with _edgar_session(client) as session:
        return list_filings(session, year, quarter, form)


def edgar_fetch(
    out: PathLike,
    *,
    ciks: Sequence[str] = (),
    refs: Sequence[Any] = (),
    index_file: PathLike | None = None,
    year: int | None = None,
    form: str = "X-17A-5",
    client: Any = None,
    on_plan: Callable[[int], None] | None = None,
    on_filing: Callable[[Any, str], None] | None = None,
) -> Any:
    """Download filings into ``out/CIK/ACCESSION/`` with ``filing.json`` each, resumably: those of
    ``ciks`` (from their submissions JSON, of ``year`` if given), the ``refs`` given, or those listed in
    ``index_file`` (written by ``finop edgar index``). Returns a ``finop.edgar.fetch.FetchSummary``."""
    from finop.edgar.fetch import fetch, filings_of, read_list
    from finop.edgar.index import unique

    with _edgar_session(client) as session:
        todo = list(refs)
        if index_file is not None:
            todo += [r for r in read_list(Path(index_file)) if not year or r.date_filed.startswith(str(year))]
        for cik in ciks:
            todo += filings_of(session, cik, form, year)
        todo = unique(todo)
        if on_plan:
            on_plan(len(todo))
        return fetch(session, todo, Path(out), on_filing)


def export(
    what: str,
    out: PathLike,
    db: str = "finop.db",
    *,
    format: str | None = None,
    cik: str | None = None,
    labels: PathLike | None = None,
) -> int:
    """Write a dataset from a batch database; returns the rows written (period ends for a chart).

    ``what``: ``facts`` (one row per filing), ``line-items`` (with canonical classes from ``labels``),
    ``findings``, ``documents`` (every document with its status and why it failed), or ``chart`` (one firm,
    ``cik``, over the years, as PNG or SVG by ``out``'s suffix). ``format`` csv or parquet: by default from
    ``out``'s suffix (.parquet, else csv); given, it must agree with a .csv or .parquet suffix. Raises
    ``FinopError`` for a database that is missing, unreadable or not finop's; nothing is created.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from finop.batch import export as ex
    from finop.batch.store import Store, database_url

    out = Path(out)
    if what not in EXPORTS:
        raise FinopError(f"--what: {what!r} is not one of {', '.join(EXPORTS)}")
    if what == "chart" and not cik:
        raise FinopError("--what chart needs --cik")
    suffix = out.suffix.lower()
    by_name = {".csv": "csv", ".parquet": "parquet"}.get(suffix)
    if what != "chart":
        if format is not None and format not in ("csv", "parquet"):
            raise FinopError(f"--format: {format!r} is not csv or parquet")
        if format is not None and by_name is not None and format != by_name:
            raise FinopError(f"{out}: the name says {by_name} but --format is {format}: make them agree")
        format = format or by_name or "csv"
    url = database_url(db)
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).is_file():
        raise FinopError(f"{db}: no such database (finop batch makes one)")
    try:
        store = Store(db, create=False)
        if what == "chart":
            return ex.firm_chart(store, str(cik), out)
        if what == "facts":
            columns, rows = ex.facts_panel(store)
        elif what == "line-items":
            columns, rows = ex.line_item_rows(store, ex.LabelClassifier(Path(labels) if labels else None))
        elif what == "documents":
            columns, rows = ex.document_rows(store)
        else:
            columns, rows = ex.finding_rows(store)
        return ex.write_table(columns, rows, out, format or "csv")
    except SQLAlchemyError as exc:
        reason = str(exc.orig if getattr(exc, "orig", None) is not None else exc).splitlines()[0]
        raise FinopError(f"{db}: the database cannot be read ({reason})") from None
    except (ValueError, OSError) as exc:
        raise FinopError(str(exc)) from exc


def rule_values(at: dt.date) -> list[tuple[str, Any]]:
    """Every bundled rule value by name, with the value in force on ``at`` (None when none is)."""
    from finop import rules

    view = rules.at(at)
    return [(name, view.get(name)) for name in rules.bundled().names]


def to_json(result: Any) -> str:
    """The canonical JSON text of a result (docs/json.md)."""
    from finop.render.json import to_json as dump

    return dump(result)


def show(result: Any, console: Any = None) -> None:
    """Print a result as finop's console report (rich): a check, a computation or a produced report."""
    from finop.render import computation as computation_view
    from finop.render import console as check_view
    from finop.render import terminal

    console = console or terminal.console()
    if isinstance(result, CheckResult):
        check_view.render(result, console)
    elif isinstance(result, Computation):
        computation_view.render(result, console)
    elif isinstance(result, ReserveComputation):
        computation_view.render_reserve(result, console)
    elif isinstance(result, ProducedReport):
        check_view.render_produced(result, console)
    else:
        raise TypeError(f"finop cannot show a {type(result).__name__}")


__all__ = [
    "REPORT_FORMATS",
    "CheckResult",
    "Computation",
    "Document",
    "ProducedReport",
    "ReserveComputation",
    "check",
    "check_document",
    "check_file",
    "compute_net_capital",
    "compute_reserve",
    "confirm_finding",
    "correct",
    "edgar_client",
    "edgar_fetch",
    "edgar_index",
    "export",
    "get_job",
    "page_image",
    "produce_report",
    "put_job",
    "rule_values",
    "run_batch",
    "show",
    "stored_confirmations",
    "stored_corrections",
    "stored_document",
    "stored_filing",
    "stored_filings",
    "stored_population",
    "to_json",
]
