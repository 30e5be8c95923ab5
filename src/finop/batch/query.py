"""Questions put to the batch store by a person: the filings, filtered, sorted and a page at a time."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from itertools import pairwise
from typing import Any

from sqlalchemy import and_, bindparam, exists, func, select

from finop.batch.store import Store, documents, facts, filings, findings

SORTS = {
    "period_end": filings.c.period_end,
    "registrant_name": filings.c.registrant_name,
    "cik": filings.c.cik,
    "status": filings.c.verdict,
    "errors": filings.c.errors,
    "date_filed": filings.c.date_filed,
}
STATUSES = ("pass", "fail", "incomplete")
MAX_PAGE = 500


def list_filings(
    store: Store,
    *,
    firm: str | None = None,
    cik: str | None = None,
    period: str | None = None,
    status: str | None = None,
    code: str | None = None,
    sort: str = "period_end",
    descending: bool = True,
    limit: int = 50,
    offset: int = 0,
) -> tuple[int, list[dict[str, Any]]]:
    """(how many filings match, one page of them): ``firm`` in the registrant's name (any case), ``cik``,
    ``period`` (a period end, or its first characters: '2019'), ``status`` (pass, fail, incomplete), ``code``
    (a finding code the filing has)."""
    if sort not in SORTS:
        raise ValueError(f"sort: {sort!r} is not one of {', '.join(SORTS)}")
    if status is not None and status not in STATUSES:
        raise ValueError(f"status: {status!r} is not one of {', '.join(STATUSES)}")
    given = {"firm": firm, "cik": cik, "period": period, "status": status, "code": code}
    present = tuple(k for k, v in given.items() if v)
    counted, listed = _list_statements(present, sort, descending)
    values = {
        "firm": f"%{_like(firm.lower())}%" if firm else None,
        "cik": cik.lstrip("0") if cik else None,
        "period": period,  # a prefix of ISO dates: the range from it to it followed by '~' (above any digit or '-')
        "period_to": f"{period}~" if period else None,
        "status": status,
        "code": code,
        "limit": max(1, min(limit, MAX_PAGE)),
        "offset": max(0, offset),
    }
    values = {k: v for k, v in values.items() if v is not None}
    with store.engine.connect() as conn:
        total = conn.execute(counted, values).scalar_one()
        rows = conn.execute(listed, values)
        return total, [dict(r._mapping) for r in rows]


def _like(text: str) -> str:
    """``text`` as a literal inside a LIKE pattern (escape character '/')."""
    return text.replace("/", "//").replace("%", "/%").replace("_", "/_")


@lru_cache(maxsize=256)
def _list_statements(present: tuple[str, ...], sort: str, descending: bool) -> tuple[Any, Any]:
    """The count and the page query for a set of filters, sort and direction, built once (values are bound
    at each call: building a statement costs more than running it)."""
    conditions = {
        "firm": func.lower(filings.c.registrant_name).like(bindparam("firm"), escape="/"),
        "cik": filings.c.cik == bindparam("cik"),
        "period": and_(filings.c.period_end >= bindparam("period"), filings.c.period_end < bindparam("period_to")),
        "status": filings.c.verdict == bindparam("status"),
        "code": exists().where(and_(findings.c.hash == filings.c.hash, findings.c.code == bindparam("code"))),
    }
    where = [conditions[k] for k in present]
    order = SORTS[sort].desc() if descending else SORTS[sort].asc()
    tiebreak = filings.c.hash.desc() if descending else filings.c.hash  # one direction: the index walked
    # the page's ids first, from filings alone (an index walk past `offset` rows), then their columns
    chosen = select(filings.c.hash).order_by(order, tiebreak).limit(bindparam("limit")).offset(bindparam("offset"))
    counted = select(func.count()).select_from(filings)
    if where:
        chosen, counted = chosen.where(and_(*where)), counted.where(and_(*where))
    page = chosen.subquery("page")
    columns = (
        filings.c.hash.label("id"),
        documents.c.path.label("file"),
        filings.c.cik,
        filings.c.accession,
        filings.c.form,
        filings.c.date_filed,
        filings.c.registrant_name,
        filings.c.sec_file_number,
        filings.c.period_end,
        filings.c.verdict.label("status"),
        filings.c.errors,
        filings.c.warnings,
    )
    listed = (
        select(*columns)
        .select_from(page.join(filings, filings.c.hash == page.c.hash))
        .join(documents, documents.c.hash == filings.c.hash)
        .order_by(order, tiebreak)
    )
    return counted, listed


RATIO_BUCKETS = (Decimal(1), Decimal("1.2"), Decimal("1.5"), Decimal(2), Decimal(5), Decimal(10))


def population(store: Store, nearest: int = 20) -> dict[str, Any]:
    """The whole store at a glance: net capital over its requirement (counts in buckets), findings by code,
    and the filings nearest their early-warning level (net capital over it, lowest first)."""
    wanted = ("net_capital", "minimum_net_capital", "early_warning_level")
    figures: dict[str, dict[str, Decimal]] = {}
    with store.engine.connect() as conn:
        for h, name, amount in conn.execute(
            select(facts.c.hash, facts.c.concept, facts.c.amount).where(facts.c.concept.in_(wanted))
        ):
            if amount is not None:
                figures.setdefault(h, {})[name] = amount
        codes = conn.execute(
            select(findings.c.code, findings.c.severity, func.count()).group_by(findings.c.code, findings.c.severity)
        ).all()
        names = {
            r.hash: dict(r._mapping)
            for r in conn.execute(
                select(filings.c.hash, filings.c.registrant_name, filings.c.cik, filings.c.period_end)
            )
        }
    labels = ["under 1", *(f"{a}–{b}" for a, b in pairwise(RATIO_BUCKETS)), "10 and over"]
    buckets = dict.fromkeys(labels, 0)
    near = []
    for h, f in figures.items():
        if f.get("minimum_net_capital"):
            ratio = f["net_capital"] / f["minimum_net_capital"] if "net_capital" in f else None
            if ratio is not None:
                index = sum(1 for b in RATIO_BUCKETS if ratio >= b)
                buckets[labels[index]] += 1
        if f.get("early_warning_level") and "net_capital" in f and h in names:
            near.append({**names[h], "id": h, "net_capital": f["net_capital"],
                         "early_warning_level": f["early_warning_level"],
                         "cushion": f["net_capital"] / f["early_warning_level"]})  # fmt: skip
    near.sort(key=lambda r: r["cushion"])
    return {
        "ratio_buckets": buckets,
        "findings_by_code": sorted(
            ({"code": c, "severity": s, "count": n} for c, s, n in codes), key=lambda r: (-r["count"], r["code"])
        ),
        "nearest_early_warning": near[:nearest],
    }
