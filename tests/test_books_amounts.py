"""Amounts in books files: one strict form, refused with the reason otherwise; sums that stay exact."""

from __future__ import annotations

import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from finop.books import BooksError, load_books
from finop.books.amounts import books_amount
from finop.money import format_amount

CEDAR = ROOT / "examples" / "cedar-ridge-partners"
POSITIONS = "id,description,asset_class,market_value,maturity_date,issuer,quantity,price\n"

cents = st.decimals(min_value=Decimal("-999999999999999.99"), max_value=Decimal("999999999999999.99"), places=2)


@settings(max_examples=300, deadline=None)
@given(cents)
def test_every_form_a_firm_types_reads_back_exactly(value: Decimal) -> None:
    plain = f"{value:f}"
    grouped = f"{value:,f}"
    assert books_amount(plain) == value
    assert books_amount(grouped) == value
    assert books_amount(f" {grouped} ") == value
    body = f"{abs(value):,f}"
    assert books_amount(f"({body})") == -abs(value)
    assert books_amount(f"${body}") == abs(value)
    assert books_amount(f"-${body}") == -abs(value)
    assert books_amount(format_amount(value)) == value  # the report's own form: 1,234 / (1,234)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_any_text_is_an_amount_or_a_reason(text: str) -> None:
    try:
        value = books_amount(text)
    except ValueError as exc:
        assert str(exc)
    else:
        assert value.is_finite() and abs(value) < Decimal(10) ** 15


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1,00", "thousands separators out of place"),
        ("12,34,567", "thousands separators out of place"),
        ("1,0000", "thousands separators out of place"),
        ("(-1.00)", "two signs"),
        ("(1.00", "unmatched parenthesis"),
        ("1e28", "not an amount"),
        ("NaN", "not an amount"),
        ("Infinity", "not an amount"),
        ("\u0661\u0662\u0663", "not an amount"),  # Arabic-Indic digits
        ("\uff11\uff12\uff13", "not an amount"),  # full-width digits
        ("1234567890123456", "too large"),
        ("1.1234567", "more than 6 digits after the point"),
        ("--5", "not an amount"),
        ("", "not an amount"),
    ],
)
def test_malformed_amounts_are_refused_with_the_reason(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        books_amount(text)


def _books(tmp_path: Path, positions: str | None = None, **replace: tuple[str, str]) -> Path:
    d = tmp_path / "books"
    shutil.copytree(CEDAR, d)
    if positions is not None:
        (d / "positions.csv").write_text(positions)
    for name, (old, new) in replace.items():
        f = d / name.replace("_yaml", ".yaml").replace("_csv", ".csv")
        text = f.read_text()
        assert old in text
        f.write_text(text.replace(old, new, 1))
    return d


@pytest.mark.parametrize(
    ("positions", "words"),
    [
        (POSITIONS + "P1,Note,us_government,\"1,00\",2030-01-15,UST,100,1\n", "row 2: market_value '1,00'"),
        (POSITIONS + "P1,Note,us_government,-100.00,2030-01-15,UST,100,1\n", "row 2: quantity and market_value have different signs"),
        (POSITIONS + "P1,Note,us_government,100.00,9999-01-15,UST,100,1\n", "row 2: maturity_date '9999-01-15' is not a plausible"),
        (POSITIONS + "P1,Note,us_government,100.00,0001-01-15,UST,100,1\n", "row 2: maturity_date '0001-01-15'"),
        (POSITIONS + "P1,Note,us_government,92233720368547758.07,2030-01-15,UST,1,1\n", "row 2: market_value"),
        (POSITIONS + "".join(f"P{i},Stock,equity,999999999999999.99,,X{i},1,1\n" for i in range(60)),
         "add up past what finop sums exactly"),
    ],
)  # fmt: skip
def test_positions_that_would_give_a_wrong_net_capital_are_refused(tmp_path: Path, positions: str, words: str) -> None:
    with pytest.raises(BooksError, match=words.replace("(", r"\(")):
        load_books(_books(tmp_path, positions))


@pytest.mark.parametrize(
    ("file", "old", "new", "words"),
    [
        ("trial_balance_csv", "1743350.00", "1e28", "row 2, column 'amount': amount '1e28' is not an amount"),
        ("trial_balance_csv", "1743350.00", "(-1743350.00)", "two signs"),
        ("trial_balance_csv", "1743350.00", '"1,743,35"', "thousands separators out of place"),
        ("firm_yaml", "as_of: 2024-06-30", "as_of: 9999-12-31", "as_of: 9999-12-31 is not a plausible date"),
    ],
)
def test_books_numbers_and_dates_out_of_reason_are_refused(
    tmp_path: Path, file: str, old: str, new: str, words: str
) -> None:
    with pytest.raises(BooksError, match=words.replace("(", r"\(")):
        load_books(_books(tmp_path, **{file: (old, new)}))


def test_netcap_says_which_row_not_a_traceback(tmp_path: Path) -> None:
    books = _books(tmp_path, trial_balance_csv=("1743350.00", "1e28"))
    done = subprocess.run([sys.executable, "-m", "finop.cli", "netcap", str(books)], capture_output=True, text=True)
    assert done.returncode == 2
    assert "trial_balance.csv" in done.stderr and "row 2" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("name", ["trial_balance.csv", "positions.csv", "firm.yaml", "opening_balance.csv"])
@pytest.mark.parametrize("codec", ["utf-16", "cp1252"])
def test_books_files_in_utf16_or_latin1_load_as_the_utf8_originals(tmp_path: Path, name: str, codec: str) -> None:
    books = _books(tmp_path)
    original = (CEDAR / name).read_text(encoding="utf-8")
    (books / name).write_bytes(original.replace("Ridge", "Ridgé", 1).encode(codec))  # a Latin-1 letter too
    assert load_books(books).firm.as_of == load_books(CEDAR).firm.as_of
    assert load_books(books).trial_balance.total(kind="asset") == load_books(CEDAR).trial_balance.total(kind="asset")


def test_a_binary_books_file_is_refused_naming_it(tmp_path: Path) -> None:
    books = _books(tmp_path)
    (books / "trial_balance.csv").write_bytes(bytes(range(256)) * 8)
    with pytest.raises(BooksError, match=r"trial_balance\.csv: not a text file"):
        load_books(books)
