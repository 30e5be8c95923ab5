"""Constraint repair: a single confusable digit that explains a failed tie is suggested, never silently applied."""

from __future__ import annotations

from conftest import SEED, check_text, needs_shared
from finop.model.findings import Severity
from finop.repair import swaps


def test_swaps_cover_the_confusable_digits() -> None:
    assert set(swaps("3,721")) >= {"8,721", "3,121"}
    assert "1,625,324" not in swaps("1,625,324")
    assert {"7,512", "7,412"} <= set(swaps("7,912")) and "9,512" in swaps("5,512")  # 5 and 9 are confused too


@needs_shared
def test_a_misread_digit_is_suggested_and_the_error_kept() -> None:
    text = SEED.read_text(encoding="utf-8").replace(
        "CASH SEGREGATED UNDER FEDERAL REGULATIONS\t8,721", "CASH SEGREGATED UNDER FEDERAL REGULATIONS\t3,721"
    )
    result = check_text(text)
    assert not result.ok  # the tie still fails: a text file cannot be read again
    suggestions = [f for f in result.findings if f.code == "OCR-SUGGESTED-CORRECTION"]
    assert suggestions and suggestions[0].severity is Severity.WARNING
    assert (suggestions[0].actual, suggestions[0].expected) == ("3,721", "8,721")
    assert suggestions[0].source is not None and suggestions[0].source.line == 90
    assert result.filing.fact("total_assets") == 1822195


@needs_shared
def test_no_suggestion_when_no_single_digit_explains_it() -> None:
    text = SEED.read_text(encoding="utf-8").replace(
        "CASH SEGREGATED UNDER FEDERAL REGULATIONS\t8,721", "CASH SEGREGATED UNDER FEDERAL REGULATIONS\t8,722"
    )
    result = check_text(text)
    assert not [f for f in result.findings if f.code == "OCR-SUGGESTED-CORRECTION"]


def test_a_seven_on_an_underline_may_be_a_three() -> None:
    # an underline under the last amount of a column closes a 7 into a 3 ("75" read "35")
    assert "75" in swaps("35")
    assert "35" in swaps("75")


def test_a_one_may_be_read_as_a_four() -> None:
    # "10,314,722" read as "40,314,722" in a sans-serif statement
    assert "10,314,722" in swaps("40,314,722")
    assert "40,314,722" in swaps("10,314,722")
