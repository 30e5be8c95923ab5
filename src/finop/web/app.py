"""The review UI: filings of a batch database, one filing with its findings on its page images, uploads.

FastAPI with Jinja2 templates (escaped everywhere) and a little plain JavaScript; every page has a JSON
twin under /api. Nothing a visitor sends becomes a path: documents are found by their id (the content's
sha256) in the store, uploads are kept under their own hash. With a token (``--token`` or FINOP_TOKEN)
every request needs it; without one the server only listens on this machine (``serve.py``).
"""

from __future__ import annotations

import gc
import hashlib
import hmac
import re
import secrets
import tempfile
import uuid
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import orjson
from fastapi import FastAPI, HTTPException, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from finop import api
from finop.errors import FinopError
from finop.web.charts import line_chart
from finop.web.page_cache import PageCache

MAX_UPLOAD = 100 * 1024 * 1024
CHECK_TIMEOUT = 300.0
PAGE_SIZE = 50
_ID = re.compile(r"^[0-9a-f]{64}$")
_TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=select_autoescape(default=True)
)


def money(value: Any) -> str:
    """An amount as the JSON gives it ('1268650', '-171097.5') with thousands separators; anything else as is."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value))
    except ArithmeticError:
        return str(value)
    return f"{amount:,}"


_TEMPLATES.filters["money"] = money


def sniff(head: bytes) -> str | None:
    """What an upload is, by its content: 'pdf', 'txt' (text without NUL bytes), or None."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if b"\x00" in head or not head.strip():
        return None
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not a character cut at the end of the sample
            return None
    return "txt"


def listed(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """The list page's rows as the cells it shows, in order (tuples: the template unpacks them, which costs
    it a third of looking each up by name)."""
    return [(r["id"], r["registrant_name"] or "(name not read)", r["cik"] or "", r["period_end"] or "",
             r["status"] or "", r["errors"], r["warnings"], r["accession"] or "", r["file"].rsplit("/", 1)[-1])
            for r in rows]  # fmt: skip


def amounts_read(result: dict[str, Any]) -> list[tuple[str, str]]:
    """The correction form's choices: every amount of every statement read, as (statement|line|column, what
    the reviewer sees: the statement, the caption, the column when there are several, the amount)."""
    out = []
    for kind, statement in (result.get("statements") or {}).items():
        columns, name = statement.get("columns") or [], kind.replace("_", " ")
        for item in statement.get("items", []):
            values = item.get("values") or []
            for col, value in enumerate(values):
                if value is None:
                    continue
                heading = f" [{columns[col]}]" if len(values) > 1 and col < len(columns) else ""
                out.append((f"{kind}|{item['id']}|{col}", f"{name} · {item['label'][:60]}{heading}: {money(value)}"))
    return out


def boxes_on(result: dict[str, Any], page: int) -> list[tuple[tuple[float, float, float, float], str]]:
    """The boxes a result points to on ``page``: findings (by severity) and facts."""
    out = []
    for finding in result.get("findings", []):
        for source in [finding.get("source"), *finding.get("sources", [])]:
            if source and source.get("page") == page and source.get("box"):
                out.append((tuple(source["box"]), finding["severity"]))
    for fact in result.get("fact_sources", {}).values():
        source = fact.get("source") or {}
        if source.get("page") == page and source.get("box"):
            out.append((tuple(source["box"]), "fact"))
    return out


class Jobs:
    """Uploaded reports checked one at a time in the background of this process, into the database; each
    job's state is a row of the database, so any worker process of the server answers for it."""

    def __init__(self, db: str, timeout: float) -> None:
        self.db, self.timeout = db, timeout
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="finop-check")

    def submit(self, path: Path, digest: str, name: str) -> str:
        job = uuid.uuid4().hex
        api.put_job(self.db, job, status="queued", name=name[:200])
        self.pool.submit(self._run, job, path, digest)
        return job

    def _run(self, job: str, path: Path, digest: str) -> None:
        api.put_job(self.db, job, status="running")
        try:
            api.run_batch([path], self.db, workers=1, timeout=self.timeout, retry_failed=True, exclusive=False)
            stored = api.stored_filing(self.db, digest)
        except Exception as exc:  # the job records what went wrong; the server goes on
            api.put_job(self.db, job, status="failed", error=f"{type(exc).__name__}: {exc}")
            return
        if stored is None or stored["status"] == "failed":
            error = (stored or {}).get("error") or "the report could not be read"
            api.put_job(self.db, job, status="failed", error=error)
        else:
            api.put_job(self.db, job, status="done", filing=digest)

    def get(self, job: str) -> dict[str, Any] | None:
        found = api.get_job(self.db, job) if re.fullmatch(r"[0-9a-f]{32}", job) else None
        if found is None:
            return None
        return {"job": found["id"], **{k: found[k] for k in ("status", "name", "filing", "error")}}


def create_app(
    db: str = "finop.db",
    *,
    token: str | None = None,
    uploads: Path | None = None,
    max_upload: int = MAX_UPLOAD,
    check_timeout: float = CHECK_TIMEOUT,
    cache: Path | None = None,
    secret: bytes | None = None,
) -> FastAPI:
    """The app over the database ``db``; uploads kept in ``uploads``, page images cached in ``cache``;
    ``secret`` signs the review forms (the same in every process of one server; random if not given)."""
    app = FastAPI(title="finop", description="Review X-17A-5 annual reports finop has checked.", version="1")
    uploads = uploads or Path(tempfile.gettempdir()) / "finop-uploads"
    cache = cache or Path(tempfile.gettempdir()) / "finop-pages"
    jobs = Jobs(db, check_timeout)
    secret = secret or secrets.token_bytes(32)
    rendered = PageCache(lambda: api.stored_revision(db))

    def csrf(id: str) -> str:
        """The correction form's token for one filing: only a page this server rendered has it."""
        return hmac.new(secret, id.encode(), hashlib.sha256).hexdigest()

    async def require_token(request: Request, call_next: Any) -> Any:
        given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        given = given or request.cookies.get("finop_token", "") or request.query_params.get("token", "")
        if not hmac.compare_digest(given.encode(), token.encode()):
            return JSONResponse({"detail": "a token is needed: Authorization: Bearer TOKEN"}, status_code=401)
        response = await call_next(request)
        if request.query_params.get("token"):
            response.set_cookie("finop_token", token, httponly=True, samesite="strict")
        return response

    if token is not None:  # no middleware at all without a token: a request costs less
        app.middleware("http")(require_token)

    def page(template: str, **values: Any) -> HTMLResponse:
        return HTMLResponse(_TEMPLATES.get_template(template).render(**values))

    def as_json(data: Any) -> Response:
        """JSON as FastAPI would send it, without its slow encoder (rows and stored results are plain JSON
        already; an amount that is a Decimal is sent as its string, never as a float)."""
        return Response(orjson.dumps(data, default=str, option=orjson.OPT_NON_STR_KEYS), media_type="application/json")

    def asked(request: Request) -> str:
        """What a request asks for, as a key of the page cache (the path with its query)."""
        return f"{request.url.path}?{request.url.query}"

    @lru_cache(maxsize=32)  # few: thousands of objects each, which every full garbage collection walks
    def result_of(id: str, reading: tuple[Any, ...]) -> dict[str, Any] | None:
        """A stored result, parsed once per reading of the document (each reading raises its attempts): a
        firm's series and a filing's page images read it again and again."""
        return api.stored_result(db, id)

    def document(id: str) -> dict[str, Any]:
        """The store's row of a filing that exists (a malformed or unknown id is a 404), without its result."""
        row = api.stored_document(db, id) if _ID.match(id) else None
        if row is None:
            raise HTTPException(404, "no such filing")
        return row

    def stored(id: str) -> dict[str, Any]:
        row = document(id)
        return {**row, "result": result_of(id, (row["attempts"], row["finished_at"]))}

    def listing(request: Request) -> tuple[int, list[dict[str, Any]], dict[str, Any]]:
        q = request.query_params
        filters = {k: q.get(k) or None for k in ("firm", "cik", "period", "status", "code")}
        try:
            limit, offset = int(q.get("limit", PAGE_SIZE)), int(q.get("offset", 0))
            total, rows = api.stored_filings(db, **filters, sort=q.get("sort", "period_end"),
                                             descending=q.get("order", "desc") != "asc", limit=limit, offset=offset)  # fmt: skip
        except (ValueError, FinopError) as exc:
            raise HTTPException(400, str(exc)) from None
        return total, rows, {**filters, "sort": q.get("sort", "period_end"), "order": q.get("order", "desc"),
                             "limit": limit, "offset": offset}  # fmt: skip

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/filings")

    @app.get("/api/filings", response_model=None)
    async def api_filings(request: Request) -> Response:
        """Filings, filtered (firm, cik, period, status, code), sorted (sort, order) and paginated (limit, offset):
        ``{"total", "limit", "offset", "filings": [{"id", "file", "cik", "period_end", "status", ...}]}``."""

        def build() -> Response:
            total, rows, query = listing(request)
            return as_json({"total": total, "limit": query["limit"], "offset": query["offset"], "filings": rows})

        return rendered.get(asked(request), build)

    @app.get("/filings", response_class=HTMLResponse, include_in_schema=False)
    async def filings_page(request: Request) -> Response:
        def build() -> Response:
            total, rows, query = listing(request)
            base = urlencode({k: v for k, v in query.items() if v not in (None, "") and k != "offset"})
            return page("filings.html", total=total, table=listed(rows), query=query, base=base)

        return rendered.get(asked(request), build)

    @app.get("/api/filings/{id}", response_model=None)
    async def api_filing(id: str, request: Request) -> Response:
        """One filing: the result as `finop check -f json` prints it, with its ``id``, ``status`` (pass, fail,
        incomplete; as in the list) and ``document`` (the store's row: path, size, pages, layer, the reading's
        status ok, findings or failed, error, attempts, finished_at)."""

        def build() -> Response:
            found = stored(id)
            result = found["result"] or {}
            document = {k: v for k, v in found.items() if k not in ("hash", "result")}
            status = (result.get("summary") or {}).get("status")
            return as_json({"id": id, "status": status, "document": document, **result,
                            "result_stored": bool(result)})  # fmt: skip

        return rendered.get(asked(request), build)

    @app.get("/filings/{id}", response_class=HTMLResponse, include_in_schema=False)
    async def filing_page(id: str, request: Request) -> Response:
        def build() -> Response:
            found = stored(id)
            result = found["result"] or {}
            pages = sorted({s["page"] for f in result.get("findings", []) for s in [f.get("source") or {}]
                            if s.get("page")})  # fmt: skip
            return page("filing.html", id=id, row=found, result=result, pdf=found["path"].lower().endswith(".pdf"),
                        pages=pages, csrf=csrf(id), corrections=api.stored_corrections(db, id),
                        amounts=amounts_read(result),
                        confirmed={(c["code"], c["message"]): c for c in api.stored_confirmations(db, id)})  # fmt: skip

        return rendered.get(asked(request), build)

    async def review_form(id: str, request: Request) -> Any:
        """A reviewer's form for a filing that exists, sent from a page this server rendered (CSRF)."""
        document(id)
        form = await request.form()
        if not hmac.compare_digest(str(form.get("csrf", "")), csrf(id)):
            raise HTTPException(403, "the form's token is missing or wrong (reload the filing's page)")
        return form

    @app.get("/api/filings/{id}/corrections")
    def corrections(id: str) -> list[dict[str, Any]]:
        """A filing's corrections, oldest first: statement, item, col, original (as read), printed, amount (as
        corrected), reviewer, note, created_at."""
        document(id)
        return [{k: (str(v) if isinstance(v, Decimal) else v) for k, v in o.items() if k != "hash"}
                for o in api.stored_corrections(db, id)]  # fmt: skip

    @app.post("/filings/{id}/corrections", include_in_schema=False)
    async def correct(id: str, request: Request) -> RedirectResponse:
        form = await review_form(id, request)
        statement, _, rest = str(form.get("line", "")).partition("|")
        item, _, column = rest.partition("|")
        try:
            await run_in_threadpool(  # the report is checked again in a reader process, under the time limit
                api.correct, db, id, statement=statement, item=item, column=int(column or -1),
                amount=form.get("amount", ""), reviewer=str(form.get("reviewer", "")),
                note=str(form.get("note", "")), timeout=check_timeout,
            )  # fmt: skip
        except (FinopError, ValueError) as exc:
            raise HTTPException(400, str(exc)) from None
        return RedirectResponse(f"/filings/{id}#corrections", status_code=303)

    @app.get("/api/filings/{id}/confirmations")
    def confirmations(id: str) -> list[dict[str, Any]]:
        """The findings a reviewer confirmed: code, message, reviewer, note, created_at."""
        document(id)
        return [{k: v for k, v in c.items() if k != "hash"} for c in api.stored_confirmations(db, id)]

    @app.post("/filings/{id}/confirmations", include_in_schema=False)
    async def confirm(id: str, request: Request) -> RedirectResponse:
        form = await review_form(id, request)
        try:
            await run_in_threadpool(api.confirm_finding, db, id, code=str(form.get("code", "")), message=str(form.get("message", "")),
                                reviewer=str(form.get("reviewer", "")), note=str(form.get("note", "")))  # fmt: skip
        except FinopError as exc:
            raise HTTPException(400, str(exc)) from None
        return RedirectResponse(f"/filings/{id}#findings", status_code=303)

    @app.get("/filings/{id}/pages/{n}.png", include_in_schema=False)
    async def page_png(id: str, n: int) -> Response:
        row = document(id)
        if not row["path"].lower().endswith(".pdf"):
            raise HTTPException(404, "a text report has no page images")
        reading = (row["attempts"], row["finished_at"])
        key = hashlib.sha256(repr((id, n, reading)).encode()).hexdigest()
        cached = cache / f"{key}.png"
        if not cached.is_file():  # rendered off the event loop: the other requests go on meanwhile
            await run_in_threadpool(render_page, id, n, row["path"], reading, cached)
        return Response(cached.read_bytes(), media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})

    def render_page(id: str, n: int, path: str, reading: tuple[Any, ...], cached: Path) -> None:
        boxes = boxes_on(result_of(id, reading) or {}, n)
        try:
            data = api.page_image(path, n, boxes)
        except FinopError as exc:
            raise HTTPException(404, str(exc)) from None
        cache.mkdir(parents=True, exist_ok=True)
        part = cached.with_suffix(f".{uuid.uuid4().hex}.part")
        part.write_bytes(data)
        part.replace(cached)

    series_keys = ("total_assets", "total_equity", "net_capital", "minimum_net_capital", "early_warning_level",
                   "excess_net_capital", "ai_ratio_percent")  # fmt: skip

    def series_of(cik: str) -> dict[str, Any]:
        if not cik.isdigit():
            raise HTTPException(400, "a CIK is a number")
        _, rows = api.stored_filings(db, cik=cik, sort="period_end", descending=False, limit=500)
        points = []
        for row in rows:
            result = stored(row["id"])["result"] or {}  # parsed once per reading
            facts = result.get("facts", {})
            points.append({"id": row["id"], "period_end": row["period_end"], "status": row["status"],
                           "registrant_name": row["registrant_name"], **{k: facts.get(k) for k in series_keys}})  # fmt: skip
        return {"cik": cik.lstrip("0"), "points": points}

    @app.get("/api/firms/{cik}/series")
    def firm_series(cik: str) -> dict[str, Any]:
        """One firm's figures at each period end it filed for, oldest first, with the filing's status."""
        return series_of(cik)

    @app.get("/firms/{cik}", response_class=HTMLResponse, include_in_schema=False)
    def firm_page(cik: str) -> HTMLResponse:
        data = series_of(cik)
        points = data["points"]
        if not points:
            raise HTTPException(404, "no filing of this CIK in the database")
        periods = [p["period_end"] or "?" for p in points]
        statuses = [p["status"] for p in points]

        def line(key: str) -> list[Decimal | None]:
            return [Decimal(p[key]) if p.get(key) is not None else None for p in points]

        charts = [
            line_chart("Total assets", periods, {"total assets": line("total_assets")}, statuses),
            line_chart("Equity", periods, {"total equity": line("total_equity")}, statuses),
            line_chart(
                "Net capital against the requirement",
                periods,
                {
                    "net capital": line("net_capital"),
                    "requirement": line("minimum_net_capital"),
                    "early-warning level": line("early_warning_level"),
                },
                statuses,
            ),
            line_chart("Excess net capital", periods, {"excess": line("excess_net_capital")}, statuses),
            line_chart(
                "Aggregate indebtedness to net capital",
                periods,
                {"AI ratio": line("ai_ratio_percent")},
                statuses,
                percent=True,
            ),
        ]
        name = next((p["registrant_name"] for p in reversed(points) if p["registrant_name"]), f"CIK {cik}")
        return page("firm.html", name=name, cik=data["cik"], points=points, charts=charts)

    @app.get("/api/population")
    def population_data() -> dict[str, Any]:
        """The database at a glance: net capital over its requirement in buckets, findings by code, the filings
        nearest their early-warning level."""
        data = api.stored_population(db)
        for row in data["nearest_early_warning"]:
            row.update({k: str(row[k]) for k in ("net_capital", "early_warning_level", "cushion")})
        return data

    @app.get("/population", response_class=HTMLResponse, include_in_schema=False)
    def population_page() -> HTMLResponse:
        data = api.stored_population(db)
        most = max(data["ratio_buckets"].values(), default=0) or 1
        return page("population.html", data=data, most=most)

    @app.get("/upload", response_class=HTMLResponse, include_in_schema=False)
    def upload_page() -> HTMLResponse:
        return page("upload.html", limit_mb=max_upload // (1024 * 1024))

    @app.post("/api/check")
    async def upload(file: UploadFile) -> dict[str, str]:
        """Check an uploaded report (PDF or text, by content) in the background: returns ``{"job": ID}``."""
        data = await file.read(max_upload + 1)
        if len(data) > max_upload:
            raise HTTPException(413, f"the file is over the limit of {max_upload:,} bytes")
        kind = sniff(data[:65536])
        if kind is None:
            raise HTTPException(415, "not a PDF or a text report (judged by its content, not its name)")
        digest = hashlib.sha256(data).hexdigest()
        uploads.mkdir(parents=True, exist_ok=True)
        path = uploads / f"{digest}.{kind}"
        if not path.is_file():
            part = uploads / f"{digest}.{uuid.uuid4().hex}.part"
            part.write_bytes(data)
            part.replace(path)
        return {"job": jobs.submit(path, digest, file.filename or path.name)}

    @app.get("/api/jobs/{job}")
    def job_status(job: str) -> dict[str, Any]:
        """An upload's check: ``status`` queued, running, done (with ``filing``) or failed (with ``error``)."""
        found = jobs.get(job)
        if found is None:
            raise HTTPException(404, "no such job")
        return found

    return app


def from_environment() -> FastAPI:
    """The app as `finop serve --workers N` starts it in each worker process (settings from the environment)."""
    import os

    env = os.environ
    app = create_app(
        env["FINOP_SERVE_DB"],
        token=env.get("FINOP_TOKEN") or None,
        uploads=Path(env["FINOP_SERVE_UPLOADS"]),
        cache=Path(env["FINOP_SERVE_CACHE"]),
        max_upload=int(env.get("FINOP_SERVE_MAX_UPLOAD", MAX_UPLOAD)),
        check_timeout=float(env.get("FINOP_SERVE_TIMEOUT", CHECK_TIMEOUT)),
        secret=bytes.fromhex(env["FINOP_SERVE_SECRET"]) if env.get("FINOP_SERVE_SECRET") else None,
    )
    gc.freeze()  # the modules and the app, loaded once, are never garbage: collections skip them
    gc.set_threshold(50_000, 20, 20)  # a page parses a result of thousands of objects: collect less often
    return app
