"""Books folders: bad input gets an error naming the file, the row and the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from finop.books import BooksError, load_books

MML = ROOT / "examples" / "mml-distributors-2003"


def _copy(tmp_path: Path, **overrides: str) -> Path:
    d = tmp_path / "books"
    d.mkdir()
    for name in ("firm.yaml", "trial_balance.csv", "positions.csv"):
        text = overrides.get(name.replace(".", "_"), (MML / name).read_text(encoding="utf-8"))
        (d / name).write_text(text, encoding="utf-8")
    return d


def test_the_example_books_load() -> None:
    books = load_books(MML)
    assert books.firm.method == "alternative"
    assert len(books.positions) == 1
    assert books.trial_balance.net_income == -171097


TB_HEADER = "account,description,amount,line,column\n"


@pytest.mark.parametrize(
    ("file", "text", "words"),
    [
        ("trial_balance_csv", "account,description,amount,line\n1,Cash,1,cash\n", "missing column(s) column"),
        (
            "trial_balance_csv",
            TB_HEADER + "1,Cash,1,cashbox,allowable\n",
            "row 2, column 'line': unknown line 'cashbox'",
        ),
        (
            "trial_balance_csv",
            TB_HEADER + "1,Cash,ten,cash,allowable\n",
            "row 2, column 'amount': amount 'ten' is not an amount",
        ),
        (
            "trial_balance_csv",
            TB_HEADER + "1,Cash,10,cash,ai\n",
            "row 2, column 'column': an asset line needs column allowable or nonallowable",
        ),
        ("trial_balance_csv", TB_HEADER + "1,Cash,10,cash,allowable\n2,Equity,9,equity,\n", "does not balance"),
        (
            "positions_csv",
            "id,description,asset_class,market_value,maturity_date,issuer,line\nP1,MMF,money_fund,1625323.00,,X,cash\n",
            "row 2: unknown asset_class 'money_fund'",
        ),
        (
            "positions_csv",
            "id,description,asset_class,market_value,maturity_date,issuer,line\nP1,MMF,money_market_fund,lots,,X,cash\n",
            "row 2: market_value 'lots' is not an amount",
        ),
        (
            "positions_csv",
            "id,description,asset_class,market_value,maturity_date,issuer\nP1,Note,us_government,100.00,,UST\n",
            "row 2: a us_government position needs its maturity_date",
        ),
        (
            "positions_csv",
            "id,description,asset_class,market_value,issuer\nP1,MMF,money_market_fund,1.00,X\n",
            "missing column(s) maturity_date",
        ),
        (
            "positions_csv",
            "id,description,asset_class,market_value,maturity_date,issuer,line\nP1,MMF,money_market_fund,1700000.00,,X,cash\n",
            "more than the trial balance line cash",
        ),
        (
            "firm_yaml",
            "name: X\nas_of: 2003-12-31\nmethod: alternative\nbusiness: [dealer]\n",
            "the alternative method needs aggregate debit items",
        ),
        (
            "firm_yaml",
            "name: X\nas_of: 2003-12-31\nmethod: basic\nbusiness: [dealing]\n",
            "business: 'dealing' is not one of",
        ),
        (
            "firm_yaml",
            "name: X\nas_of: 2003-12-31\nmethod: basic\nbusiness: [dealer]\ncolour: red\n",
            "unknown field(s): colour",
        ),
        ("firm_yaml", "name: X\nas_of: 31/12/2003\nmethod: basic\nbusiness: [dealer]\n", "as_of"),
    ],
)
def test_bad_books_name_file_row_and_problem(tmp_path: Path, file: str, text: str, words: str) -> None:
    d = _copy(tmp_path, **{file: text})
    with pytest.raises(BooksError) as info:
        load_books(d)
    message = str(info.value)
    assert str(d / file.replace("_csv", ".csv").replace("_yaml", ".yaml")) in message
    assert words in message


def test_securities_owned_must_equal_its_positions(tmp_path: Path) -> None:
    tb = (
        MML / "trial_balance.csv"
    ).read_text() + "1400,Equities,1000.00,securities_owned,allowable\n2100,Loan,1000.00,bank_loans,ai\n"
    d = _copy(tmp_path, trial_balance_csv=tb)
    with pytest.raises(BooksError, match=r"securities_owned of 1,000\.00 but no position"):
        load_books(d)


def test_missing_books_folder(tmp_path: Path) -> None:
    with pytest.raises(BooksError, match="no such books folder"):
        load_books(tmp_path / "nope")


def _folder(tmp_path: Path, name: str) -> Path:
    (tmp_path / name).mkdir()
    return tmp_path / name


def test_a_row_longer_than_the_header_loads_when_its_extra_cells_are_empty_and_else_names_its_row(
    tmp_path: Path,
) -> None:
    """A spreadsheet's export may end rows with empty cells beyond the header ("a,b,c,,"): they are ignored. A figure
    beyond the header's columns is refused, naming the row (before, such a row crashed the loader: found by the
    property test of any books file)."""
    text = (MML / "trial_balance.csv").read_text(encoding="utf-8").splitlines()
    padded = [text[0], *(row + ",," for row in text[1:])]
    books = load_books(_copy(_folder(tmp_path, "a"), trial_balance_csv="\n".join(padded) + "\n"))
    assert books.trial_balance.accounts == load_books(MML).trial_balance.accounts
    extra = [text[0], text[1] + ",,42", *text[2:]]
    with pytest.raises(BooksError) as info:
        load_books(_copy(_folder(tmp_path, "b"), trial_balance_csv="\n".join(extra) + "\n"))
    assert "row 2" in str(info.value) and "more field(s) than the header" in str(info.value)
    blank = [text[0], ",,,,,,,", *text[1:]]  # an empty row longer than the header, as the property test wrote it
    assert load_books(_copy(_folder(tmp_path, "c"), trial_balance_csv="\n".join(blank) + "\n")).trial_balance.accounts
