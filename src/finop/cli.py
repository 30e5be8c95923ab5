"""The ``finop`` command line."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from finop import __version__
from finop.errors import FinopError

app = typer.Typer(
    name="finop",
    help="Broker-dealer annual reports (Form X-17A-5 Part III): read, extract, tie out, compute.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Format(StrEnum):
    text = "text"
    json = "json"


def _fail(message: str) -> None:
    Console(stderr=True, soft_wrap=True).print(f"[bold red]finop:[/] {message}", highlight=False, markup=True)
    raise typer.Exit(2)


@app.command()
def check(
    path: Annotated[Path, typer.Argument(help="The annual report: a text file (OCR text or exported text).")],
    format: Annotated[
        Format, typer.Option("--format", "-f", help="text: a readable report; json: one JSON object.")
    ] = Format.text,
) -> None:
    """Read an annual report, extract its statements and schedules, and tie out every total.

    Exit code 0 when there is no error finding, 1 when there are error findings,
    2 when the file cannot be read.
    """
    from finop.api import check_file

    try:
        result = check_file(path)
    except FinopError as exc:
        _fail(str(exc))
        return
    if format is Format.json:
        from finop.render.json import to_json

        sys.stdout.write(to_json(result) + "\n")
    else:
        from finop.render.console import render

        render(result, Console(width=max(Console().width, 120)))
    raise typer.Exit(0 if result.ok else 1)


@app.command()
def version() -> None:
    """Print finop's version."""
    typer.echo(__version__)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        Console(stderr=True).print("finop: interrupted")
        sys.exit(130)


if __name__ == "__main__":
    main()
