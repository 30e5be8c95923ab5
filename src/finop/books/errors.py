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
