"""Errors in a books folder: they name the file, the row and the problem."""

from __future__ import annotations

from pathlib import Path

from finop.errors import InputError


class BooksError(InputError):
    """A books file that cannot be used as it is."""

    def __init__(
        self,
        path: str | Path,
        problem: str,
        row: int | None = None,
        column: str | None = None,
        *,
        row_word: str = "row",
    ) -> None:
        where = []
        if row is not None:
            where.append(f"{row_word} {row}")
        if column:
            where.append(f"column '{column}'")
        prefix = f"{', '.join(where)}: " if where else ""
        self.row = row
        self.column = column
        super().__init__(path, prefix + problem)


def csv_record(path: str | Path, row: int, raw: dict[str | None, object]) -> dict[str, str]:
    """One record of ``csv.DictReader`` by column: fields beyond the header's columns (``None``'s list) are a
    spreadsheet's empty trailing cells, ignored, or figures the header does not name, refused naming the row."""
    extra = raw.get(None)
    if isinstance(extra, list) and any(str(v).strip() for v in extra):
        raise BooksError(path, f"{len(extra)} more field(s) than the header has columns", row=row)
    return {k: v if isinstance(v, str) else "" for k, v in raw.items() if k is not None}
