"""Statement titles: which lines start a statement."""

from __future__ import annotations

import pytest

from finop.extract.sections import title_kind
from finop.model.filing import StatementKind
from finop.readers.text import parse_text


def _kind(text: str) -> StatementKind | None:
    return title_kind(next(parse_text(text + "\n", "x.txt").lines()))


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Consolidated Statement of Financial Condition", StatementKind.FINANCIAL_CONDITION),
        ("Consolidated Staternent of Financial Condition", StatementKind.FINANCIAL_CONDITION),  # OCR's rn for m
        ("Staternents of Cash Flows", StatementKind.CASH_FLOWS),
        ("Statement of Income", StatementKind.INCOME),
        ("statement of financial condition. The Company", None),  # prose
        ("Stater of Financial Condition", None),
    ],
)
def test_titles_tolerate_ocr_rn_for_m(text: str, kind: StatementKind | None) -> None:
    assert _kind(text) is kind


@pytest.mark.parametrize(
    "text",
    [
        "Statement of Changes in Partners’ Capital",  # a word processor's apostrophe, or OCR's reading of one
        "Statement of Changes in Members‘ Equity",
        "Statement of Changes in Stockholder’s Equity",
        "Statement of Changes in Partners' Capital",
    ],
)
def test_a_title_with_a_typographic_apostrophe_is_the_same_title(text: str) -> None:
    assert _kind(text) is StatementKind.CHANGES_IN_EQUITY
