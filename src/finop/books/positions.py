"""positions.csv: the firm's securities positions, loaded into exact integer cents (columnar, for speed).

A large dealer carries millions of positions: the file is parsed by Arrow, checked
column by column, and handed to the engine as NumPy arrays of integer cents, so
every sum is exact and no float touches an amount.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from finop.books.chart import ALL_LINES
from finop.books.encoding import encoding_of
from finop.books.errors import BooksError
from finop.model.assets import ASSET_CLASSES, asset_classes

NEEDS_MATURITY = frozenset(c.name for c in asset_classes() if c.maturity)
REQUIRED_COLUMNS = ("id", "description", "asset_class", "market_value", "maturity_date", "issuer")
OPTIONAL_COLUMNS = ("quantity", "price", "minimal_credit_risk", "line", "series")
# dollars and cents as typed (the one books form, finop.books.amounts, in RE2 for a whole column at once):
# thousands separators where they belong, at most 15 digits before the point
_AMOUNT = r"^-?\$?([0-9]{1,3}(,[0-9]{3}){1,4}|[0-9]{1,15})(\.[0-9]{1,2})?$"
_DECIMAL = r"^-?[0-9]+(\.[0-9]+)?$"
_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
# a maturity outside these (days since 1970) is a typing error
_EARLIEST = (dt.date(1900, 1, 1) - dt.date(1970, 1, 1)).days
_LATEST = (dt.date(2199, 12, 31) - dt.date(1970, 1, 1)).days
EPOCH = dt.date(1970, 1, 1)


@dataclass(frozen=True)
class Positions:
    """Positions as columns: class codes, signed market values in cents, maturity days, issuer codes."""

    path: str
    table: pa.Table  # the file as read (strings), for row lookups
    asset_class: np.ndarray  # int8 index into ASSET_CLASSES
    cents: np.ndarray  # int64, signed (short < 0)
    maturity: np.ndarray  # int32 days since 1970-01-01, -1 when none
    issuer: np.ndarray  # int32 index into issuers
    issuers: tuple[str, ...]
    minimal_credit_risk: np.ndarray  # bool
    line: np.ndarray  # int16 index into lines
    lines: tuple[str, ...]

    def __len__(self) -> int:
        return int(self.cents.shape[0])

    def price(self, index: int) -> Decimal | None:
        if "price" not in self.table.column_names:
            return None
        raw = self.table.column("price")[index].as_py()
        return Decimal(raw) if raw else None

    def quantity(self, index: int) -> Decimal | None:
        if "quantity" not in self.table.column_names:
            return None
        raw = self.table.column("quantity")[index].as_py()
        return Decimal(raw) if raw else None

    def at_or_above_par(self) -> np.ndarray:
        """Positions priced at or above 100 (per cent of principal); a missing price counts as at par."""
        if "price" not in self.table.column_names or len(self) == 0:
            return np.ones(len(self), bool)
        text = pc.utf8_trim_whitespace(self.table.column("price").fill_null(""))
        filled = pc.if_else(pc.equal(text, ""), "100", text)
        dec = pc.cast(filled, pa.decimal128(38, 12))
        return pc.greater_equal(dec, pa.scalar(Decimal(100), pa.decimal128(38, 12))).to_numpy(zero_copy_only=False)

    def series_codes(self) -> np.ndarray:
        """An issue identifier per position for undue concentration: the `series` column when given,
        else the maturity date for debt (an issue is known by its maturity), else 0."""
        n = len(self)
        codes = np.zeros(n, np.int64)
        if "series" in self.table.column_names and n:
            text = pc.utf8_trim_whitespace(self.table.column("series").fill_null(""))
            enc = pc.dictionary_encode(text).combine_chunks()
            idx = enc.indices.to_numpy(zero_copy_only=False).astype(np.int64) + 1
            empty = pc.equal(text, "").to_numpy(zero_copy_only=False)
            codes = np.where(empty, 0, idx)
        dated = (codes == 0) & (self.maturity >= 0)
        return np.where(dated, (1 << 19) + self.maturity.astype(np.int64), codes)

    def row_id(self, index: int) -> str:
        return str(self.table.column("id")[index].as_py())


def empty_positions(path: str) -> Positions:
    table = pa.table({c: pa.array([], pa.string()) for c in REQUIRED_COLUMNS})
    return Positions(
        path, table, np.zeros(0, np.int8), np.zeros(0, np.int64), np.zeros(0, np.int32), np.zeros(0, np.int32), (),
        np.zeros(0, bool), np.zeros(0, np.int16), (),
    )  # fmt: skip


def _bad_rows(mask: pa.Array | np.ndarray, limit: int = 5) -> str:
    arr = np.asarray(mask.to_numpy(zero_copy_only=False) if isinstance(mask, (pa.Array, pa.ChunkedArray)) else mask)
    idx = np.flatnonzero(arr)
    shown = ", ".join(str(i + 2) for i in idx[:limit])  # file line: header is line 1
    more = f" and {len(idx) - limit} more" if len(idx) > limit else ""
    return f"row {shown}{more}" if len(idx) == 1 else f"rows {shown}{more}"


def _fail_rows(path: Path, mask: pa.Array | np.ndarray, problem: str) -> None:
    raise BooksError(path, f"{_bad_rows(mask)}: {problem}")


def _column(table: pa.Table, name: str) -> pa.ChunkedArray:
    return pc.utf8_trim_whitespace(table.column(name).fill_null(""))


def load_positions(path: Path) -> Positions:
    """Read and validate positions.csv (missing file: no positions)."""
    if not path.exists():
        return empty_positions(str(path))
    try:
        codec = encoding_of(path)
        with path.open(encoding=codec, errors="replace") as fh:
            head = fh.readline().strip()
        names = [h.strip() for h in head.split(",")]
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(use_threads=True, encoding="utf8" if codec == "utf-8-sig" else codec),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names}, strings_can_be_null=False
            ),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        raise BooksError(path, f"cannot be read as CSV: {exc}") from None
    table = table.rename_columns([n.strip().lstrip("\ufeff") for n in table.column_names])
    missing = [c for c in REQUIRED_COLUMNS if c not in table.column_names]
    if missing:
        raise BooksError(
            path,
            f"missing column(s) {', '.join(missing)}; the columns are {', '.join(REQUIRED_COLUMNS)} (optional: {', '.join(OPTIONAL_COLUMNS)})",
        )
    n = table.num_rows

    cls_text = _column(table, "asset_class")
    known = pc.is_in(cls_text, value_set=pa.array(ASSET_CLASSES))
    if not pc.all(known).as_py() and n:
        first = cls_text.filter(pc.invert(known))[0].as_py()
        _fail_rows(path, pc.invert(known), f"unknown asset_class {first!r}; one of {', '.join(ASSET_CLASSES)}")
    cls_codes = pc.index_in(cls_text, value_set=pa.array(ASSET_CLASSES)).to_numpy(zero_copy_only=False).astype(np.int8)

    typed = pc.utf8_trim_whitespace(_column(table, "market_value"))
    ok = pc.match_substring_regex(typed, _AMOUNT)
    if n and not pc.all(ok).as_py():
        bad = typed.filter(pc.invert(ok))[0].as_py()
        _fail_rows(path, pc.invert(ok), f"market_value {bad!r} is not an amount in dollars and cents "
                   "(e.g. -1234.56 or -1,234.56; at most 15 digits before the point)")  # fmt: skip
    mv_text = pc.replace_substring(pc.replace_substring(typed, ",", ""), "$", "")
    padded = pc.replace_substring_regex(mv_text, r"^(-?[0-9]+)$", r"\1.00")
    padded = pc.replace_substring_regex(padded, r"^(-?[0-9]+\.[0-9])$", r"\10")  # RE2: group 1, then a zero
    cents = pc.cast(pc.replace_substring(padded, ".", ""), pa.int64()).to_numpy(zero_copy_only=False)
    if n and int(np.abs(cents).max()) * n >= 2**62 and sum(abs(int(c)) for c in cents) >= 2**62:
        raise BooksError(path, "the market values add up past what finop sums exactly in cents (2**62): "
                         "more than 46 quadrillion dollars in one file")  # fmt: skip

    mat_text = _column(table, "maturity_date")
    has_mat = pc.not_equal(mat_text, "")
    good_date = pc.or_(pc.invert(has_mat), pc.match_substring_regex(mat_text, _DATE))
    if n and not pc.all(good_date).as_py():
        _fail_rows(path, pc.invert(good_date), "maturity_date must be a date YYYY-MM-DD")
    needs = np.isin(cls_codes, [ASSET_CLASSES.index(c) for c in NEEDS_MATURITY])
    has_mat_np = has_mat.to_numpy(zero_copy_only=False)
    if (needs & ~has_mat_np).any():
        first = ASSET_CLASSES[cls_codes[np.flatnonzero(needs & ~has_mat_np)[0]]]
        _fail_rows(path, needs & ~has_mat_np, f"a {first} position needs its maturity_date for the haircut schedule")
    try:
        dates = pc.cast(pc.if_else(has_mat, mat_text, "1970-01-01"), pa.date32())
    except pa.ArrowInvalid as exc:
        raise BooksError(path, f"maturity_date: {exc}") from None
    maturity = np.where(
        has_mat_np, dates.to_numpy(zero_copy_only=False).astype("datetime64[D]").astype(np.int64), -1
    ).astype(np.int32)
    absurd = has_mat_np & ((maturity < _EARLIEST) | (maturity > _LATEST))
    if absurd.any():
        _fail_rows(path, absurd, f"maturity_date {mat_text[int(np.flatnonzero(absurd)[0])].as_py()!r} is not a "
                   "plausible maturity (1900 to 2199)")  # fmt: skip

    issuer_dict = pc.dictionary_encode(_column(table, "issuer")).combine_chunks()
    issuer = issuer_dict.indices.to_numpy(zero_copy_only=False).astype(np.int32)
    issuers = tuple(issuer_dict.dictionary.to_pylist())

    if "minimal_credit_risk" in table.column_names:
        text = pc.utf8_lower(_column(table, "minimal_credit_risk"))
        valid = pc.is_in(text, value_set=pa.array(["", "true", "false", "yes", "no", "1", "0"]))
        if n and not pc.all(valid).as_py():
            _fail_rows(path, pc.invert(valid), "minimal_credit_risk must be true or false")
        minimal = pc.invert(pc.is_in(text, value_set=pa.array(["false", "no", "0"]))).to_numpy(zero_copy_only=False)
    else:
        minimal = np.ones(n, bool)

    for col in ("quantity", "price"):
        if col in table.column_names:
            text = _column(table, col)
            valid = pc.or_(pc.equal(text, ""), pc.match_substring_regex(pc.replace_substring(text, ",", ""), _DECIMAL))
            if n and not pc.all(valid).as_py():
                _fail_rows(path, pc.invert(valid), f"{col} must be a decimal number")
            table = table.set_column(table.column_names.index(col), col, pc.replace_substring(text, ",", ""))
    if "quantity" in table.column_names and n:
        quantity = _column(table, "quantity")
        negative_quantity = pc.starts_with(quantity, "-").to_numpy(zero_copy_only=False)
        nonzero_quantity = pc.match_substring_regex(quantity, "[1-9]").to_numpy(zero_copy_only=False)
        crossed = nonzero_quantity & (cents != 0) & (negative_quantity != (cents < 0))
        if crossed.any():
            _fail_rows(path, crossed, "quantity and market_value have different signs (a short position has both "
                       "negative, a long one both positive)")  # fmt: skip

    if "line" in table.column_names:
        line_text = _column(table, "line")
    else:
        line_text = pa.chunked_array([pa.array([""] * n, pa.string())])
    default = pc.if_else(pa.array(cents < 0), "securities_sold_short", "securities_owned")
    line_text = pc.if_else(pc.equal(line_text, ""), default, line_text)
    line_ok = pc.is_in(line_text, value_set=pa.array(ALL_LINES))
    if n and not pc.all(line_ok).as_py():
        bad = line_text.filter(pc.invert(line_ok))[0].as_py()
        _fail_rows(path, pc.invert(line_ok), f"unknown line {bad!r}")
    line_dict = pc.dictionary_encode(line_text).combine_chunks()
    return Positions(
        path=str(path),
        table=table,
        asset_class=cls_codes,
        cents=cents.astype(np.int64),
        maturity=maturity,
        issuer=issuer,
        issuers=issuers,
        minimal_credit_risk=np.asarray(minimal, bool),
        line=line_dict.indices.to_numpy(zero_copy_only=False).astype(np.int16),
        lines=tuple(line_dict.dictionary.to_pylist()),
    )
