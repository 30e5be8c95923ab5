"""A generator of annual reports in many layouts, from random but consistent figures, with the truth known.

``generate(seed)`` gives a :class:`~layoutgen.books.Report` (the figures) with a
:class:`~layoutgen.style.Style` (the layout), ``to_text`` prints it as a report's text,
``to_pdf`` as a PDF with a text layer, ``to_scan`` as page images degraded like a scan,
and ``score`` says whether finop read every fact right with no false error finding.
The tests run a seeded slice; ``benchmarks/bench_layouts.py`` runs thousands.
"""

from layoutgen.books import Report, make_report, make_reserve
from layoutgen.render import to_text
from layoutgen.score import Score, score, truth
from layoutgen.style import Style, random_style

__all__ = ["Report", "Score", "Style", "generate", "make_report", "random_style", "score", "to_text", "truth"]


def generate(seed: int) -> tuple[Report, Style]:
    """The figures and the layout of generated report number ``seed``."""
    import random
    from dataclasses import replace

    rng = random.Random(seed)
    style = random_style(rng)
    report = make_report(rng, style)
    later = random.Random(seed + 1_000_003)  # variations added later, drawn apart so a seed keeps its figures
    style = replace(style, gross_interest=later.random() < 0.3, tax_sign=later.choice(["plain", "parens"]))
    style = replace(style, quotes=later.choice(["straight", "typographic"]))
    style = replace(style, wrap_lines=later.choice([2, 3]))
    style = replace(style, rule_refs=later.choice(["plain", "dashed"]))
    if style.schedule and later.random() < 0.5:  # a carrying firm: its reserve computation follows the schedule
        report.reserve = make_reserve(random.Random(seed + 2_000_003), report)
        style = replace(style, reserve=report.reserve is not None)
    return report, style
