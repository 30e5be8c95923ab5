"""The ``finop`` command line."""

from __future__ import annotations

import datetime as dt
import secrets
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from finop import __version__, api
from finop.errors import EdgarBlocked, FinopError
from finop.render import terminal

app = typer.Typer(
    name="finop",
    help="Broker-dealer annual reports (Form X-17A-5 Part III): read and tie out filed reports, compute net "
    "capital, produce the report from the books, and process whole populations of filings into a database.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: flags without a '<bool>' type, paths without '{path}'
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="Exit codes (every command): 0 pass / done, 1 fail (an error finding), 2 unreadable input or bad "
    "usage, 3 incomplete, 4 refused by EDGAR, 5 internal error (a bug: please report it; --debug shows the "
    "traceback), 130 interrupted.",
)

INTERNAL_EXIT = 5
MAX_PAGES_ASKED = 10_000  # --pages: more than any PDF finop reads
FAILURES_SHOWN = 10  # failed documents listed after a batch (all with --verbose)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"finop {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool, typer.Option("--version", callback=_show_version, is_eager=True, help="Print finop's version and exit.")
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="On an internal error, print the traceback (it is hidden otherwise).")
    ] = False,
) -> None:
    """Broker-dealer annual reports (Form X-17A-5 Part III)."""


class Format(StrEnum):
    text = "text"
    json = "json"


def _fail(message: str) -> None:
    terminal.console(stderr=True, soft_wrap=True).print(terminal.error(message))
    raise typer.Exit(2)


@contextmanager
def _reading(path: Path) -> Iterator[Any]:
    """A spinner on stderr while a check runs (a scan's OCR takes a while), when stderr is a terminal."""
    console = terminal.console(stderr=True)
    if not console.is_terminal:
        yield None
        return
    with console.status(terminal.plain(f"reading {path.name} …")) as status:

        def on_wait(seconds: float) -> None:
            if seconds >= 1:
                status.update(terminal.plain(f"reading {path.name} … {seconds:.0f} s"))

        yield on_wait


def _date_option(option: str, text: str | None) -> dt.date | None:
    """A YYYY-MM-DD option value, or a clear exit 2."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        _fail(f"{option}: {text!r} is not a date (YYYY-MM-DD)")
        raise


class OcrMode(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


def _parse_pages(text: str | None) -> list[int] | None:
    """'3,5-7' -> [3, 5, 6, 7]; ValueError (with the reason) for a page below 1, a range backwards, or more
    pages than any PDF finop reads (a range of three billion is refused here, not allocated)."""
    if not text:
        return None
    pages: list[int] = []
    for part in text.split(","):
        part = part.strip()
        if "-" in part:
            a, b = (int(x) for x in part.split("-", 1))
            if b < a:
                raise ValueError(f"the range {part} runs backwards")
            if b - a >= MAX_PAGES_ASKED:
                raise ValueError(f"the range {part} is more pages than a report has")
            pages.extend(range(a, b + 1))
        elif part:
            pages.append(int(part))
        if pages and min(pages) < 1:
            raise ValueError("pages are numbered from 1")
        if len(pages) > MAX_PAGES_ASKED:
            raise ValueError("more pages than a report has")
    return sorted(set(pages))


AgentOption = Annotated[
    str | None,
    typer.Option(
        "--user-agent",
        help='Who is asking, with a contact email, e.g. "Sample Research sample@example.com" '
        "(default: $FINOP_USER_AGENT; required by the SEC).",
    ),
]
RateOption = Annotated[
    float, typer.Option("--rate", help="Requests a second at most (the SEC allows 10).", min=0.1, max=10)
]
BLOCKED_EXIT = 4


@app.command()
def check(
    path: Annotated[
        Path,
        typer.Argument(
            metavar="PATH",
            help="The annual report: a PDF (text layer or scanned) or a text file (OCR text); or a filing's folder "
            "from `finop edgar fetch` (the report with its XML cover page), or an X-17A-5 XML.",
        ),
    ],
    format: Annotated[
        Format,
        typer.Option("--format", "-f", case_sensitive=False, help="text: a readable report; json: one JSON object."),
    ] = Format.text,
    pages: Annotated[
        str | None,
        typer.Option(
            "--pages", help="PDF only: read these pages word by word, e.g. '3,5-7' (default: found automatically)."
        ),
    ] = None,
    ocr: Annotated[
        OcrMode,
        typer.Option(
            "--ocr",
            case_sensitive=False,
            help="PDF only: OCR pages without a usable text layer (auto), every page read (always), or none.",
        ),
    ] = OcrMode.auto,
    timeout: Annotated[
        float, typer.Option("--timeout", min=1, help="Seconds the check may take; past them it stops (exit 2).")
    ] = 600,
    memory: Annotated[
        int, typer.Option("--memory", min=256, help="Megabytes of memory the check may use (exit 2 past them).")
    ] = 3072,
) -> None:
    """Read an annual report, extract its statements and schedules, and tie out every total.

    Exit code 0 PASS (every statement and figure finop promises was read, and ties), 1 FAIL (an error finding: the report is inconsistent as printed), 3 INCOMPLETE (the statement of financial condition, one of its totals, a stated net capital, or the figure a statement it read ends at could not be read: nothing is claimed about it), 2 the file cannot be read.

    Examples:

    \b
      finop check examples/mml-distributors-2003/annual-report.txt
      finop check filing.pdf --format json > filing.json
      finop check scan.pdf --pages 3-6
      finop check edgar/87634/0000087634-25-000003/     (the report, cross-checked with its XML cover page)
    """
    try:
        page_list = _parse_pages(pages)
    except ValueError as exc:
        reason = str(exc) if "invalid literal" not in str(exc) else "not a list of pages such as 3,5-7"
        _fail(f"--pages: {pages!r}: {reason}")
        return
    try:
        with _reading(path) as on_wait:
            result = api.check_isolated(path, pages=page_list, ocr=ocr.value, timeout=timeout, memory_mb=memory,
                                        on_wait=on_wait)  # fmt: skip
    except FinopError as exc:
        _fail(str(exc))
        return
    if format is Format.json:
        sys.stdout.write(api.to_json(result) + "\n")
    else:
        api.show(result, terminal.console(wide=120))
    raise typer.Exit(result.exit_code)


@app.command()
def netcap(
    books: Annotated[
        Path,
        typer.Argument(
            metavar="BOOKS", help="A books folder: firm.yaml, trial_balance.csv, positions.csv (see docs/books.md)."
        ),
    ],
    format: Annotated[
        Format,
        typer.Option(
            "--format", "-f", case_sensitive=False, help="text: the computation as a table; json: one JSON object."
        ),
    ] = Format.text,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="Compute with the rules in force on this date (YYYY-MM-DD); default: as_of in firm.yaml."
        ),
    ] = None,
) -> None:
    """Compute net capital under Rule 15c3-1 from a firm's books, line by line with citations.

    Exit code 0 on success, 2 when the books cannot be used (the message names the file, row and problem).

    Examples:

    \b
      finop netcap examples/mml-distributors-2003
      finop netcap examples/cedar-ridge-partners -f json > netcap.json
      finop netcap examples/harbor-point-corp --as-of 2019-12-31
    """
    when = _date_option("--as-of", as_of)
    try:
        comp = api.compute_net_capital(books, when)
    except FinopError as exc:
        _fail(str(exc))
        return
    if format is Format.json:
        sys.stdout.write(api.to_json(comp) + "\n")
    else:
        api.show(comp, terminal.console(wide=140))


@app.command()
def reserve(
    books: Annotated[
        Path,
        typer.Argument(
            metavar="BOOKS",
            help="A books folder with reserve.csv (the Exhibit A items, customer and PAB; docs/books.md).",
        ),
    ],
    format: Annotated[
        Format,
        typer.Option(
            "--format", "-f", case_sensitive=False, help="text: the computations as tables; json: one JSON object."
        ),
    ] = Format.text,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="Compute with the rules in force on this date (YYYY-MM-DD); default: as_of in firm.yaml."
        ),
    ] = None,
) -> None:
    """Compute the Rule 15c3-3 reserve formulas (Exhibit A): customer and PAB, line by line with citations.

    Total credits less total debits (after the Note E(3) reduction: 1% basic, 3% alternative, 2% alternative computed daily from June 30, 2026) is the amount required on deposit; the deposits in firm.yaml give the deficiency; average_total_credits tells whether daily computation is required. Exit code 0 on success, 2 when the books cannot be used (the message names the file, line and problem).

    Examples:

    \b
      finop reserve examples/lakeshore-clearing
      finop reserve examples/granite-harbor-securities --as-of 2025-12-31 -f json
    """
    when = _date_option("--as-of", as_of)
    try:
        res = api.compute_reserve(books, when)
    except FinopError as exc:
        _fail(str(exc))
        return
    if format is Format.json:
        sys.stdout.write(api.to_json(res) + "\n")
    else:
        api.show(res, terminal.console(wide=140))


@app.command()
def report(
    books: Annotated[
        list[Path],
        typer.Argument(
            metavar="BOOKS",
            help="A books folder (see docs/books.md); give several period folders, oldest first or not, to chart "
            "net capital over time: the report is the latest, and each opening balance must be the previous closing.",
        ),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="The folder to write the report files into.")],
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="Comma-separated: html, pdf, json (the canonical report), focus (FOCUS Part IIA box codes to amounts).",
        ),
    ] = "html,pdf,json,focus",
) -> None:
    """Produce the annual report (Form X-17A-5 Part III) from a firm's books.

    The facing page, the statements, the notes, the computation of net capital, the Rule
    15c3-3 exemption and the (d)(4) reconciliation. Files are written all or nothing: annual-report.html, annual-report.pdf, annual-report.json and
    focus-part-iia.csv. Exit code 0 on success, 2 when the books do not tie (the message says what).

    Examples:

    \b
      finop report examples/mml-distributors-2003 --out out/mml
      finop report examples/cedar-ridge-partners --out out/cedar -f html,json
    """
    formats = [f.strip().lower() for f in format.split(",") if f.strip()]
    try:
        produced = api.produce_report(books, out, formats)
    except FinopError as exc:
        _fail(str(exc))
        return
    api.show(produced, terminal.console(wide=100))


@contextmanager
def _edgar(user_agent: str | None, rate: float) -> Iterator[Any]:
    """An EDGAR client for one command: exit 2 without a declared User-Agent or on bad arguments, exit 4 when
    EDGAR refuses us; closed after."""
    try:
        client = api.edgar_client(user_agent, rate)
    except FinopError as exc:
        _fail(str(exc))
        raise
    try:
        yield client
    except EdgarBlocked as exc:
        terminal.console(stderr=True, soft_wrap=True).print(terminal.error(f"stopped: {exc}"))
        raise typer.Exit(BLOCKED_EXIT) from None
    except FinopError as exc:
        _fail(str(exc))
        raise
    finally:
        client.close()


def _end_of_fetch(summary: Any, out: Path, console: Any) -> None:
    """The failures of a fetch, and its exit when it stopped early (130 interrupted, 4 refused)."""
    for accession, reason in summary.failures[:20]:
        console.print(terminal.clean(f"  not fetched: {accession}: {reason}"))
    if summary.failures:
        console.print(terminal.clean(f"  ({len(summary.failures)} not fetched; listed in {out / 'fetch-log.jsonl'})"))
    if summary.stopped == "interrupted":
        console.print("finop: interrupted; the filings counted complete above are whole, a rerun fetches the rest")
        raise typer.Exit(130)
    if summary.stopped:
        console.print(terminal.error(f"stopped: {summary.stopped}"))
        raise typer.Exit(BLOCKED_EXIT)


def _fetch_for_batch(
    year: int, quarter: int | None, form: str, out: Path, user_agent: str | None, rate: float
) -> list[str]:
    """Fetch a year's (or a quarter's) filings into ``out`` for ``finop batch --edgar``: their folders."""
    console = terminal.console(stderr=True, soft_wrap=True)
    with _edgar(user_agent, rate) as client:
        refs = api.edgar_index(year, quarter, form=form, client=client)
        console.print(terminal.clean(f"finop: {len(refs)} filings of {form} in EDGAR's index; fetching into {out}"))
        summary = api.edgar_fetch(out, refs=refs, client=client)
    console.print(
        f"finop: fetched {summary.outcomes['complete']}, already here {summary.outcomes['skipped']}, "
        f"not fetched {len(summary.failures)}"
    )
    _end_of_fetch(summary, out, console)
    return [str(out / r.cik / r.accession) for r in refs if (out / r.cik / r.accession / "filing.json").is_file()]


@app.command()
def batch(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="INPUT",
            help="Files, folders (searched recursively for .pdf and .txt; a fetched filing's folder gives its "
            "report) or @LIST files of paths.",
        ),
    ] = None,
    db: Annotated[
        str, typer.Option("--db", help="finop.db (SQLite file, the default) or a URL such as postgresql://host/db.")
    ] = "finop.db",
    workers: Annotated[
        int,
        typer.Option("--workers", "-w", min=0, show_default=False, help="Documents at a time (default: the cores)."),
    ] = 0,
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Run on a Dask cluster: its scheduler, tcp://HOST:PORT.")
    ] = None,
    dask_local: Annotated[
        int | None, typer.Option("--dask-local", help="Run on a local Dask cluster of this many workers.")
    ] = None,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds a document may take.")] = 300,
    memory: Annotated[int, typer.Option("--memory", help="Megabytes of memory a document may use.")] = 3072,
    retry_failed: Annotated[bool, typer.Option("--retry-failed", help="Run the failed documents again.")] = False,
    edgar: Annotated[
        bool,
        typer.Option("--edgar", help="Fetch the year's filings from EDGAR first (--year, --quarter), then check them."),
    ] = False,
    year: Annotated[int | None, typer.Option("--year", help="With --edgar: the year of EDGAR's indexes.")] = None,
    quarter: Annotated[int | None, typer.Option("--quarter", help="With --edgar: one quarter, 1-4.")] = None,
    form: Annotated[str, typer.Option("--form", help="With --edgar: the form (and its /A).")] = "X-17A-5",
    edgar_dir: Annotated[
        Path, typer.Option("--edgar-dir", help="With --edgar: where the filings are kept (CIK/ACCESSION/).")
    ] = Path("edgar"),
    user_agent: AgentOption = None,
    rate: RateOption = 5.0,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List every document that failed (the first 10 otherwise).")
    ] = False,
) -> None:
    """Check many filings into a database, resumably, on a local pool or a Dask cluster.

    Each document runs in its own process with a time and memory limit; documents already
    done (by content hash) are skipped. A filing fetched by `finop edgar fetch` keeps its accession, form,
    filing date and CIK, and is cross-checked with its XML cover page. Exit code 0 when the batch ran (failed
    documents are recorded, not fatal), 2 on bad arguments, 4 when EDGAR refused us during --edgar.

    Examples:

    \b
      finop batch ../shared/corpus/pdf --workers 2
      finop batch edgar/ --db postgresql://user@host/finop
      finop batch --edgar --year 2025 --quarter 3 --user-agent "Sample Research sample@example.com"
    """
    if edgar:
        if year is None:
            _fail("--edgar needs --year (and optionally --quarter)")
            return
        inputs = [*(inputs or []), *_fetch_for_batch(year, quarter, form, edgar_dir, user_agent, rate)]
        if not inputs:
            terminal.console(stderr=True).print("finop: nothing fetched to check")
            return
    elif not inputs:
        _fail("give files or folders to check, or --edgar --year Y")
        return
    import time

    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    console = terminal.console(stderr=True)
    counts = {"ok": 0, "findings": 0, "failed": 0}
    with Progress(
        TextColumn("[bold]finop batch"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(
            "ok {task.fields[ok]} · findings {task.fields[findings]} · failed {task.fields[failed]} · "
            "skipped {task.fields[skipped]}"
        ),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
    ) as progress:
        hashing = progress.add_task("hashing", total=None, ok="", findings="", failed="", skipped="", rate="")
        task = progress.add_task("batch", total=None, ok=0, findings=0, failed=0, skipped=0, rate="", visible=False)
        started = [0.0]

        def on_plan(todo: int, skipped: int) -> None:
            started[0] = time.perf_counter()
            progress.update(hashing, visible=False)
            progress.update(task, total=todo, skipped=skipped, visible=True)

        def on_result(result: dict) -> None:
            counts[result["status"]] += 1
            done = sum(counts.values())
            rate = done / max(time.perf_counter() - started[0], 1e-9) * 60
            progress.update(task, advance=1, rate=f"{rate:.1f}/min", **counts)

        try:
            summary = api.run_batch(
                inputs,
                db,
                workers=workers,
                scheduler=scheduler,
                dask_local=dask_local,
                timeout=timeout,
                memory_mb=memory,
                retry_failed=retry_failed,
                on_inputs=lambda n: progress.update(hashing, total=n),
                on_plan=on_plan,
                on_result=on_result,
                on_hashed=lambda: progress.advance(hashing),
            )
        except FinopError as exc:
            progress.stop()
            _fail(str(exc))
            return
        except KeyboardInterrupt:
            progress.stop()
            done = sum(counts.values())
            terminal.console(stderr=True, soft_wrap=True).print(terminal.clean(
                f"finop: interrupted. {done} document(s) of this run are committed to {db} "
                f"({counts['ok']} ok, {counts['findings']} with findings, {counts['failed']} failed); the ones in "
                "flight are not. Run the same command again to go on: documents already done are skipped."
            ))  # fmt: skip
            raise typer.Exit(130) from None
    _print_summary(summary, terminal.console(soft_wrap=True), verbose)


def _print_summary(summary: Any, console: Any, verbose: bool = False) -> None:
    """Counts by status and layer, the tie-out pass rate, the slowest documents."""
    from rich.table import Table

    table = Table(title="finop batch", title_justify="left", show_edge=False)
    table.add_column("")
    table.add_column("this run", justify="right")
    table.add_column("in the store", justify="right")
    for status in ("ok", "findings", "failed"):
        table.add_row(status, str(summary.done[status]), str(summary.in_store.get(status, 0)))
    table.add_row("skipped (already done)", str(summary.skipped), "")
    for verdict in ("pass", "fail", "incomplete"):
        table.add_row(f"  verdict {verdict}", str(summary.verdicts.get(verdict, 0)),
                      str(summary.verdicts_in_store.get(verdict, 0)))  # fmt: skip
    console.print(table)
    if summary.layers:
        console.print("by layer: " + ", ".join(f"{k} {v}" for k, v in sorted(summary.layers.items())))
    if summary.tie_rate is not None:
        console.print(f"tie-out pass rate (no error finding): {summary.tie_rate:.0%}")
    for seconds, path in summary.slowest:
        console.print(terminal.clean(f"  slow: {seconds:7.1f} s  {path}"))
    shown = summary.failures if verbose else summary.failures[:FAILURES_SHOWN]
    for path, why in shown:
        console.print(terminal.clean(f"  failed: {path}: {why}"))
    if len(shown) < len(summary.failures):
        console.print(f"  ... and {len(summary.failures) - len(shown)} more failed (--verbose lists them all; "
                      "finop export --what documents gives every document's status and reason)")  # fmt: skip
    console.print(
        terminal.clean(
            f"{sum(summary.done.values())} documents in {summary.seconds:.1f} s; database {summary.database}"
        )
    )


class ExportWhat(StrEnum):
    facts = "facts"
    line_items = "line-items"
    findings = "findings"
    documents = "documents"
    chart = "chart"


class TableFormat(StrEnum):
    csv = "csv"
    parquet = "parquet"


@app.command()
def export(
    what: Annotated[
        ExportWhat,
        typer.Option(
            "--what",
            case_sensitive=False,
            help="facts: one row per filing; line-items: the long table; findings (with CIK, period, expected, "
            "actual, difference); documents: every document with its status and why it failed; chart: one firm "
            "over the years (--cik).",
        ),
    ],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="The file to write (.csv, .parquet, or .png/.svg for a chart).")
    ],
    db: Annotated[str, typer.Option("--db", help="The batch database: a file (SQLite) or a URL.")] = "finop.db",
    format: Annotated[
        TableFormat | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="csv or parquet (tables only); default: by --out's suffix, else csv.",
        ),
    ] = None,
    cik: Annotated[str | None, typer.Option("--cik", help="The firm to chart (--what chart).")] = None,
    labels: Annotated[
        Path | None,
        typer.Option(
            "--labels",
            help="A folder of labelled captions (CSV: Lineitems, Manual Classification) that "
            "gives line items their canonical class, e.g. ../shared/corpus/labels.",
        ),
    ] = None,
) -> None:
    """Write a dataset from a batch database: the facts panel, line items, findings, or a firm's chart.

    Exit code 0 when written, 2 when the database or the request cannot be used.

    Examples:

    \b
      finop export --what facts --out panel.csv
      finop export --what findings --out findings.parquet -f parquet --db postgresql://host/finop
      finop export --what chart --cik 701 --out firm.svg
    """
    try:
        n = api.export(what.value, out, db, format=format.value if format else None, cik=cik, labels=labels)
    except FinopError as exc:
        _fail(str(exc))
        return
    if what is ExportWhat.chart:
        terminal.console().print(terminal.clean(f"wrote {out} ({n} period ends)"))
    else:
        terminal.console().print(terminal.clean(f"wrote {out} ({n} rows)"))


rules_app = typer.Typer(help="The rule values finop applies (dated, cited data).", no_args_is_help=True)
app.add_typer(rules_app, name="rules")


@rules_app.command("show")
def rules_show(
    at: Annotated[
        str | None, typer.Option("--at", help="Show the values in force on this date (YYYY-MM-DD); default: today.")
    ] = None,
) -> None:
    """List every rule value in force on a date, with its effective date and citation.

    Examples:

    \b
      finop rules show
      finop rules show --at 2003-12-31
    """
    from rich.table import Table

    when = _date_option("--at", at) or dt.date.today()
    try:
        values = api.rule_values(when)
    except FinopError as exc:
        _fail(str(exc))
        return
    table = Table(title=f"Rule values in force on {when.isoformat()}", title_justify="left", show_edge=False)
    for col in ("rule", "value", "since", "citation"):
        table.add_column(col)
    for name, rv in values:
        if rv is None:
            table.add_row(name, "(not in force)", "", "")
            continue
        if hasattr(rv.value, "brackets"):
            value = "; ".join(
                f"{b.start}–{b.end if b.end is not None else '…'} {rv.value.measure}: {b.rate * 100}%"
                for b in rv.value.brackets
            )
        else:
            value = str(rv.value)
        table.add_row(name, value, rv.effective.isoformat(), rv.citation)
    terminal.console(wide=160).print(table)


edgar_app = typer.Typer(
    help="Find and fetch X-17A-5 filings on EDGAR, by the SEC's access rules (a declared User-Agent with a "
    "contact email, at most 10 requests a second, backoff when asked).",
    no_args_is_help=True,
)
app.add_typer(edgar_app, name="edgar")


class IndexFormat(StrEnum):
    csv = "csv"
    json = "json"


def _index_rows(refs: list[Any], base: str) -> list[dict[str, str]]:
    return [{**r.to_dict(), "url": f"{base}/{r.folder}/"} for r in refs]


@edgar_app.command("index")
def edgar_index(
    year: Annotated[int, typer.Option("--year", help="The year of EDGAR's quarterly indexes.")],
    quarter: Annotated[int | None, typer.Option("--quarter", help="One quarter, 1-4 (default: all four).")] = None,
    form: Annotated[str, typer.Option("--form", help="The form; its amendments (/A) come with it.")] = "X-17A-5",
    format: Annotated[
        IndexFormat, typer.Option("--format", "-f", case_sensitive=False, help="csv or json.")
    ] = IndexFormat.csv,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write here (default: standard output).")] = None,
    user_agent: AgentOption = None,
    rate: RateOption = 5.0,
) -> None:
    """List the filings of a form in EDGAR's full index (form.idx): CIK, company, form, date filed, accession, URL.

    Exit code 0 listed, 2 bad arguments or no User-Agent, 4 EDGAR refused us (blocked or still rate-limited).

    Examples:

    \b
      finop edgar index --year 2025 --quarter 1 --user-agent "Sample Research sample@example.com"
      finop edgar index --year 2024 -f json --out x17a5-2024.json
    """
    import csv
    import io
    import json

    with _edgar(user_agent, rate) as client:
        refs = api.edgar_index(year, quarter, form=form, client=client)
    rows = _index_rows(refs, client.base_url)
    if format is IndexFormat.json:
        text = json.dumps(rows, indent=2) + "\n"
    else:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=["cik", "company", "form", "date_filed", "accession", "url", "file"])
        writer.writeheader()
        writer.writerows(rows)
        text = buffer.getvalue()
    if out:
        out.write_text(text, encoding="utf-8")
        terminal.console(stderr=True).print(terminal.clean(f"wrote {out} ({len(rows)} filings)"))
    else:
        sys.stdout.write(text)


@edgar_app.command("fetch")
def edgar_fetch(
    out: Annotated[Path, typer.Option("--out", "-o", help="The folder: each filing goes to OUT/CIK/ACCESSION/.")],
    cik: Annotated[
        list[str] | None, typer.Option("--cik", help="A filer's CIK (repeat for several): its filings of the form.")
    ] = None,
    index: Annotated[
        Path | None, typer.Option("--index", help="A list of filings from `finop edgar index` (CSV or JSON).")
    ] = None,
    year: Annotated[int | None, typer.Option("--year", help="Only filings made in this year.")] = None,
    form: Annotated[str, typer.Option("--form", help="The form; its amendments (/A) come with it.")] = "X-17A-5",
    user_agent: AgentOption = None,
    rate: RateOption = 5.0,
) -> None:
    """Download filings with their documents and a filing.json each; resumable and idempotent.

    A rerun downloads nothing already complete; a file cut off (Ctrl-C, kill -9) is never taken for a
    whole one. A filing EDGAR does not have (404) is recorded in OUT/fetch-log.jsonl and the run goes on.
    Exit code 0 the run finished (failures recorded), 2 bad arguments or no User-Agent, 4 EDGAR refused us
    and the run stopped, 130 interrupted (what is complete stays complete).

    Examples:

    \b
      finop edgar fetch --cik 87634 --year 2025 --out edgar/ --user-agent "Sample Research sample@example.com"
      finop edgar index --year 2025 --quarter 1 --out q1.csv && finop edgar fetch --index q1.csv --out edgar/
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    if not cik and index is None:
        _fail("give --cik CIK (one or more) or --index FILE")
        return
    console = terminal.console(stderr=True, soft_wrap=True)
    counts: dict[str, int] = {"complete": 0, "skipped": 0, "missing": 0, "failed": 0}
    with (
        _edgar(user_agent, rate) as client,
        Progress(
            TextColumn("[bold]finop edgar fetch"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn(
                "new {task.fields[complete]} · already here {task.fields[skipped]} · "
                "not on EDGAR {task.fields[missing]} · failed {task.fields[failed]}"
            ),
            TimeElapsedColumn(),
            console=console,
        ) as progress,
    ):
        task = progress.add_task("fetch", total=None, **counts)

        def on_filing(ref: Any, outcome: str) -> None:
            counts[outcome] = counts.get(outcome, 0) + 1
            progress.update(task, advance=1, **counts)

        summary = api.edgar_fetch(
            out, ciks=cik or (), index_file=index, year=year, form=form, client=client,
            on_plan=lambda n: progress.update(task, total=n), on_filing=on_filing,
        )  # fmt: skip
    done = summary.outcomes["complete"] + summary.outcomes["skipped"]
    console.print(
        f"{done} of {summary.planned} filings complete in {out} ({summary.outcomes['complete']} fetched now, "
        f"{summary.documents} documents, {summary.bytes:,} bytes; {client.requests} requests)"
    )
    _end_of_fetch(summary, out, console)


LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@app.command()
def serve(
    db: Annotated[str, typer.Option("--db", help="The batch database: a file (SQLite) or a URL.")] = "finop.db",
    host: Annotated[str, typer.Option("--host", help="The address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="The port.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option("--token", envvar="FINOP_TOKEN", help="A token every request must carry (default: $FINOP_TOKEN)."),
    ] = None,
    uploads: Annotated[
        Path | None,
        typer.Option("--uploads", help="Where uploaded reports are kept (default: finop-uploads/ by the database)."),
    ] = None,
    max_upload_mb: Annotated[int, typer.Option("--max-upload-mb", help="The largest upload, in MB.")] = 100,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds an uploaded report may take to check.")] = 300,
    workers: Annotated[int, typer.Option("--workers", help="Server processes (the cores to answer with).")] = 1,
) -> None:
    """Serve the review UI: the filings of a batch database, each finding on its page image, uploads to check.

    Listens on this machine only, unless a token is set (--token or FINOP_TOKEN); then every request needs
    it (Authorization: Bearer TOKEN, or ?token=TOKEN once in a browser). The JSON API is under /api, its
    OpenAPI description at /docs.

    Examples:

    \b
      finop serve --db finop.db                       # http://127.0.0.1:8000
      FINOP_TOKEN=s3cret finop serve --host 0.0.0.0   # behind a reverse proxy (docs/serve.md)
    """
    import os

    import uvicorn

    if host not in LOCAL_HOSTS and not token:
        _fail(f"--host {host}: without a token (--token or FINOP_TOKEN) finop serve listens on this machine only")
        return
    here = Path(db).resolve().parent if "://" not in db else Path.cwd()
    url = str(Path(db).resolve()) if "://" not in db else db
    os.environ.update({
        "FINOP_SERVE_DB": url, "FINOP_SERVE_UPLOADS": str(uploads or here / "finop-uploads"),
        "FINOP_SERVE_CACHE": str(here / "finop-pages"), "FINOP_SERVE_MAX_UPLOAD": str(max_upload_mb * 1024 * 1024),
        "FINOP_SERVE_TIMEOUT": str(timeout), "FINOP_TOKEN": token or "",
        "FINOP_SERVE_SECRET": secrets.token_hex(32),  # one for every process: a form any of them rendered holds
    })  # fmt: skip
    terminal.console(stderr=True).print(
        terminal.clean(f"finop serve: http://{host}:{port}/ over {db} ({workers} process(es))")
    )
    uvicorn.run("finop.web.app:from_environment", factory=True, host=host, port=port, workers=max(1, workers),
                log_level="warning")  # fmt: skip


@app.command()
def version() -> None:
    """Print finop's version (as `finop --version` does).

    Example:

    \b
      finop version
    """
    typer.echo(__version__)


def main() -> None:
    """``finop``: the commands; an unexpected failure is exit 5 with one line (the traceback under --debug),
    never exit 1, which means the report is wrong."""
    debug = "--debug" in sys.argv[1:]
    try:
        app()
    except KeyboardInterrupt:
        terminal.console(stderr=True).print("finop: interrupted")
        sys.exit(130)
    except Exception as exc:  # a bug: said as one, never as a finding about the report
        if debug:
            import traceback

            traceback.print_exc()
            if getattr(exc, "trace", None):  # a failure in a check's own process: its traceback there
                sys.stderr.write(str(exc.trace))
        hint = "" if debug else " (run again with --debug for the traceback)"
        terminal.console(stderr=True, soft_wrap=True).print(
            terminal.error(f"internal error: {type(exc).__name__}: {exc}. This is a bug in finop, please report "
                           f"it with the command that caused it{hint}.")
        )  # fmt: skip
        sys.exit(INTERNAL_EXIT)


if __name__ == "__main__":
    main()
