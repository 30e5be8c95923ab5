"""A produced annual report as a PDF, printed by WeasyPrint from the report's HTML."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from finop.render.report_html import render_html

if TYPE_CHECKING:
    from finop.model.produced import ProducedReport


def render_pdf(report: ProducedReport, path: str | Path, charts: list[ProducedReport] | None = None) -> None:
    """Write the report as a letter-size PDF with a text layer to ``path``."""
    from weasyprint import HTML  # imported here: WeasyPrint is slow to load and only this needs it

    html = render_html(report, charts)
    HTML(string=html, base_url=str(Path(path).parent)).write_pdf(str(path))
