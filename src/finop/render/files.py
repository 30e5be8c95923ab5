"""Write a produced report's files (HTML, PDF, JSON, FOCUS lines) into a folder, all or nothing."""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from pathlib import Path

from finop.model.produced import ProducedReport
from finop.render.json import to_json

FORMATS = ("html", "pdf", "json", "focus")
FILE_NAMES = {
    "html": "annual-report.html",
    "pdf": "annual-report.pdf",
    "json": "annual-report.json",
    "focus": "focus-part-iia.csv",
}


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
                target.write_text(to_json(report) + "\n", encoding="utf-8")
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
