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


# decided on purpose (finop.money's docstring, docs/text-input.md)
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("\u22121,234", Decimal(-1234)),  # U+2212 minus sign, like - and –
        ("1,234\u2212", Decimal(-1234)),
        ("\u2013 1,234", Decimal(-1234)),
        ("\u2212", Decimal(0)),  # a lone minus sign is nil, as a lone dash
        ("1,234 -", Decimal(-1234)),  # a space before a trailing minus is OCR's
        ("$ (1,234)", Decimal(-1234)),
    ],
)
def test_minus_signs(text: str, value: Decimal) -> None:
    assert parse_amount(text) == value


@pytest.mark.parametrize(
    "text",
    [
        "100 200",  # two numbers side by side are not 100200
        "1 234",
        "-(1,234)",  # double negatives could mean either
        "(-1,234)",
        "--1,234",
        "-1,234-",
        "\u0661\u0662\u0663",  # Arabic-Indic digits
        "\uff11\uff12\uff13",  # full-width digits
        "1\u0662",
    ],
)
def test_decided_not_amounts(text: str) -> None:
    assert parse_amount(text) is None


@given(st.text(max_size=30))
def test_any_text_parses_to_an_exact_amount_or_nothing(text: str) -> None:
    value = parse_amount(text)
    assert value is None or (isinstance(value, Decimal) and value.is_finite())


@given(st.integers(min_value=0, max_value=10**15), st.integers(min_value=0, max_value=10**15))
def test_two_numbers_are_never_joined(a: int, b: int) -> None:
    assert parse_amount(f"{a} {b}") is None
    assert parse_amount(f"{a:,} {b:,}") is None


@given(st.integers(min_value=1, max_value=10**15), st.sampled_from(["-", "\u2013", "\u2212"]))
def test_one_minus_of_any_kind_negates_and_two_are_refused(n: int, minus: str) -> None:
    assert parse_amount(f"{minus}{n:,}") == -n
    assert parse_amount(f"{minus}({n:,})") is None
    assert parse_amount(f"({minus}{n:,})") is None


@given(st.decimals(min_value=Decimal("-1e40"), max_value=Decimal("1e40"), places=2))
def test_format_amount_never_uses_e_notation(value: Decimal) -> None:
    """Dollars and cents (a printed '31,035.621' is OCR's full stop for a comma: finop.money)."""
    text = format_amount(value)
    assert "E" not in text and "e" not in text
    assert parse_amount(text) == value


def test_format_amount_prints_as_a_statement_does() -> None:
    from decimal import Decimal as D

    from finop.money import format_amount

    assert format_amount(None) == ""  # an empty cell, not a zero
    assert format_amount(D(0)) == "0" and format_amount(D("0.50")) == "0.50"  # not negative: no parentheses
    assert format_amount(D(-1)) == "(1)" and format_amount(D("-0.01")) == "(0.01)"
    assert format_amount(D(1234567)) == "1,234,567"  # no dollar sign unless asked
    assert format_amount(D(1234567), dollar=True) == "$1,234,567"
    assert format_amount(D(-1234), dollar=True) == "($1,234)"
