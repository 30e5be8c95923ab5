from datetime import date

import pytest

from finop.extract.dates import numeric_date, word_dates


@pytest.mark.parametrize(
    ("printed", "anchor", "expected", "repaired"),
    [
        ("01/01/03", None, date(2003, 1, 1), False),
        ("12/31/2019", None, date(2019, 12, 31), False),
        ("01/01/0308", 2003, date(2003, 1, 1), True),
        ("] ; 2/31/03○3", 2003, date(2003, 12, 31), True),
        ("l2/3l/O3", 2003, date(2003, 12, 31), True),
    ],
)
def test_numeric_dates_and_repairs(printed: str, anchor: int | None, expected: date, repaired: bool) -> None:
    got = numeric_date(printed, anchor)
    assert got is not None
    assert (got.value, got.repaired) == (expected, repaired)


def test_unreadable_date_is_none() -> None:
    assert numeric_date("MM/DD/YY", 2003) is None


def test_word_dates() -> None:
    assert word_dates("YEAR ENDED DECEMBER 31, 2003") == [date(2003, 12, 31)]
    assert word_dates("As of Sept. 30 2010 and 2009") == [date(2010, 9, 30)]
