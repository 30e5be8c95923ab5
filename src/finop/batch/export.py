"""Datasets from the batch store: a panel of facts (one row per filing), the long table of line items
with canonical classes, the findings, and a chart of one firm over the years."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import select

from finop.batch.store import DONE, Store, documents, facts, filings, findings, line_items
from finop.model.concepts import concept
from finop.model.facts import FACT_NAMES

ID_COLUMNS = (
    "hash",
    "cik",
    "accession",
    "form",
    "date_filed",
    "registrant_name",
    "sec_file_number",
    "period_end",
    "path",
    "status",
    "verdict",
    "corrected",
)


def _filings(store: Store) -> dict[str, dict[str, Any]]:
    """Documents that were read (ok or with findings), with their filing's identity."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(
                documents.c.hash,
                documents.c.path,
                documents.c.status,
                filings.c.cik,
                filings.c.accession,
                filings.c.form,
                filings.c.date_filed,
                filings.c.registrant_name,
                filings.c.sec_file_number,
                filings.c.period_end,
                filings.c.verdict,
            )
            .join(filings, filings.c.hash == documents.c.hash)
            .where(documents.c.status.in_(DONE))
        )
        return {r.hash: {**r._mapping, "cik": padded_cik(r.cik)} for r in rows}


def padded_cik(cik: str | None) -> str | None:
    """A CIK as EDGAR writes it in file names and URLs, ten digits: '0000087634' (text, never a number)."""
    return cik.zfill(10) if cik and cik.isdigit() else cik


# where a fact was read, in a researcher's words: "$3.7 billion" from a note is not a schedule's figure
SOURCE_KINDS = {
    "financial_condition": "statement",
    "income": "statement",
    "cash_flows": "statement",
    "changes_in_equity": "statement",
    "net_capital": "schedule",
    "reserve": "schedule",
    "pab_reserve": "schedule",
    "notes": "note",
    "facing_page": "facing page",
    "body": "report body",
    "derived": "derived",
}
DATE_COLUMNS = ("period_start", "period_end", "date_filed")
TEXT_COLUMNS = frozenset({*ID_COLUMNS, "path", "file", "registrant_name", "sec_file_number", "firm_id",
                          "accountant_name", "code", "severity", "message", "label", "class", "concept", "role",
                          "section", "statement", "layer", "error", "focus_key", "focus_line"})  # fmt: skip
AMOUNT_FACTS = frozenset(FACT_NAMES) - TEXT_COLUMNS - set(DATE_COLUMNS)  # exact decimals, even when all empty


def facts_panel(store: Store) -> tuple[list[str], list[dict[str, Any]]]:
    """One row per filing: its identity and every fact as a column (amounts exact, text as text)."""
    ids = _filings(store)
    concepts: set[str] = set()
    origins: dict[str, dict[str, str]] = {}
    with store.engine.connect() as conn:
        for h, concept, amount, text, origin in conn.execute(
            select(facts.c.hash, facts.c.concept, facts.c.amount, facts.c.text, facts.c.origin)
        ):
            if h in ids and concept not in ID_COLUMNS:
                ids[h][concept] = amount if amount is not None else text
                origins.setdefault(h, {})[concept] = origin
                concepts.add(concept)
    for o in store.overrides_of():  # which values a reviewer corrected: statement/line[column], as read -> as corrected
        if o["hash"] in ids:
            done = ids[o["hash"]].get("corrected")
            mark = f"{o['statement']}/{o['item']}[{o['col']}] {o['original']} -> {o['amount']} ({o['reviewer']})"
            ids[o["hash"]]["corrected"] = f"{done}; {mark}" if done else mark
    names = [*FACT_NAMES, *sorted(concepts - set(FACT_NAMES))]  # every fact, always: a stable set of columns
    for h, row in ids.items():
        for name, origin in origins.get(h, {}).items():
            row[f"{name}_source"] = SOURCE_KINDS.get(origin, origin)
    columns = [*ID_COLUMNS, *(c for name in names for c in (name, f"{name}_source"))]
    rows = sorted(ids.values(), key=lambda r: (r.get("cik") or "", r.get("period_end") or "", r["hash"]))
    return columns, rows


class LabelClassifier:
    """Printed captions -> a person's classification of the same or the closest caption (rapidfuzz), from
    a folder of labelled captions (CSV: Lineitems, Manual Classification), one file for assets and one
    for liabilities and equity."""

    def __init__(self, folder: Path | None, cutoff: float = 88.0) -> None:
        self.cutoff = cutoff
        self.assets: dict[str, str] = {}
        self.others: dict[str, str] = {}
        if folder is not None:
            for path in sorted(folder.glob("*.csv")):
                target = self.assets if "asset" in path.name.lower() else self.others
                with path.open(newline="", encoding="utf-8") as fh:
                    for row in csv.DictReader(fh):
                        label, klass = row.get("Lineitems") or "", row.get("Manual Classification") or ""
                        if label and klass:
                            target.setdefault(_norm(label), klass)
        self._asset_keys = list(self.assets)
        self._other_keys = list(self.others)

    def classify(self, label: str, section: str) -> str | None:
        return self._classify(_norm(label), section == "assets")

    @lru_cache(maxsize=200_000)  # noqa: B019 - one classifier per export
    def _classify(self, key: str, asset: bool) -> str | None:
        from rapidfuzz import fuzz, process

        table, keys = (self.assets, self._asset_keys) if asset else (self.others, self._other_keys)
        if not keys:
            return None
        if key in table:
            return table[key]
        best = process.extractOne(key, keys, scorer=fuzz.token_sort_ratio, score_cutoff=self.cutoff)
        return table[best[0]] if best else None


def _norm(label: str) -> str:
    text = re.sub(r"\$?\(?\d[\d,.]*\)?", " ", label.lower())  # amounts inside captions
    return " ".join(re.sub(r"[^a-z&' ]+", " ", text).split())


@lru_cache(maxsize=1)
def focus_classes() -> dict[str, dict[str, str]]:
    """Caption class -> finop's concept for it (data/focus_classes.yaml) and its FOCUS Part IIA line (concepts.yaml)."""
    from importlib import resources

    import yaml

    text = resources.files("finop.batch").joinpath("data/focus_classes.yaml").read_text(encoding="utf-8")
    out = {}
    for cls, v in yaml.safe_load(text)["classes"].items():
        box = concept(v["key"]).focus_box("financial_condition")
        out[cls] = {"line": box.line if box else "", "key": v["key"]}
    return out


LINE_ITEM_COLUMNS = [
    "hash",
    "cik",
    "period_end",
    "statement",
    "seq",
    "label",
    "class",
    "focus_line",
    "focus_key",
    "concept",
    "role",
    "section",
    "amount",
    "page",
    "line",
]


def line_item_rows(store: Store, classifier: LabelClassifier) -> tuple[list[str], list[dict[str, Any]]]:
    """The long table: one row per statement line of every filing read, with its canonical class and the
    FOCUS Part IIA line the class belongs to."""
    ids = _filings(store)
    focus = focus_classes()
    columns = list(LINE_ITEM_COLUMNS)
    out = []
    with store.engine.connect() as conn:
        for r in conn.execute(select(line_items).order_by(line_items.c.hash, line_items.c.statement, line_items.c.seq)):
            who = ids.get(r.hash)
            if who is None:
                continue
            klass = (  # a heading ("Assets", "Receivables from:") is no item: it has no class
                classifier.classify(r.label or "", r.section or "")
                if r.statement == "financial_condition" and r.role != "header"
                else None
            )
            where = focus.get(klass or "", {})
            out.append(
                {
                    **dict(r._mapping),
                    "cik": who["cik"],
                    "period_end": who["period_end"],
                    "class": klass,
                    "focus_line": where.get("line"),
                    "focus_key": where.get("key"),
                }
            )
    return columns, out


def finding_rows(store: Store) -> tuple[list[str], list[dict[str, Any]]]:
    """Every finding of every document, with the document's path, its filing's CIK and period end, and the
    finding's expected, actual and difference (exact; from the stored result, read one document at a time)."""
    columns = ["hash", "path", "status", "cik", "period_end", "seq", "code", "severity", "message", "expected",
               "actual", "difference", "page", "line"]  # fmt: skip
    with store.engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(
            select(findings, documents.c.path, documents.c.status, filings.c.cik, filings.c.period_end)
            .join(documents, documents.c.hash == findings.c.hash)
            .outerjoin(filings, filings.c.hash == findings.c.hash)
            .order_by(findings.c.hash, findings.c.seq)
        )]  # fmt: skip
    current, figures = None, []  # the rows come by document: its stored findings, parsed once, one at a time
    for row in rows:
        row["cik"] = padded_cik(row["cik"])
        if row["hash"] != current:
            current, stored = row["hash"], store.result_json(row["hash"])
            figures = stored.get("findings", []) if stored else []
        found = figures[row["seq"]] if row["seq"] < len(figures) else {}
        for key in ("expected", "actual", "difference"):
            value = found.get(key)
            row[key] = Decimal(value) if isinstance(value, str) and _NUMBER.fullmatch(value) else value
    return columns, rows


def document_rows(store: Store) -> tuple[list[str], list[dict[str, Any]]]:
    """Every document the store holds, read or not: its status (ok, findings, failed) and why it failed."""
    columns = ["hash", "path", "size", "pages", "layer", "status", "verdict", "error", "attempts", "seconds",
               "finished_at", "cik", "period_end"]  # fmt: skip
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(documents, filings.c.verdict, filings.c.cik, filings.c.period_end)
            .outerjoin(filings, filings.c.hash == documents.c.hash)
            .order_by(documents.c.path)
        )
        return columns, [{**r._mapping, "cik": padded_cik(r.cik)} for r in rows]


_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
# a text cell a spreadsheet would run as a formula (OWASP's list); an amount such as -1234 is not text
_FORMULA = re.compile(r"^[=+\-@\t\r]")


def csv_cell(value: Any) -> str:
    """One CSV cell: amounts as exact decimal text; text that a spreadsheet would take for a formula
    ('=HYPERLINK(...)', '+cmd', '@SUM', '-2+3') with a leading apostrophe, which spreadsheets show as text."""
    if value is None:
        return ""
    text = str(value)
    if isinstance(value, str) and _FORMULA.match(text) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def _date(value: Any) -> Any:
    """An ISO date as a date (None for none, or for text that is no date)."""
    import datetime as dt

    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def write_table(columns: list[str], rows: Iterable[dict[str, Any]], out: Path, fmt: str) -> int:
    """CSV (amounts as exact decimal text) or Parquet (amounts as decimal128, never float)."""
    rows = list(rows)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    if fmt == "csv":
        with tmp.open("w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
            w.writeheader()
            for row in rows:
                w.writerow({k: csv_cell(row.get(k)) for k in columns})
    elif fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        arrays = {}
        for col in columns:
            values = [row.get(col) for row in rows]
            if col in DATE_COLUMNS:  # dates, not text: a panel is sorted and filtered by them
                arrays[col] = pa.array([_date(v) for v in values], type=pa.date32())
            elif col in TEXT_COLUMNS or col.endswith("_source"):  # text even when empty or all digits (a CIK)
                arrays[col] = pa.array([None if v is None else str(v) for v in values], type=pa.string())
            elif (col in AMOUNT_FACTS or any(isinstance(v, Decimal) for v in values)) and all(
                v is None or isinstance(v, Decimal) for v in values
            ):
                arrays[col] = pa.array(
                    [v.quantize(Decimal("0.000001")) if v is not None else None for v in values],
                    type=pa.decimal128(38, 6),
                )
            elif all(v is None or isinstance(v, int) for v in values):
                arrays[col] = pa.array(values, type=pa.int64())
            else:
                arrays[col] = pa.array([None if v is None else str(v) for v in values], type=pa.string())
        pq.write_table(pa.table(arrays), tmp)
    else:
        raise ValueError(f"unknown format {fmt!r}: csv or parquet")
    tmp.replace(out)
    return len(rows)


CHART_UNITS = ((Decimal(10) ** 9, "$ billions"), (Decimal(10) ** 6, "$ millions"), (Decimal(10) ** 3, "$ thousands"))


def firm_chart(store: Store, cik: str, out: Path) -> int:
    """Total assets and net capital against the requirement for one firm over the years (PNG or SVG)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = facts_panel(store)[1]
    mine = [r for r in rows if r.get("cik") == padded_cik(cik.strip()) and r.get("period_end")]
    if not mine:
        raise ValueError(f"no filing of CIK {cik} in {store.url}")
    by_year: dict[str, dict[str, Any]] = {}
    for r in mine:
        by_year[str(r["period_end"])] = r  # the last filing for a period end wins (amendments come later)
    years = sorted(by_year)
    series = {
        name: [by_year[y].get(name) if isinstance(by_year[y].get(name), Decimal) else None for y in years]
        for name in ("total_assets", "net_capital", "minimum_net_capital")
    }
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(8, 6), sharex=True)
    highest = max((v for vals in series.values() for v in vals if v is not None), default=Decimal(1))
    divisor, unit = next(((d, u) for d, u in CHART_UNITS if highest >= d), (Decimal(1), "$"))

    def scaled(vals: list[Decimal | None]) -> list[float]:  # plotting only: positions on the axis, not amounts
        return [float(v / divisor) if v is not None else float("nan") for v in vals]

    top.plot(years, scaled(series["total_assets"]), marker="o", color="#333")
    top.set_ylabel(f"Total assets ({unit})")
    for key, label, style in (("net_capital", "Net capital", "-"), ("minimum_net_capital", "Requirement", "--")):
        if any(v is not None for v in series[key]):  # a series with no value gets no legend entry
            bottom.plot(years, scaled(series[key]), marker="o", linestyle=style,
                        color="#333" if key == "net_capital" else "#777", label=label)  # fmt: skip
    bottom.set_ylabel(unit)
    if bottom.get_legend_handles_labels()[0]:
        bottom.legend(frameon=False)
    name = next((r.get("registrant_name") for r in reversed(mine) if r.get("registrant_name")), f"CIK {cik}")
    top.set_title(f"{name}: total assets, net capital and requirement")
    for ax in (top, bottom):
        ax.tick_params(axis="x", rotation=45)
        ax.grid(axis="y", color="#ddd")
        ax.set_ylim(bottom=0)  # amounts from zero: a bar of growth is not drawn out of a sliver
        ax.ticklabel_format(axis="y", style="plain", useOffset=False)  # never 1e10
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out)
    plt.close(fig)
    return len(years)
