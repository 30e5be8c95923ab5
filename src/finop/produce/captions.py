"""How the statements word each FOCUS line, and the equity section for each kind of entity (data: concepts.yaml)."""

from __future__ import annotations

from finop.model.concepts import concepts, equity_titles

LINE_CAPTIONS: dict[str, str] = {c.key: c.caption for c in concepts().values() if c.books and c.caption}
# entity type -> (the owners' word, the section title)
EQUITY_TITLES: dict[str, tuple[str, str]] = equity_titles()

RETAINED_WORDS = ("retained", "accumulated", "deficit", "earnings", "undistributed")


def caption_of(line: str, caption: str) -> str:
    """The account's caption as written in the books, else the standard one for its line."""
    return caption or LINE_CAPTIONS.get(line, line.replace("_", " ").capitalize())
