"""What finop writes to a terminal: text from filings and paths shown as they are, never as markup or
terminal control.

A registrant's name, a caption or a path can hold ``[/]`` (rich markup), an escape sequence that retitles
or clears the terminal, or an OSC-8 hyperlink. Every console finop prints on takes no markup, no emoji
codes and no highlighting of its own, and every string from outside passes ``clean`` first, which drops
control characters (C0 but tab and newline, DEL, C1).
"""

from __future__ import annotations

import re

from rich.console import Console
from rich.text import Text

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: object) -> str:
    """``text`` without control characters (an ESC, a BEL, a carriage return, C1 codes)."""
    return _CONTROL.sub("", str(text))


def plain(text: object, style: str = "") -> Text:
    """Text from a filing or a path, shown as it is, in ``style``."""
    return Text(clean(text), style=style)


def console(*, stderr: bool = False, soft_wrap: bool = False, wide: int | None = None) -> Console:
    """A console that reads nothing it prints as markup. On a terminal it fits the terminal's width;
    written to a file or a pipe (no width of its own) it is ``wide`` columns (rich's 80 otherwise)."""
    made = Console(stderr=stderr, soft_wrap=soft_wrap, markup=False, emoji=False, highlight=False)
    if wide and not made.is_terminal:
        made = Console(stderr=stderr, soft_wrap=soft_wrap, markup=False, emoji=False, highlight=False, width=wide)
    return made


def error(message: object) -> Text:
    """``finop: message`` as an error line."""
    return Text.assemble(("finop:", "bold red"), " ", clean(message))
