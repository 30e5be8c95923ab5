"""The canonical JSON text of finop's results (a public contract: see docs/json.md).

Every result knows its plain form (``to_dict()``: amounts as exact decimal strings, dates
as ISO text); this module is the one place that turns it into JSON text.
"""

from __future__ import annotations

import json
from typing import Any, Protocol


class HasDict(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


def to_json(result: HasDict) -> str:
    """A check result, a computation or a produced report as indented JSON (UTF-8, no float)."""
    return json.dumps(result.to_dict(), indent=2, ensure_ascii=False)
