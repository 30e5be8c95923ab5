"""The batch store: one SQL database (SQLite file by default, PostgreSQL by URL) through SQLAlchemy 2.

Money is stored exactly: NUMERIC on PostgreSQL, decimal text on SQLite (whose NUMERIC
is a float). One writer (the batch driver) commits each document's results in one
transaction; a document's rows are replaced as a whole, so a rerun never duplicates.
The schema is versioned; ``migrate`` brings an older database up to date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.types import NUMERIC, TypeDecorator

from finop.errors import InputError
from finop.model.corrections import Correction

# 2: filings.verdict; 3: accession, form, date_filed; 4: results; 5: overrides; 6: jobs; 7: confirmations;
# 8: the list's order as one index (period end, then id)
SCHEMA_VERSION = 9
DONE = ("ok", "findings")  # statuses that need no rerun


class ExactDecimal(TypeDecorator):  # type: ignore[type-arg]
    """A Decimal stored without loss: NUMERIC where the database has it exactly, decimal text elsewhere."""

    impl = String(60)
    cache_ok = True

    def load_dialect_impl(self, dialect: Any) -> Any:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(NUMERIC(38, 6))
        return dialect.type_descriptor(String(60))

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        if value is None:
            return None
        amount = Decimal(value)
        return amount if dialect.name == "postgresql" else str(amount)

    def process_result_value(self, value: Any, dialect: Any) -> Decimal | None:
        if value is None:
            return None
        amount = Decimal(str(value))
        if amount == amount.to_integral_value():
            return amount.quantize(Decimal(1))  # NUMERIC(38, 6) gives 1268650.000000; the value is 1268650
        return amount.normalize() if "." in str(amount) else amount


metadata = MetaData()
schema_version = Table("schema_version", metadata, Column("version", Integer, nullable=False))
documents = Table(
    "documents",
    metadata,
    Column("hash", String(64), primary_key=True),  # sha256 of the content
    Column("path", Text, nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("pages", Integer),
    Column("layer", String(20)),
    Column("status", String(12), nullable=False),  # ok | findings | failed
    Column("attempts", Integer, nullable=False, default=0),
    Column("error", Text),
    Column("seconds", Float),  # time to read and check (not money)
    Column("finished_at", String(32)),
)
filings = Table(
    "filings",
    metadata,
    Column("hash", String(64), ForeignKey("documents.hash"), primary_key=True),
    Column("cik", String(12)),
    Column("registrant_name", Text),
    Column("sec_file_number", String(20)),
    Column("period_start", String(10)),
    Column("period_end", String(10)),
    Column("errors", Integer),
    Column("warnings", Integer),
    Column("verdict", String(12)),  # pass | fail | incomplete (finop check's status)
    Column("accession", String(20)),  # EDGAR's, from filing.json (finop edgar fetch)
    Column("form", String(20)),  # X-17A-5 or X-17A-5/A
    Column("date_filed", String(10)),
)
facts = Table(
    "facts",
    metadata,
    Column("hash", String(64), ForeignKey("documents.hash"), primary_key=True),
    Column("concept", String(60), primary_key=True),
    Column("amount", ExactDecimal()),  # amounts and ratios
    Column("text", Text),  # names, dates, file numbers
    Column("origin", String(40)),
    Column("page", Integer),
)
line_items = Table(
    "line_items",
    metadata,
    Column("hash", String(64), ForeignKey("documents.hash"), primary_key=True),
    Column("statement", String(30), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("label", Text),
    Column("concept", String(60)),
    Column("role", String(10)),
    Column("section", String(30)),
    Column("amount", ExactDecimal()),
    Column("page", Integer),
    Column("line", Integer),
)
findings = Table(
    "findings",
    metadata,
    Column("hash", String(64), ForeignKey("documents.hash"), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("code", String(40)),
    Column("severity", String(10)),
    Column("message", Text),
    Column("page", Integer),
    Column("line", Integer),
)
results = Table(
    "results",
    metadata,
    Column("hash", String(64), ForeignKey("documents.hash"), primary_key=True),
    Column("json", Text, nullable=False),  # the result as `finop check -f json` prints it (docs/json.md)
)
CHILDREN = (filings, facts, line_items, findings, results)
# a reviewer's corrections: kept apart from the results (a rerun replaces those, never these), never changed
overrides = Table(
    "overrides",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("hash", String(64), ForeignKey("documents.hash"), nullable=False, index=True),
    Column("statement", String(30), nullable=False),
    Column("item", String(40), nullable=False),
    Column("col", Integer, nullable=False),
    Column("original", ExactDecimal()),  # the amount as read
    Column("printed", Text),  # the text as read
    Column("amount", ExactDecimal(), nullable=False),  # the amount as the reviewer reads the page
    Column("reviewer", String(120), nullable=False),
    Column("note", Text),
    Column("created_at", String(32), nullable=False),
)
# a reviewer's confirmation that a finding is right (the report really is wrong there, or really is unread)
confirmations = Table(
    "confirmations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("hash", String(64), ForeignKey("documents.hash"), nullable=False, index=True),
    Column("code", String(40), nullable=False),
    Column("message", Text, nullable=False),  # the finding as it read when confirmed (its place in the list changes)
    Column("reviewer", String(120), nullable=False),
    Column("note", Text),
    Column("created_at", String(32), nullable=False),
)
# uploads checked by finop serve: shared by its worker processes through the database
jobs = Table(
    "jobs",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("status", String(12), nullable=False),  # queued | running | done | failed
    Column("name", Text),  # the uploaded file's name, as given (shown, never used as a path)
    Column("filing", String(64)),  # the document's id when done
    Column("error", Text),
    Column("created_at", String(32), nullable=False),
)
# one row: raised by every write a reader can see (a result, a correction, a confirmation), so that
# finop serve's processes can keep rendered pages until the store changes
revision = Table("revision", metadata, Column("n", BigInteger, nullable=False))
# what the review UI filters and sorts on (finop serve: 100,000 filings stay fast)
INDEXES = (
    Index("filings_cik", filings.c.cik),
    Index("filings_period_hash", filings.c.period_end, filings.c.hash),  # the list's order, walked either way
    Index("filings_verdict", filings.c.verdict),
    Index("findings_code", findings.c.code),
)

# migrations: version -> statements that bring version - 1 up to it (version 1 is the tables above)
MIGRATIONS: dict[int, tuple[str, ...]] = {
    2: ("ALTER TABLE filings ADD COLUMN verdict VARCHAR(12)",),  # filings read before it keep NULL
    3: (
        "ALTER TABLE filings ADD COLUMN accession VARCHAR(20)",
        "ALTER TABLE filings ADD COLUMN form VARCHAR(20)",
        "ALTER TABLE filings ADD COLUMN date_filed VARCHAR(10)",
    ),
    4: (  # the results table comes with the tables a store lacks (migrate); documents read before it have
        # no stored JSON: rerun them to see them whole in `finop serve`
        "CREATE INDEX IF NOT EXISTS filings_cik ON filings (cik)",
        "CREATE INDEX IF NOT EXISTS filings_period_end ON filings (period_end)",
        "CREATE INDEX IF NOT EXISTS filings_verdict ON filings (verdict)",
        "CREATE INDEX IF NOT EXISTS findings_code ON findings (code)",
    ),
    5: (),  # overrides: a new table (migrate creates it)
    6: (),  # jobs: a new table (migrate creates it)
    7: (),  # confirmations: a new table (migrate creates it)
    8: ("CREATE INDEX IF NOT EXISTS filings_period_hash ON filings (period_end, hash)",),
    9: ("INSERT INTO revision (n) VALUES (0)",),  # revision: a new table (migrate creates it)
}

# the review UI's most frequent reads, built once (a statement built per call costs more than the query)
_DOCUMENT = (
    select(documents, filings.c.cik)
    .outerjoin(filings, filings.c.hash == documents.c.hash)
    .where(documents.c.hash == bindparam("h"))
)
_RESULT = select(results.c.json).where(results.c.hash == bindparam("h"))
_REVISION = select(revision.c.n)
_OVERRIDES_ALL = select(overrides).order_by(overrides.c.id)
_OVERRIDES = _OVERRIDES_ALL.where(overrides.c.hash == bindparam("h"))
_CONFIRMATIONS = select(confirmations).where(confirmations.c.hash == bindparam("h")).order_by(confirmations.c.id)


def database_url(db: str | None) -> str:
    """A SQLAlchemy URL: as given, or a file path (default finop.db in the working directory) as SQLite."""
    if not db:
        db = "finop.db"
    if "://" in db:
        if db.startswith("postgresql://"):
            return "postgresql+psycopg://" + db[len("postgresql://") :]  # psycopg 3
        return db
    return f"sqlite:///{Path(db).resolve()}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cur = dbapi_connection.cursor()
    cur.execute(
        "PRAGMA journal_mode=WAL"
    )  # readers do not block the writer; a killed writer loses only its open transaction
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _refuse_foreign_sqlite(path: Path) -> None:
    """Raise ``InputError`` when ``path`` is a file but not a finop store (not SQLite at all, or SQLite with
    tables of its own and no schema_version), looking read-only before finop changes anything in it (the
    write-ahead log finop switches its stores to)."""
    import sqlite3

    if not path.is_file() or path.stat().st_size == 0:
        return
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise InputError(path, f"not a database finop can use ({exc})") from None
    if names and "schema_version" not in names:
        raise InputError(path, "not a finop database (it has tables, but not finop's schema_version): give --db "
                         "a new file or a finop store")  # fmt: skip


class Store:
    """The database of batch results."""

    def __init__(self, db: str | None = None, *, create: bool = True) -> None:
        """Open (``create``: or make) the store at ``db``. Raises ``InputError`` for a database that is not
        finop's (tables, but no schema version), and without ``create`` for one that has no tables yet."""
        self.url = database_url(db)
        if self.url.startswith("sqlite:///"):
            _refuse_foreign_sqlite(Path(self.url.removeprefix("sqlite:///")))
        sqlite = self.url.startswith("sqlite")
        # a writer waits up to 30 s for another (a batch and finop serve's corrections share a store)
        self.engine: Engine = create_engine(self.url, future=True, connect_args={"timeout": 30} if sqlite else {})
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self.migrate(create)

    def migrate(self, create: bool = True) -> int:
        """Create the tables, or bring an older schema up to ``SCHEMA_VERSION``; returns the version."""
        with self.engine.begin() as conn:
            if not inspect(conn).has_table("schema_version"):
                if inspect(conn).get_table_names():
                    raise InputError(self.url, "not a finop database (it has tables, but not finop's schema_version):"
                                     " give --db a new file or a finop store")  # fmt: skip
                if not create:
                    raise InputError(self.url, "an empty database: finop batch fills one")
                metadata.create_all(conn)
                conn.execute(insert(schema_version).values(version=SCHEMA_VERSION))
                conn.execute(insert(revision).values(n=0))
                return SCHEMA_VERSION
            version = conn.execute(select(func.max(schema_version.c.version))).scalar_one()
            if version > SCHEMA_VERSION:
                raise RuntimeError(f"{self.url}: schema version {version} is newer than this finop ({SCHEMA_VERSION})")
            if version < SCHEMA_VERSION:
                metadata.create_all(conn, checkfirst=True)  # tables added since (results), with their indexes
            for step in range(version + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS.get(step, ()):
                    conn.execute(text(statement))
                conn.execute(update(schema_version).values(version=step))
            return SCHEMA_VERSION

    def statuses(self) -> dict[str, tuple[str, int]]:
        """Every document's hash -> (status, attempts)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(documents.c.hash, documents.c.status, documents.c.attempts))
            return {h: (s, a) for h, s, a in rows}

    def record(self, result: dict[str, Any]) -> None:
        """Replace one document's rows with a worker's result, in one transaction."""
        h = result["hash"]
        with self.engine.begin() as conn:
            for table in CHILDREN:
                conn.execute(delete(table).where(table.c.hash == h))
            previous = conn.execute(select(documents.c.attempts).where(documents.c.hash == h)).scalar()
            row = {
                "path": result["path"],
                "size": result["size"],
                "pages": result.get("pages"),
                "layer": result.get("layer"),
                "status": result["status"],
                "attempts": (previous or 0) + 1,
                "error": result.get("error"),
                "seconds": result.get("seconds"),
                "finished_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            }
            if previous is None:
                conn.execute(insert(documents).values(hash=h, **row))
            else:  # updated in place: a reviewer's overrides point at it
                conn.execute(update(documents).where(documents.c.hash == h).values(**row))
            filing = result.get("filing")
            if filing:
                conn.execute(insert(filings).values(hash=h, **filing))
            self._insert_many(conn, facts, h, result.get("facts", []))
            self._insert_many(conn, line_items, h, result.get("line_items", []))
            self._insert_many(conn, findings, h, result.get("findings", []))
            if result.get("json"):
                conn.execute(insert(results).values(hash=h, json=result["json"]))
            self._changed(conn)

    @staticmethod
    def _changed(conn: Any) -> None:
        """Raise the store's revision, in the transaction of the write it counts."""
        conn.execute(update(revision).values(n=revision.c.n + 1))

    def revision(self) -> int:
        """A number that changes whenever a result, a correction or a confirmation is written."""
        with self.engine.connect() as conn:
            return int(conn.execute(_REVISION).scalar() or 0)

    @staticmethod
    def _insert_many(conn: Any, table: Table, h: str, rows: Iterable[dict[str, Any]]) -> None:
        rows = [{"hash": h, **r} for r in rows]
        if rows:
            conn.execute(insert(table), rows)

    def document(self, h: str) -> dict[str, Any] | None:
        """One document's row (with its filing's CIK), without its results: cheap."""
        with self.engine.connect() as conn:
            row = conn.execute(_DOCUMENT, {"h": h}).first()
        return dict(row._mapping) if row else None

    def result_json(self, h: str) -> dict[str, Any] | None:
        """One document's stored result alone (its JSON, as `finop check -f json`, parsed), or None."""
        import orjson

        with self.engine.connect() as conn:
            text = conn.execute(_RESULT, {"h": h}).scalar()
        return orjson.loads(text) if text else None

    def result(self, h: str) -> dict[str, Any] | None:
        """One document's stored result (its JSON, as `finop check -f json`) with its row, or None."""
        data = self.document(h)
        if data is None:
            return None
        data["result"] = self.result_json(h)
        return data

    def add_override(self, h: str, row: dict[str, Any]) -> int:
        """Keep a reviewer's correction of one amount (with the amount as read); returns its id."""
        with self.engine.begin() as conn:
            values = {**row, "hash": h, "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
            id = int(conn.execute(insert(overrides).values(**values)).inserted_primary_key[0])
            self._changed(conn)
            return id

    def overrides_of(self, h: str | None = None) -> list[dict[str, Any]]:
        """The corrections of one document (or of all), oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(_OVERRIDES_ALL) if h is None else conn.execute(_OVERRIDES, {"h": h})
            return [dict(r._mapping) for r in rows]

    def corrections(self, h: str | None = None) -> dict[str, tuple[Correction, ...]]:
        """The corrections to apply when a document is checked (again), by document, oldest first."""
        out: dict[str, tuple[Correction, ...]] = {}
        for o in self.overrides_of(h):
            c = Correction(o["statement"], o["item"], o["col"], o["amount"], o["reviewer"], o["note"] or "",
                           o["created_at"])  # fmt: skip
            out[o["hash"]] = (*out.get(o["hash"], ()), c)
        return out

    def confirm(self, h: str, code: str, message: str, reviewer: str, note: str = "") -> int:
        """Keep a reviewer's confirmation of one finding; returns its id."""
        with self.engine.begin() as conn:
            now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            values = {
                "hash": h,
                "code": code,
                "message": message,
                "reviewer": reviewer,
                "note": note,
                "created_at": now,
            }
            id = int(conn.execute(insert(confirmations).values(**values)).inserted_primary_key[0])
            self._changed(conn)
            return id

    def confirmations_of(self, h: str) -> list[dict[str, Any]]:
        """The confirmed findings of one document, oldest first."""
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(_CONFIRMATIONS, {"h": h})]

    def put_job(self, job: str, **values: Any) -> None:
        """Create or update an upload's job row."""
        with self.engine.begin() as conn:
            found = conn.execute(select(jobs.c.id).where(jobs.c.id == job)).first()
            if found is None:
                now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
                conn.execute(insert(jobs).values(id=job, created_at=now, **values))
            else:
                conn.execute(update(jobs).where(jobs.c.id == job).values(**values))

    def job(self, job: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(jobs).where(jobs.c.id == job)).first()
        return dict(row._mapping) if row else None

    def verdicts(self) -> dict[str, int]:
        """Filings by verdict (pass, fail, incomplete; "unknown" for filings stored before verdicts)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(filings.c.verdict, func.count()).group_by(filings.c.verdict))
            return {(v or "unknown"): n for v, n in rows.all()}

    def counts(self) -> dict[str, int]:
        """Documents by status."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(documents.c.status, func.count()).group_by(documents.c.status))
            return dict(rows.all())

    def dump(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every results table, sorted, without timings (to compare two stores; the stored JSON,
        which carries its own timing, is left out: its facts and findings are the rows compared)."""
        out = {}
        with self.engine.connect() as conn:
            for table in (documents, filings, facts, line_items, findings):
                cols = [c for c in table.columns if c.name not in ("seconds", "finished_at", "path", "attempts")]
                out[table.name] = sorted(tuple(r) for r in conn.execute(select(*cols)))
        return out
