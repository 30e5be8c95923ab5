"""Write a produced report's files (HTML, PDF, JSON, FOCUS lines) all or nothing, and check a run of
several period folders (each opening balance must be the previous folder's closing)."""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from finop.books.errors import BooksError
from finop.produce.report import ProducedReport, produce
from finop.produce.statements import equity_by_caption

FORMATS = ("html", "pdf", "json", "focus")
FILE_NAMES = {
    "html": "annual-report.html",
    "pdf": "annual-report.pdf",
    "json": "annual-report.json",
    "focus": "focus-part-iia.csv",
}
SCHEMA_VERSION = "1"


def produce_periods(folders: list[Path]) -> list[ProducedReport]:
    """Produce each period folder, oldest first; each opening balance must equal the previous closing."""
    reports = sorted((produce(f) for f in folders), key=lambda r: r.books.firm.as_of)
    for before, after in itertools.pairwise(reports):
        check_continuity(before, after)
    return reports


def check_continuity(before: ProducedReport, after: ProducedReport) -> None:
    """The later folder's opening balance is the earlier folder's closing, account by account."""
    prev, cur = before.books, after.books
    path = Path(cur.path) / "opening_balance.csv"
    if cur.opening is None:
        raise BooksError(path, f"missing: it must carry {prev.path}'s closing balances")
    if cur.firm.period[0] <= prev.firm.as_of:
        raise BooksError(
            Path(cur.path) / "firm.yaml", f"the period overlaps {prev.path} (which ends {prev.firm.as_of})"
        )
    closing = {(a.account, a.kind): a.amount for a in prev.trial_balance.accounts if a.kind in ("asset", "liability")}
    opening = {(a.account, a.kind): a.amount for a in cur.opening.accounts if a.kind in ("asset", "liability")}
    for key in sorted(set(closing) | set(opening)):
        was, now = closing.get(key, Decimal(0)), opening.get(key, Decimal(0))
        if was != now:
            raise BooksError(
                path,
                f"account {key[0]} opens at {now:,} but {prev.path} closed it at {was:,} (difference {now - was:,})",
            )
    eq_before = equity_by_caption(prev, prev.trial_balance, closing_income=True)
    eq_after = equity_by_caption(cur, cur.opening, closing_income=True)
    for cap in sorted(set(eq_before) | set(eq_after)):
        was, now = eq_before.get(cap, Decimal(0)), eq_after.get(cap, Decimal(0))
        if was != now:
            raise BooksError(path, f"equity '{cap}' opens at {now:,} but {prev.path} closed it at {was:,}")


def report_dict(report: ProducedReport) -> dict[str, Any]:
    """The canonical JSON of a produced report (a public contract: docs/json.md)."""
    from finop.render.json import filing_dict
    from finop.render.netcap import computation_dict

    data: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "kind": "report", "books": report.books.path}
    data.update(filing_dict(report.filing))
    data["notes_text"] = [{"title": n.title, "paragraphs": list(n.paragraphs)} for n in report.notes]
    data["computation"] = computation_dict(report.computation)
    data["focus_lines"] = [
        {"box": f.box, "key": f.key, "caption": f.caption, "amount": str(f.amount), "verified": f.verified}
        for f in report.focus_lines
    ]
    data["reconciliation_differences"] = (
        None
        if report.differences is None
        else [
            {
                "box": d.box,
                "caption": d.caption,
                "filed": str(d.filed),
                "audited": str(d.audited),
                "difference": str(d.difference),
            }
            for d in report.differences
        ]
    )
    return data


def focus_csv(report: ProducedReport) -> str:
    """The FOCUS Part IIA line file: box, key, caption, amount, verified (false: code not yet checked)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["box", "key", "caption", "amount", "verified"])
    for f in report.focus_lines:
        w.writerow([f.box, f.key, f.caption, str(f.amount), "true" if f.verified else "false"])
    return buf.getvalue()


def write_report(reports: list[ProducedReport], out: Path, formats: list[str]) -> list[Path]:
    """Write the latest report in each format into ``out``; nothing is left behind when a format fails."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown format(s) {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    report = reports[-1]
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".finop-report-", dir=out))
    try:
        for fmt in formats:
            target = staging / FILE_NAMES[fmt]
            if fmt == "json":
                target.write_text(
                    json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
                )
            elif fmt == "focus":
                target.write_text(focus_csv(report), encoding="utf-8")
            elif fmt == "html":
                from finop.render.report_html import render_html

                target.write_text(render_html(report, charts=reports[:-1]), encoding="utf-8")
            elif fmt == "pdf":
                from finop.render.report_pdf import render_pdf

                render_pdf(report, target, charts=reports[:-1])
        written = []
        for fmt in formats:
            final = out / FILE_NAMES[fmt]
            os.replace(staging / FILE_NAMES[fmt], final)
            written.append(final)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)
