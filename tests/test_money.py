from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from finop.money import format_amount, parse_amount


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("$ 1,625,324", Decimal(1625324)),
        ("\\$ 1,625,324", Decimal(1625324)),
        ("(14,785,694)", Decimal(-14785694)),
        ("$(14,614,597)", Decimal(-14614597)),
        ("1,234-", Decimal(-1234)),
        ("-1,234", Decimal(-1234)),
        ("(6,281 ,569)", Decimal(-6281569)),
        ("—", Decimal(0)),
        ("-", Decimal(0)),
        ("8,425", Decimal(8425)),
        ("250", Decimal(250)),
        ("12.50", Decimal("12.50")),
    ],
)
def test_parse_printed_amounts(text: str, value: Decimal) -> None:
    assert parse_amount(text) == value


@pytest.mark.parametrize("text", ["", "abc", "(1,234", "1,234)", "((1))", "$", "12,34", "2003a"])
def test_not_amounts(text: str) -> None:
    assert parse_amount(text) is None


@given(st.integers(min_value=-(10**15), max_value=10**15), st.booleans())
def test_format_then_parse_round_trips(n: int, dollar: bool) -> None:
    value = Decimal(n)
    assert parse_amount(format_amount(value, dollar=dollar)) == value


def test_parse_never_returns_float() -> None:
    assert isinstance(parse_amount("1,000"), Decimal)
