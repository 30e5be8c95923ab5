"""The layout of a generated report: each variation a named choice, so accuracy can be counted per choice."""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Style:
    """One layout. Every field is a variation the benchmark counts accuracy by."""

    firm: str = "small"  # small | large: a small introducing firm or a large dealer's statement
    entity: str = "corporation"  # corporation | llc | partnership
    separator: str = "tab"  # tab | spaces | leaders (dotted leaders, then spaces)
    dollar: str = "first"  # first (first line of a section and totals) | none | every | attached ("$1,234")
    negative: str = "parens"  # parens "(1,234)" | minus "-1,234"
    scale: int = 1  # 1 | 1000 | 1000000
    scale_at: str = "title"  # title (own line under the date) | header (beside the years) | first_page
    years: int = 1  # 1 | 2 year columns
    subtotals: str = "labelled"  # labelled | unlabelled | mixed | none
    two_page: bool = False  # assets on one page, liabilities and equity on the next
    caption_amounts: bool = False  # "(net of accumulated depreciation of $84,320)"
    wrapped: bool = False  # a caption over two or three lines, its amount on the last
    notes_tables: bool = False  # notes with their own "Total assets" tables
    equity_matrix: bool = False  # a changes-in-equity statement with a column per component
    schedule: bool = False  # a computation of net capital schedule
    note_style: str = "which_was"  # which_was | separate | exceeded
    title: str = "statement"  # statement | consolidated | balance_sheet | position ("Financial Position")
    case: str = "title"  # title | upper: headings and totals in capitals
    facing: bool = True  # a facing page
    full: bool = True  # income and changes-in-equity statements too (else the statement of financial condition only)
    subordinated: str = "none"  # none | within (above "Total liabilities") | after (between it and equity)
    note_units: str = "dollars"  # dollars | printed (the statements' unit) | words ("$5.2 billion")
    # drawn from their own generator (see ``generate``), so the figures and the layout above stay those of the seed
    gross_interest: bool = False  # "Interest revenue / Interest expense / Net interest revenue" inside the revenues
    tax_sign: str = "plain"  # plain | parens: the tax charge printed as a deduction, "(123)"
    quotes: str = "straight"  # straight | typographic: apostrophes set as a word processor sets them, "Partners’"
    wrap_lines: int = 2  # 2 | 3: a wrapped caption's lines (each after the first starting in lower case)
    rule_refs: str = "plain"  # plain | dashed: the schedule's captions cite the rule after a dash in parentheses
    reserve: bool = False  # a customer reserve computation (Rule 15c3-3 Exhibit A) after the net capital schedule

    def variations(self) -> dict[str, str]:
        """Each field as ``name=value``, for counting accuracy per variation."""
        return {k: str(v) for k, v in asdict(self).items()}


def random_style(rng: random.Random) -> Style:
    """A random layout; the choices that depend on each other are drawn in order."""
    firm = rng.choice(["small", "large"])
    scale = (
        1 if firm == "small" and rng.random() < 0.8 else rng.choice([1000, 1_000_000] if firm == "large" else [1000])
    )
    two_page = rng.random() < (0.5 if firm == "large" else 0.2)
    scale_at = rng.choice(["title", "header"] + (["first_page"] if two_page else []))
    return Style(
        firm=firm,
        entity=rng.choice(["corporation", "llc", "partnership"]),
        separator=rng.choice(["tab", "spaces", "leaders"]),
        dollar=rng.choice(["first", "none", "every", "attached"]),
        negative=rng.choice(["parens", "minus"]),
        scale=scale,
        scale_at=scale_at,
        years=rng.choice([1, 2]),
        subtotals=rng.choice(["labelled", "unlabelled", "mixed", "none"] if firm == "large" else ["labelled", "none"]),
        two_page=two_page,
        caption_amounts=rng.random() < 0.4,
        wrapped=rng.random() < 0.4,
        notes_tables=rng.random() < (0.6 if firm == "large" else 0.2),
        equity_matrix=rng.random() < 0.4,
        schedule=rng.random() < (0.4 if firm == "large" else 0.7),
        note_style=rng.choice(["which_was", "separate", "exceeded"]),
        title=rng.choice(["statement", "consolidated", "balance_sheet", "position"]),
        case=rng.choice(["title", "upper"]),
        facing=rng.random() < 0.85,
        full=firm == "small" or rng.random() < 0.4,
        subordinated=rng.choice(["none", "within", "after"]),
        note_units=rng.choice(["dollars", "printed", "words"] if scale > 1 else ["dollars"]),
    )
