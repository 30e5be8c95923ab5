"""Download X-17A-5 filings from EDGAR into ``OUT/CIK/ACCESSION/``, resumably.

Each filing's documents come from its folder listing (``index.json``). A document is written
to ``NAME.part`` and renamed only once its size is the listing's; ``filing.json`` (accession,
CIK, form, dates, the documents with sizes and sha256, the XML cover page) is written last, the
same way. So a filing with ``filing.json`` is whole, a rerun skips it without asking EDGAR
anything, and a download cut off at any moment (Ctrl-C, kill -9) leaves only a ``.part`` file,
never taken for a whole one and replaced on the next run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from finop.edgar.client import EdgarClient, TransferCut
from finop.edgar.index import FORM, FilingRef, from_submissions, index_path, parse_form_index, quarters, unique
from finop.errors import EdgarBlocked, EdgarError, EdgarMissing, FinopError, InputError

FILING_JSON = "filing.json"
LOG = "fetch-log.jsonl"
KEEP = (".pdf", ".xml", ".txt", ".htm", ".html")
_NOT_A_DOCUMENT = re.compile(r"-index(-headers)?\.html?$|\.hdr\.sgml$|^FilingSummary\.", re.I)
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$")


@dataclass
class FetchSummary:
    """What a fetch did: filings by outcome, documents and bytes downloaded, failures with reasons."""

    planned: int = 0
    outcomes: Counter = field(default_factory=Counter)  # complete | skipped | missing | failed
    documents: int = 0
    bytes: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (accession, reason)
    stopped: str | None = None  # why the run stopped early (blocked, interrupted)

    def to_dict(self) -> dict[str, Any]:
        return {
            "planned": self.planned,
            "outcomes": dict(self.outcomes),
            "documents": self.documents,
            "bytes": self.bytes,
            "failures": [{"accession": a, "reason": r} for a, r in self.failures],
            "stopped": self.stopped,
        }


def list_filings(client: EdgarClient, year: int, quarter: int | None = None, form: str = FORM) -> list[FilingRef]:
    """The filings of ``form`` (and amendments) in EDGAR's form index of each quarter asked for.
    A quarter not yet on EDGAR (404) lists nothing."""
    refs: list[FilingRef] = []
    for q in quarters(year, quarter):
        url = client.url(index_path(year, q))
        try:
            text = client.get(url).decode("latin-1")
        except EdgarMissing:
            continue
        try:
            refs += parse_form_index(text, form)
        except FinopError as exc:
            raise EdgarError(url, str(exc)) from None
    return unique(refs)


def filings_of(client: EdgarClient, cik: str, form: str = FORM, year: int | None = None) -> list[FilingRef]:
    """The filings of ``form`` one filer made, from its submissions JSON and the older pages it points to."""
    number = str(cik).strip().lstrip("0") or "0"
    if not number.isdigit():
        raise FinopError(f"--cik {cik}: a CIK is a number")
    data = client.get_json(client.data(f"submissions/CIK{int(number):010d}.json"))
    refs = from_submissions(data, form, year)
    for page in data.get("filings", {}).get("files", []):
        older = client.get_json(client.data(f"submissions/{page['name']}"))
        refs += from_submissions({"cik": data.get("cik"), "name": data.get("name"), **older}, form, year)
    return unique(refs)


def read_list(path: Path) -> list[FilingRef]:
    """Filings from a file ``finop edgar index`` wrote (CSV or JSON)."""
    import csv

    if not path.is_file():
        raise InputError(path, "no such index file")
    text = path.read_text(encoding="utf-8")
    try:
        rows = json.loads(text) if text.lstrip().startswith("[") else list(csv.DictReader(text.splitlines()))
    except ValueError as exc:
        raise InputError(path, f"not a JSON list of filings ({exc})") from None
    out = []
    for i, row in enumerate(rows, start=2):
        try:
            out.append(
                FilingRef(
                    cik=str(int(row["cik"])),
                    company=row.get("company", ""),
                    form=row["form"],
                    date_filed=row["date_filed"],
                    accession=row["accession"],
                    file=row.get("file") or f"edgar/data/{int(row['cik'])}/{row['accession']}.txt",
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(path, f"row {i}: needs cik, form, date_filed and accession ({exc})") from None
    return unique(out)


def filing_folder(out: Path, ref: FilingRef) -> Path:
    return out / ref.cik / ref.accession


def is_complete(folder: Path) -> bool:
    """``filing.json`` is there and every document it lists is there at its size."""
    try:
        record = json.loads((folder / FILING_JSON).read_text(encoding="utf-8"))
        return all((folder / d["name"]).stat().st_size == d["size"] for d in record["documents"])
    except (OSError, ValueError, KeyError, TypeError):
        return False


def _documents(listing: dict[str, Any], ref: FilingRef) -> list[dict[str, Any]]:
    """The filing's documents in its folder listing: the report's files, not EDGAR's index pages,
    and not the whole-submission text when the documents are there one by one."""
    items = listing.get("directory", {}).get("item", [])
    docs = []
    for item in items:
        name = str(item.get("name", ""))
        if not name.lower().endswith(KEEP) or _NOT_A_DOCUMENT.search(name) or not _SAFE_NAME.match(name):
            continue
        size = str(item.get("size", "")).strip()
        docs.append(
            {"name": name, "size": int(size) if size.isdigit() else None, "modified": item.get("last-modified")}
        )
    whole = f"{ref.accession}.txt"
    if any(d["name"] != whole for d in docs):
        docs = [d for d in docs if d["name"] != whole]
    return docs


def _write_atomic(path: Path, data: bytes) -> None:
    part = path.with_name(path.name + ".part")
    part.write_bytes(data)
    os.replace(part, path)


def _download(client: EdgarClient, url: str, target: Path, size: int | None) -> tuple[int, str]:
    """One document into ``target`` through ``target.part``; its size and sha256. A transfer cut
    short, or one whose size is not the listing's, is tried once more, then fails."""
    part = target.with_name(target.name + ".part")
    for attempt in range(2):
        digest = hashlib.sha256()
        try:
            with part.open("wb") as fh:

                def write(block: bytes, fh: Any = fh, digest: Any = digest) -> None:
                    fh.write(block)
                    digest.update(block)

                written = client.download(url, write)
                fh.flush()
                os.fsync(fh.fileno())
        except TransferCut:
            part.unlink(missing_ok=True)
            if attempt == 1:
                raise
            continue
        except BaseException:
            part.unlink(missing_ok=True)  # Ctrl-C: no partial file left behind
            raise
        if size is None or written == size:
            os.replace(part, target)
            return written, digest.hexdigest()
        part.unlink(missing_ok=True)
        if attempt == 1:
            raise EdgarError(url, f"{written:,} bytes received where the listing says {size:,}")
    raise EdgarError(url, "not downloaded")  # not reached


def _cover(folder: Path, names: Iterable[str]) -> tuple[dict[str, Any] | None, str | None]:
    """The XML cover page among the documents, read; or why none could be (None, None: no XML at all)."""
    from finop.readers.cover import read_cover

    why = None
    for name in sorted(names, key=lambda n: (n != "primary_doc.xml", n)):
        if not name.lower().endswith(".xml"):
            continue
        try:
            return read_cover(folder / name).to_dict(), None
        except InputError as exc:
            why = why or f"{name}: {exc.problem}"
    return None, why


def fetch_filing(client: EdgarClient, ref: FilingRef, out: Path) -> tuple[str, int, int]:
    """One filing into its folder: ('skipped' | 'complete', documents downloaded, bytes)."""
    folder = filing_folder(out, ref)
    if is_complete(folder):
        return "skipped", 0, 0
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.part"):
        stale.unlink()
    listing = client.get_json(client.url(f"{ref.folder}/index.json"))
    docs = _documents(listing, ref)
    if not docs:
        raise EdgarError(client.url(f"{ref.folder}/index.json"), "the filing's folder lists no document")
    count = total = 0
    for doc in docs:
        target = folder / doc["name"]
        if target.is_file() and doc["size"] is not None and target.stat().st_size == doc["size"]:
            doc["sha256"] = _sha256(target)  # whole from a run that stopped before filing.json
        else:
            doc["size"], doc["sha256"] = _download(
                client, client.url(f"{ref.folder}/{doc['name']}"), target, doc["size"]
            )
            count, total = count + 1, total + doc["size"]
    record = {
        "accession": ref.accession,
        "cik": ref.cik,
        "company": ref.company,
        "form": ref.form,
        "date_filed": ref.date_filed,
        "url": client.url(f"{ref.folder}/"),
        "fetched_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "documents": [
            {"name": d["name"], "size": d["size"], "sha256": d["sha256"], "modified": d["modified"]} for d in docs
        ],
    }
    record["cover"], record["cover_error"] = _cover(folder, (d["name"] for d in docs))
    _write_atomic(folder / FILING_JSON, json.dumps(record, indent=2).encode("utf-8"))
    return "complete", count, total


def _sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _log(out: Path, ref: FilingRef, outcome: str, reason: str | None = None) -> None:
    entry = {
        "time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "accession": ref.accession,
        "cik": ref.cik,
        "outcome": outcome,
        "reason": reason,
    }
    with (out / LOG).open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry) + "\n")


def fetch(
    client: EdgarClient,
    refs: list[FilingRef],
    out: Path,
    on_filing: Callable[[FilingRef, str], None] | None = None,
) -> FetchSummary:
    """Fetch every filing; a filing EDGAR does not have (404) or cannot give is recorded in
    ``OUT/fetch-log.jsonl`` and the run goes on; a block stops it (``summary.stopped``)."""
    out.mkdir(parents=True, exist_ok=True)
    summary = FetchSummary(planned=len(refs))
    for ref in refs:
        try:
            outcome, count, size = fetch_filing(client, ref, out)
        except EdgarBlocked as exc:
            summary.stopped = str(exc)
            _log(out, ref, "stopped", str(exc))
            break
        except KeyboardInterrupt:
            summary.stopped = "interrupted"
            break
        except EdgarError as exc:
            outcome, count, size = ("missing" if isinstance(exc, EdgarMissing) else "failed"), 0, 0
            summary.failures.append((ref.accession, str(exc)))
            _log(out, ref, outcome, str(exc))
        else:
            if outcome != "skipped":
                _log(out, ref, outcome)
        summary.outcomes[outcome] += 1
        summary.documents += count
        summary.bytes += size
        if on_filing:
            on_filing(ref, outcome)
    return summary
