"""EDGAR's quarterly full indexes: ``form.idx`` (fixed width, sorted by form) and ``master.idx``
(pipe-delimited), at ``/Archives/edgar/full-index/YYYY/QTRn/``.

A row is read from the right, where its shape is fixed (CIK, date filed, file name), and the
rest is split into form type and company name at the column the header gives; so a company
name with digits, '&', several spaces or one long enough to reach the CIK column still reads.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from finop.errors import FinopError

FORM = "X-17A-5"
_ROW = re.compile(r"\s(?P<cik>\d{1,10})\s+(?P<date>\d{4}-\d{2}-\d{2}|\d{8})\s+(?P<file>edgar/\S+)\s*$")
_ACCESSION = re.compile(r"(\d{10}-\d{2}-\d{6})")


@dataclass(frozen=True)
class FilingRef:
    """One filing as an index lists it."""

    cik: str
    company: str
    form: str
    date_filed: str  # ISO date
    accession: str  # 0001234567-25-000123
    file: str  # the index's path of the filing's text, edgar/data/CIK/ACCESSION.txt

    @property
    def folder(self) -> str:
        """The filing's folder on EDGAR, from the site root."""
        return f"Archives/edgar/data/{self.cik}/{self.accession.replace('-', '')}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def quarters(year: int, quarter: int | None) -> list[int]:
    """The quarters to list: the one asked for, or all four."""
    if quarter is not None and quarter not in (1, 2, 3, 4):
        raise FinopError(f"--quarter {quarter}: a quarter is 1, 2, 3 or 4")
    if not 1993 <= year <= dt.date.today().year:
        raise FinopError(f"--year {year}: EDGAR's indexes run from 1993 to this year")
    return [quarter] if quarter else [1, 2, 3, 4]


def index_path(year: int, quarter: int, kind: str = "form") -> str:
    return f"Archives/edgar/full-index/{year}/QTR{quarter}/{kind}.idx"


def wanted(form: str, wanted_form: str) -> bool:
    """The form asked for, and its amendments ('X-17A-5' takes 'X-17A-5/A' too)."""
    form, wanted_form = form.strip().upper(), wanted_form.strip().upper()
    return form == wanted_form or form == f"{wanted_form}/A" or wanted_form == "ALL"


def _iso(date: str) -> str:
    return date if "-" in date else f"{date[:4]}-{date[4:6]}-{date[6:]}"


def _accession(file: str) -> str:
    m = _ACCESSION.search(file)
    if m:
        return m.group(1)
    digits = re.sub(r"\D", "", file.rsplit("/", 1)[-1])  # edgar/data/CIK/000123456725000001.txt
    return f"{digits[:10]}-{digits[10:12]}-{digits[12:18]}" if len(digits) >= 18 else file.rsplit("/", 1)[-1]


def _body(lines: list[str]) -> tuple[str, list[str]]:
    """The header line and the rows below the dashed rule."""
    for i, line in enumerate(lines):
        if line.startswith("---") and set(line.strip()) == {"-"}:
            return (lines[i - 1] if i else ""), lines[i + 1 :]
    raise FinopError("not an EDGAR index: no dashed line under a header")


def parse_form_index(text: str, form: str = FORM) -> list[FilingRef]:
    """The filings of ``form`` (and its amendments) in a ``form.idx``."""
    header, rows = _body(text.splitlines())
    name_at = header.find("Company Name")
    out = []
    for line in rows:
        m = _ROW.search(line)
        if not m or not line.strip():
            continue
        head = line[: m.start() + 1]
        if 0 < name_at < len(head) and head[name_at - 1] == " " and line[:name_at].strip():
            kind, company = head[:name_at].strip(), head[name_at:].strip()
        else:  # a form type longer than its column: split at the first run of two spaces
            parts = re.split(r"\s{2,}", head.strip(), maxsplit=1)
            kind, company = parts[0], (parts[1] if len(parts) > 1 else "")
        if wanted(kind, form):
            out.append(_ref(m.group("cik"), company, kind, m.group("date"), m.group("file")))
    return out


def parse_master_index(text: str, form: str = FORM) -> list[FilingRef]:
    """The filings of ``form`` (and its amendments) in a ``master.idx`` (CIK|Company|Form|Date|File)."""
    _, rows = _body(text.splitlines())
    out = []
    for line in rows:
        parts = line.rstrip("\n").split("|")
        if len(parts) < 5 or not parts[0].strip().isdigit():
            continue
        cik, file, date, kind = parts[0], parts[-1], parts[-2], parts[-3]
        company = "|".join(parts[1:-3])  # a '|' inside a name
        if wanted(kind, form):
            out.append(_ref(cik, company, kind, date, file))
    return out


def _ref(cik: str, company: str, kind: str, date: str, file: str) -> FilingRef:
    return FilingRef(
        cik=str(int(cik)),
        company=" ".join(company.split()),
        form=kind.strip(),
        date_filed=_iso(date.strip()),
        accession=_accession(file.strip()),
        file=file.strip(),
    )


def from_submissions(data: dict[str, Any], form: str = FORM, year: int | None = None) -> list[FilingRef]:
    """The filings of ``form`` in a submissions JSON (data.sec.gov/submissions/CIK##########.json)
    or one of its older pages (the same columns without the 'filings'/'recent' wrapper)."""
    recent = data.get("filings", {}).get("recent", data)
    cik = str(int(data.get("cik") or 0)) if data.get("cik") else None
    company = data.get("name") or ""
    out = []
    columns = ("accessionNumber", "filingDate", "form")
    if not all(isinstance(recent.get(c), list) for c in columns):
        return out
    for accession, date, kind in zip(*(recent[c] for c in columns), strict=False):
        if not wanted(kind, form) or (year and not date.startswith(str(year))):
            continue
        filer = cik or str(int(accession.split("-")[0]))
        out.append(
            FilingRef(
                cik=filer,
                company=company,
                form=kind,
                date_filed=date,
                accession=accession,
                file=f"edgar/data/{filer}/{accession}.txt",
            )
        )
    return out


def unique(refs: Iterable[FilingRef]) -> list[FilingRef]:
    """Each accession once (a filing made for several filers is listed under each), in order."""
    seen: set[tuple[str, str]] = set()
    out = []
    for r in refs:
        if (r.cik, r.accession) not in seen:
            seen.add((r.cik, r.accession))
            out.append(r)
    return out
